"""Personal data of workshops (see cocreate/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal


def anonymise_attendees(rows: QuerySet[Any], context: Any) -> None:
    """Seat plans of rounds already held must not change: the attendee stays, without a name."""
    rows.update(participant=None, name=gettext("A participant"), group="")


HOLDINGS = [
    Holding(
        model="workshops.Attendee",
        label=_("Workshops you joined"),
        purpose=_("Running workshops: tables, rounds, sessions"),
        subject="participant",
        fields=("workshop", "name", "group", "host_table", "present", "created_at"),
        erase=Erase.CUSTOM,
        eraser=anonymise_attendees,
        retention=_("As long as the workshop's results are kept; the name goes on erasure"),
        legal_basis=_("Public task"),
    ),
    Holding(
        model="workshops.Seat",
        label=_("Your tables in each round"),
        purpose=_("Running workshops"),
        subject="attendee__participant",
        fields=("workshop", "round_number", "table"),
        erase=Erase.KEEP,
    ),
    Holding(
        model="workshops.Interest",
        label=_("Open Space sessions you marked"),
        purpose=_("Scheduling Open Space sessions"),
        subject="attendee__participant",
        fields=("session",),
        erase=Erase.KEEP,
    ),
    Holding(
        model="workshops.Session",
        label=_("Open Space sessions you convened"),
        purpose=_("Scheduling Open Space sessions"),
        subject="convener__participant",
        fields=("title", "description", "report"),
        erase=Erase.KEEP,
    ),
]
NOT_PERSONAL = [
    NotPersonal("workshops.Room", ("name",), "a room's name"),
    NotPersonal(
        "workshops.HarvestNote",
        ("photo",),
        "a photo of a table's notes, linked to no person; the facilitator removes one on request",
    ),
]
