import rules

from cocreate.accounts.rules import is_platform_admin

# Models are shared by every organisation: anyone signed in may read one (they answer it);
# only platform admins import new versions.
rules.add_perm("assessments.view_model", rules.is_authenticated)
rules.add_perm("assessments.import_model", is_platform_admin)
