"""The demo's workshops (cocreate/home/demo.py): a 30-person World Café with its rotation planned,
and an Open Space with its marketplace."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.demo import Cast
from cocreate.renewals.models import Renewal
from cocreate.workshops import planning as workshop_planning
from cocreate.workshops import services as workshop_services

GROUPS = ["service users", "family carers", "care workers", "NGOs", "municipal staff"]
SESSIONS = [
    "Waiting times after hospital",
    "Carers' working conditions",
    "Volunteers and neighbours",
    "One phone number",
]


def build(cast: Cast, renewal: Renewal) -> None:
    facilitator = cast.facilitator
    start = (timezone.localtime() + timedelta(days=10)).replace(hour=17, minute=0, second=0, microsecond=0)
    cafe = workshop_services.create_workshop(
        actor=facilitator,
        organisation=cast.municipality,
        renewal=renewal,
        title="Home care café",
        format="world_cafe",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Library hall",
        accessibility="Step-free access; hearing loop; a quiet room next door.",
        tables_count=6,
        table_size=6,
        capacity=36,  # 30 invited, and room for six who join by the link on the day
    )
    guests = [f"Guest {n + 1:02d}; {GROUPS[n % 5]}" + (f"; host {n + 1}" if n < 6 else "") for n in range(30)]
    workshop_services.add_people(actor=facilitator, workshop=cafe, text="\n".join(guests))
    workshop_planning.plan_rotation(actor=facilitator, workshop=cafe)
    space = workshop_services.create_workshop(
        actor=facilitator,
        organisation=cast.municipality,
        renewal=renewal,
        title="Open day on home care",
        format="open_space",
        starts_at=start + timedelta(days=7),
        ends_at=start + timedelta(days=7, hours=5),
        place="Town hall",
    )
    workshop_services.add_people(
        actor=facilitator,
        workshop=space,
        text="\n".join(f"Neighbour {n + 1:02d}; residents" for n in range(12)),
    )
    attendees = list(space.attendees.all())
    sessions = [
        workshop_services.propose_session(workshop=space, convener=attendees[n], title=title)
        for n, title in enumerate(SESSIONS)
    ]
    for n, attendee in enumerate(attendees):
        for session in sessions[n % 4 : n % 4 + 2]:
            workshop_services.add_interest(session=session, attendee=attendee)
