"""Who may see and run commitments. Deny by default.

Each predicate takes (user, object) with the object's precise type: a Renewal (its board), or a
Commitment (which belongs to a renewal or to an alliance).
"""

from __future__ import annotations

import rules

from cocreate.accounts.models import User
from cocreate.accounts.rules import Person, is_platform_admin, member_in
from cocreate.alliances.models import Alliance
from cocreate.alliances.rules import runs_alliance
from cocreate.commitments.models import Commitment
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import runs_renewal


def owner_of(obj: Renewal | Commitment | None) -> Renewal | Alliance | None:
    if isinstance(obj, Commitment):
        return obj.owner
    return obj if isinstance(obj, Renewal) else None


def runs_the_owner(user: Person, obj: Renewal | Commitment | None) -> bool:
    """Runs the renewal (staff, or a member on its team) or the alliance (its secretariat)."""
    owner = owner_of(obj)
    if isinstance(owner, Renewal):
        return runs_renewal(user, owner)
    return owner is not None and runs_alliance(user, owner)


def sees_the_owner(user: Person, obj: Renewal | Commitment | None) -> bool:
    """A member of the renewal's organisation, or the alliance's secretariat."""
    owner = owner_of(obj)
    if isinstance(owner, Renewal):
        return member_in(user, owner)
    return owner is not None and runs_alliance(user, owner)


def answers_for(user: Person, commitment: Commitment | None) -> bool:
    """The person responsible for the commitment."""
    return (
        isinstance(user, User)
        and user.is_active
        and isinstance(commitment, Commitment)
        and commitment.responsible_id == user.pk
    )


manages = rules.predicate(runs_the_owner)
sees = rules.predicate(sees_the_owner)
is_responsible = rules.predicate(answers_for)

# obj: Renewal (its board), or a Commitment.
rules.add_perm("commitments.view_board", sees | is_platform_admin)
rules.add_perm("commitments.manage", manages)
# obj: Commitment.
rules.add_perm("commitments.view_commitment", sees | is_responsible | is_platform_admin)
rules.add_perm("commitments.update_commitment", manages | is_responsible)
