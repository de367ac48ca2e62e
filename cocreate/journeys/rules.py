from typing import Any

import rules

from cocreate.accounts.rules import is_org_member, is_org_staff, is_platform_admin
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import is_team_member


def _renewal(obj: Any) -> Renewal | None:
    """The renewal an object belongs to: a renewal, map, persona, stage, step or contribution."""
    for _hop in range(5):
        if obj is None or isinstance(obj, Renewal):
            return obj
        obj = next(
            (getattr(obj, a) for a in ("renewal", "journey", "stage", "step") if hasattr(obj, a)), None
        )
    return None


@rules.predicate
def edits_journeys(user: Any, obj: Any) -> bool:
    """Staff of the organisation, or any member (facilitators) on the renewal's team."""
    renewal = _renewal(obj)
    return bool(
        is_org_staff(user, renewal) or (is_org_member(user, renewal) and is_team_member(user, renewal))
    )


rules.add_perm("journeys.view", is_org_member | is_platform_admin)
rules.add_perm("journeys.edit", edits_journeys)
rules.add_perm("journeys.answer", edits_journeys)
