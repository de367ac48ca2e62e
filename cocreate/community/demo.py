"""The demo's community (cocreate/home/demo.py), around the municipality: the shared method cards
and example practices (community/seed.py), three members, an ambassador, and a hackathon with a
waiting list."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.demo import Cast
from cocreate.community import seed as community_seed
from cocreate.community import services as community_services


def build(cast: Cast) -> str:
    """Returns what the shared catalogue loader says it loaded."""
    loaded = community_seed.load()
    community_services.join(user=cast.admin, role_title="Head of citizen services")
    community_services.join(
        user=cast.staff,
        role_title="Service designer",
        visibility="public",
        skills="Journey mapping, interviews",
        contactable=True,
    )
    community_services.join(
        user=cast.facilitator,
        role_title="Facilitator",
        visibility="public",
        skills="World Café, Open Space",
        contactable=True,
    )
    community_services.nominate_ambassador(actor=cast.admin, organisation=cast.municipality, user=cast.staff)
    start = (timezone.localtime() + timedelta(days=21)).replace(hour=13, minute=0, second=0, microsecond=0)
    event = community_services.create_event(
        actor=cast.staff,
        kind="hackathon",
        title="Hackathon: one phone number for care",
        description="An afternoon with service users, carers and developers.",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        location="Lipovec innovation lab",
        capacity=2,
        organisation=cast.municipality,
    )
    for member in (cast.staff, cast.facilitator, cast.admin):  # the third waits for a place
        community_services.register(user=member, event=event)
    return loaded
