"""The demo's conversation (cocreate/home/demo.py): public, with 45 guests' votes in three camps,
so opinion groups show at once."""

from __future__ import annotations

import random

from cocreate.accounts.demo import Cast, guest
from cocreate.conversations import compute as conversation_compute
from cocreate.conversations import services as conversation_services
from cocreate.renewals.models import Renewal

STATEMENTS = [
    "Care should start on the day a person leaves hospital.",
    "Families should be able to see the care plan online.",
    "One contact person is better than a call centre.",
    "Home care should be free for people on a low pension.",
    "Private providers should deliver more of the care.",
    "The municipality should run home care itself.",
    "Carers need more time per visit, even if fewer people get visits.",
    "Volunteers could help with shopping and company.",
    "Waiting times should be published every month.",
    "Care workers should be paid more.",
]

CAMPS = [  # how each camp leans on each statement: agree 1, disagree -1, pass 0
    [1, 1, 1, 1, -1, 1, 1, 0, 1, 1],  # public provision, more time
    [1, 1, 1, -1, 1, -1, -1, 1, 1, 0],  # private providers, efficiency
    [1, 1, 0, 1, 0, 1, 1, 1, 1, 1],  # families and volunteers
]


def build(cast: Cast, renewal: Renewal) -> None:
    conversation = conversation_services.create_conversation(
        actor=cast.staff,
        renewal=renewal,
        topic="What matters most in home care?",
        description="Vote on each statement: agree, disagree or pass. Add what is missing.",
        is_public=True,
        seed_statements=STATEMENTS,
    )
    rng = random.Random(11)
    seeded = list(conversation.statements.order_by("number"))
    for n in range(45):
        participant = guest()
        for statement, lean in zip(seeded, CAMPS[n % 3], strict=True):
            if rng.random() < 0.15:
                continue  # not everyone votes on everything
            value = lean if rng.random() < 0.85 else rng.choice([-1, 0, 1])
            conversation_services.vote(statement=statement, participant=participant, value=value)
    conversation_compute.compute(conversation)
