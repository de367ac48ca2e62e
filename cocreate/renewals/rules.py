"""Who may see and run a renewal. Deny by default.

Each check is a typed function of (user, renewal); the django-rules predicate of the same meaning
wraps it for `rules.add_perm`. An object that is not a Renewal never passes: other apps find the
renewal their object belongs to first (journeys, quality, commitments …).
"""

from __future__ import annotations

import rules

from cocreate.accounts.models import User
from cocreate.accounts.rules import (
    Person,
    is_org_admin,
    is_org_member,
    is_org_staff,
    is_platform_admin,
    member_in,
    staff_in,
)
from cocreate.renewals import selectors
from cocreate.renewals.models import Renewal


def on_team(user: Person, renewal: Renewal | None) -> bool:
    """Only a renewal has a team."""
    return (
        isinstance(user, User)
        and user.is_active
        and isinstance(renewal, Renewal)
        and selectors.is_on_team(user, renewal)
    )


def runs_renewal(user: Person, renewal: Renewal | None) -> bool:
    """Staff of the renewal's organisation, or a member on its team: who runs its tools (maps,
    conversations, quality assessments), its commitments and its process log."""
    return isinstance(renewal, Renewal) and (
        staff_in(user, renewal) or (member_in(user, renewal) and on_team(user, renewal))
    )


def is_public(user: Person, renewal: Renewal | None) -> bool:
    return isinstance(renewal, Renewal) and renewal.is_public


is_team_member = rules.predicate(on_team)
is_public_renewal = rules.predicate(is_public)

rules.add_perm("renewals.view_renewal", is_org_member | is_platform_admin)
rules.add_perm("renewals.add_renewal", is_org_staff)  # obj: the organisation (or a service)
# Editing a renewal: the people on its team, and the organisation's admins. Other staff read it.
rules.add_perm("renewals.change_renewal", is_org_admin | (is_org_member & is_team_member))
rules.add_perm("renewals.view_public_renewal", is_public_renewal)
