"""The demo renewal's commitments (`manage.py seed_accountability`, called by `seed_demo`): three
published, one of them late on purpose, and a draft. Built through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
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
