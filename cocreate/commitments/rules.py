"""Who may do what with commitments, alliances and the process log. Deny by default.

Objects: a Renewal, an Alliance, or anything hanging off one of them (Commitment, LogEntry,
PublicComment, Pledge, AllianceMember). `owner_of` finds which.
"""

from __future__ import annotations

from typing import Any

import rules

from cocreate.accounts.models import Membership, Role
from cocreate.accounts.rules import is_org_member, is_org_staff, is_platform_admin
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import is_team_member


def owner_of(obj: Any) -> Any:
    """The Renewal or Alliance an object belongs to (None when there is none)."""
    from cocreate.commitments.models import Alliance

    if obj is None or isinstance(obj, Renewal | Alliance):
        return obj
    for attr in ("entry", "pledge", "commitment"):
        if hasattr(obj, attr + "_id"):
            return owner_of(getattr(obj, attr))
    return getattr(obj, "renewal", None) or getattr(obj, "alliance", None)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def is_secretariat(user: Any, obj: Any) -> bool:
    from cocreate.commitments.models import Alliance

    alliance = owner_of(obj)
    return bool(
        _active(user) and isinstance(alliance, Alliance) and alliance.secretariat.filter(pk=user.pk).exists()
    )


@rules.predicate
def runs_renewal(user: Any, obj: Any) -> bool:
    """Staff of the renewal's organisation, or a member on its team."""
    renewal = owner_of(obj)
    if not isinstance(renewal, Renewal):
        return False
    return bool(
        is_org_staff(user, renewal) or (is_org_member(user, renewal) and is_team_member(user, renewal))
    )


@rules.predicate
def sees_renewal(user: Any, obj: Any) -> bool:
    renewal = owner_of(obj)
    return isinstance(renewal, Renewal) and bool(is_org_member(user, renewal))


@rules.predicate
def is_responsible(user: Any, commitment: Any) -> bool:
    return bool(_active(user) and getattr(commitment, "responsible_id", None) == user.pk)


@rules.predicate
def admin_of_the_organisation(user: Any, obj: Any) -> bool:
    """Admin of the object's organisation (a Pledge, an AllianceMember or an Organisation)."""
    organisation = getattr(obj, "organisation", obj)
    return bool(
        _active(user)
        and Membership.objects.filter(user=user, organisation=organisation, role=Role.ADMIN).exists()
    )


@rules.predicate
def admin_of_a_member(user: Any, alliance: Any) -> bool:
    from cocreate.commitments.models import AllianceMember

    return bool(
        _active(user)
        and AllianceMember.objects.filter(
            alliance=owner_of(alliance),
            status=AllianceMember.Status.MEMBER,
            organisation__memberships__user=user,
            organisation__memberships__role=Role.ADMIN,
        ).exists()
    )


@rules.predicate
def admin_of_any_organisation(user: Any) -> bool:
    return bool(_active(user) and user.memberships.filter(role=Role.ADMIN).exists())


manages = runs_renewal | is_secretariat

# obj: Renewal or Alliance, or an object of theirs.
rules.add_perm("commitments.view_board", sees_renewal | is_secretariat | is_platform_admin)
rules.add_perm("commitments.manage", manages)
# obj: Commitment.
rules.add_perm(
    "commitments.view_commitment", sees_renewal | is_secretariat | is_responsible | is_platform_admin
)
rules.add_perm("commitments.update_commitment", manages | is_responsible)
# obj: PublicComment (or its LogEntry).
rules.add_perm("commitments.answer_comment", manages)
# obj: Alliance.
rules.add_perm("commitments.add_alliance", admin_of_any_organisation | is_platform_admin)
rules.add_perm("commitments.manage_alliance", is_secretariat)
rules.add_perm("commitments.apply_to_alliance", admin_of_any_organisation)
rules.add_perm("commitments.act_for_member", admin_of_a_member)
# obj: Pledge — only the member's admins or the secretariat.
rules.add_perm("commitments.edit_pledge", admin_of_the_organisation | is_secretariat)
# obj: AllianceMember — the secretariat decides on applications; the member's admins may leave.
rules.add_perm("commitments.decide_application", is_secretariat)
rules.add_perm("commitments.leave_alliance", admin_of_the_organisation)
