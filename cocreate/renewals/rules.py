from typing import Any

import rules

from cocreate.accounts.rules import is_org_admin, is_org_member, is_org_staff, is_platform_admin
from cocreate.renewals.models import Renewal


@rules.predicate
def is_team_member(user: Any, renewal: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not isinstance(renewal, Renewal):
        return False  # deny by default: only a renewal has a team
    return bool(renewal.team.filter(pk=user.pk).exists())


@rules.predicate
def is_public_renewal(user: Any, renewal: Any) -> bool:
    return bool(renewal is not None and renewal.is_public)


rules.add_perm("renewals.view_renewal", is_org_member | is_platform_admin)
rules.add_perm("renewals.add_renewal", is_org_staff)  # obj: the organisation (or a service)
# Editing a renewal: the people on its team, and the organisation's admins. Other staff read it.
rules.add_perm("renewals.change_renewal", is_org_admin | (is_org_member & is_team_member))
rules.add_perm("renewals.view_public_renewal", is_public_renewal)
