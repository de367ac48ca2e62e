"""The demo's Co-Master (cocreate/home/demo.py), of the renewal's first cycle: two organisers and
six participants answered, and they see the co-creation differently (the point of asking both)."""

from __future__ import annotations

import random

from cocreate.accounts.demo import Cast, guest
from cocreate.assessments.demo import plausible_answers
from cocreate.quality import services as quality_services
from cocreate.renewals.models import Renewal


def build(cast: Cast, renewal: Renewal) -> None:
    rng = random.Random(7)
    assessment = quality_services.open_assessment(actor=cast.admin, renewal=renewal)
    for organiser, maturity in ((cast.admin, 0.85), (cast.facilitator, 0.75)):
        quality_services.answer_as_organiser(
            assessment=assessment,
            user=organiser,
            answers=plausible_answers(assessment.organisers, rng, maturity),
            submit=True,
        )
    for _n in range(6):
        quality_services.answer_as_participant(
            assessment=assessment,
            participant=guest(),
            answers=plausible_answers(assessment.participants, rng, 0.45),
            submit=True,
        )
