"""Who may do what in an alliance. Deny by default.

Each predicate takes (user, object) with the object's precise type and asks the model or the
selectors; an object of another type (or none) never passes.
"""

from __future__ import annotations

import rules

from cocreate.accounts.models import User
from cocreate.accounts.rules import Person, is_platform_admin
from cocreate.alliances import selectors
from cocreate.alliances.models import Alliance, AllianceMember, Decision, Meeting, Pledge

# What hangs off an alliance and knows which one it belongs to.
AllianceObject = Alliance | Pledge | AllianceMember | Meeting | Decision


def alliance_of(obj: AllianceObject) -> Alliance | None:
    """The alliance; None for a renewal's meeting (and its decisions)."""
    if isinstance(obj, Alliance):
        return obj
    if isinstance(obj, Decision):
        return obj.meeting.alliance
    return obj.alliance


def runs_alliance(user: Person, obj: AllianceObject | None) -> bool:
    """In the alliance's secretariat."""
    if not (isinstance(user, User) and user.is_active and isinstance(obj, AllianceObject)):
        return False
    alliance = alliance_of(obj)
    return alliance is not None and alliance.is_run_by(user)


def admins_the_organisation(user: Person, obj: Pledge | AllianceMember | None) -> bool:
    """Admin of the organisation that made the pledge or holds the membership."""
    if not isinstance(obj, Pledge | AllianceMember):
        return False
    return selectors.organisations_user_admins(user).filter(pk=obj.organisation_id).exists()


def staffs_the_organisation(user: Person, obj: Pledge | None) -> bool:
    """Admin or staff of the organisation that made the pledge."""
    return (
        isinstance(obj, Pledge)
        and selectors.organisations_user_staffs(user).filter(pk=obj.organisation_id).exists()
    )


def admins_a_member(user: Person, alliance: Alliance | None) -> bool:
    """Admin of one of the alliance's current members: may sign for it."""
    return isinstance(alliance, Alliance) and selectors.members_user_admins(user, alliance).exists()


def staffs_a_member(user: Person, alliance: Alliance | None) -> bool:
    """Admin or staff of one of the alliance's current members: may pledge for it."""
    return isinstance(alliance, Alliance) and selectors.members_user_staffs(user, alliance).exists()


def admins_any_organisation(user: Person) -> bool:
    return selectors.organisations_user_admins(user).exists()


def in_the_working_group(user: Person, obj: Meeting | Decision | None) -> bool:
    """Admin or staff of an organisation in the working group whose meeting it is."""
    meeting = obj.meeting if isinstance(obj, Decision) else obj
    if not isinstance(meeting, Meeting) or meeting.working_group_id is None or meeting.alliance_id is None:
        return False
    assert meeting.working_group is not None
    return (
        selectors.organisations_user_staffs(user)
        .filter(pk__in=meeting.working_group.members.values_list("pk", flat=True))
        .exists()
    )


is_secretariat = rules.predicate(runs_alliance)
admin_of_the_organisation = rules.predicate(admins_the_organisation)
staff_of_the_organisation = rules.predicate(staffs_the_organisation)
admin_of_a_member = rules.predicate(admins_a_member)
staff_of_a_member = rules.predicate(staffs_a_member)
admin_of_any_organisation = rules.predicate(admins_any_organisation)
working_group_member = rules.predicate(in_the_working_group)

# obj: none.
rules.add_perm("alliances.add_alliance", admin_of_any_organisation | is_platform_admin)
# obj: Alliance.
rules.add_perm("alliances.manage_alliance", is_secretariat)
rules.add_perm("alliances.apply_to_alliance", admin_of_any_organisation)
rules.add_perm("alliances.act_for_member", admin_of_a_member)  # sign the declaration
rules.add_perm("alliances.pledge", staff_of_a_member)
# obj: Pledge — only the member's staff or the secretariat.
rules.add_perm("alliances.edit_pledge", staff_of_the_organisation | is_secretariat)
# obj: AllianceMember — the secretariat decides on applications; the member's admins may leave.
rules.add_perm("alliances.decide_application", is_secretariat)
rules.add_perm("alliances.leave_alliance", admin_of_the_organisation)
# obj: Meeting or Decision of an alliance — agenda, minutes, decisions, a decision → a commitment.
rules.add_perm("alliances.run_meeting", is_secretariat | working_group_member)
