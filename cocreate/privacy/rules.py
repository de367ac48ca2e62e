"""Who may manage an organisation's privacy notice, its records and requests by post."""

import rules

from cocreate.accounts.rules import is_org_admin, is_platform_admin

rules.add_perm("privacy.manage_notice", is_org_admin | is_platform_admin)
rules.add_perm("privacy.view_processing", is_org_admin | is_platform_admin)
rules.add_perm("privacy.handle_requests", is_org_admin | is_platform_admin)
