from typing import Any

import rules

from cocreate.accounts.rules import is_org_staff, is_platform_admin


@rules.predicate
def report_is_public(user: Any, panel: Any) -> bool:
    return bool(panel is not None and getattr(panel, "is_public", False))


# Demographics are seen by the panel's organisers only: the organisation's admins and staff.
# Platform admins hold every permission (Django superusers) but the pages never list names to them
# unless they are organisers too — see selectors.pool_rows.
rules.add_perm("panels.manage", is_org_staff)
rules.add_perm("panels.view_report", is_org_staff | is_platform_admin | report_is_public)
