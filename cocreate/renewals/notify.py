"""Who is told of what citizens did in a renewal (the rooms' `notify.py` rules use it; see
notifications/staff.py). Renewals itself declares no rule."""

from __future__ import annotations

from cocreate.accounts.models import Organisation, User
from cocreate.notifications.staff import members_of, once_per_batch, organisation_staff
from cocreate.renewals.models import Renewal


def team_to_tell(renewal: Renewal) -> list[User]:
    """The renewal's team (those still members of its organisation); a renewal without a team: the
    organisation's admins and staff. Never anyone of another organisation. (Read once for all the
    events of the renewal told together: the worker asks for each of them.)"""

    def read() -> list[User]:
        team = list(members_of(renewal.organisation, renewal.team.all()))
        return team or list(organisation_staff(renewal.organisation))

    return once_per_batch(("team of renewal", renewal.pk), read)


def people_to_tell(organisation: Organisation, renewal: Renewal | None) -> list[User]:
    """For what belongs to an organisation and perhaps to one of its renewals (a panel, a workshop)."""
    if renewal is not None and renewal.organisation_id == organisation.pk:
        return team_to_tell(renewal)
    return list(organisation_staff(organisation))
