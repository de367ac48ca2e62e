"""Who may run a panel and read its transparency report. Deny by default."""

from __future__ import annotations

import rules

from cocreate.accounts.rules import Person, is_org_staff, is_platform_admin
from cocreate.panels.models import Panel


def public_report(user: Person, panel: Panel | None) -> bool:
    return isinstance(panel, Panel) and panel.is_public


report_is_public = rules.predicate(public_report)

# Demographics are seen by the panel's organisers only: the organisation's admins and staff.
# Platform admins hold every permission (Django superusers) but the pages never list names to them
# unless they are organisers too — see selectors.pool_rows.
rules.add_perm("panels.manage", is_org_staff)
rules.add_perm("panels.view_report", is_org_staff | is_platform_admin | report_is_public)
