"""The demo renewal's commitments (`manage.py seed_accountability`, called by `seed_demo`): three
published, one of them late on purpose, and a draft. Built through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.alliances.models import Alliance
from cocreate.alliances.selectors import decisions_of, meetings_of
from cocreate.commitments import services
from cocreate.renewals.models import Renewal

COMMITMENTS = [
    # (title, days from today to the deadline, published)
    ("Send an SMS at every step of the application", 60, True),
    ("Rewrite the decision letter in plain language", -14, True),  # late on purpose
    ("Train front-desk staff in the new process", 120, True),
    ("Evaluate the pilot with the users' panel", 200, False),
]


def build(renewal: Renewal, actor: User, people: list[User]) -> None:
    """`people` (members of the renewal's organisation) take turns being responsible."""
    today = timezone.localdate()
    for i, (title, days, publish) in enumerate(COMMITMENTS):
        services.add_commitment(
            actor=actor,
            owner=renewal,
            title=title,
            organisation=renewal.organisation,
            deadline=today + timedelta(days=days),
            responsible=people[i % len(people)],
            why="Asked for in the workshops.",
            publish=publish,
        )


def build_alliance(alliance: Alliance, actor: User) -> None:
    """The demo alliance's first decision becomes a commitment of the alliance, as the secretariat
    does it from the meeting's page (one commitment per decision)."""
    meeting = next((m for m in meetings_of(alliance) if m.has_started and m.decisions.exists()), None)
    if meeting is None:
        return
    decision = decisions_of(meeting).first()
    organisation = alliance.active_members().first()
    if decision is None or organisation is None:
        return
    services.add_commitment(
        actor=actor,
        owner=alliance,
        title=decision.title,
        organisation=organisation.organisation,
        deadline=timezone.localdate() + timedelta(days=120),
        why=f"Decision {decision.number} of the meeting “{meeting.title}”.",
        source=decision,
        publish=True,
    )
