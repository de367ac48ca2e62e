import rules

from cocreate.accounts.rules import is_org_member, is_platform_admin

# Facilitators run workshops: every member of the organisation may; obj is the Workshop (or the
# organisation for "add").
rules.add_perm("workshops.view", is_org_member | is_platform_admin)
rules.add_perm("workshops.manage", is_org_member)
