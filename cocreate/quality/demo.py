"""The demo's Co-Master (cocreate/home/demo.py), told last: the renewal's first cycle is assessed —
two organisers and six participants answered, and they see the co-creation differently (the point
of asking both) —, its improvements become the plan, the cycle is closed and cycle 2 started, and
cycle 2's Co-Master is open with its first answers, so the results compare two cycles."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.demo import Cast, guest
from cocreate.assessments.demo import plausible_answers
from cocreate.quality import selectors
from cocreate.quality import services as quality_services
from cocreate.quality.models import QualityAssessment
from cocreate.renewals.models import Renewal

IMPROVEMENTS = 2  # the weakest areas get an improvement each


def _answers(assessment: QualityAssessment, rng: random.Random, cast: Cast, guests: int, lean: float) -> None:
    for organiser, maturity in ((cast.admin, 0.85), (cast.facilitator, 0.75)):
        quality_services.answer_as_organiser(
            assessment=assessment,
            user=organiser,
            answers=plausible_answers(assessment.organisers, rng, maturity),
            submit=True,
        )
    for _n in range(guests):
        quality_services.answer_as_participant(
            assessment=assessment,
            participant=guest(),
            answers=plausible_answers(assessment.participants, rng, lean),
            submit=True,
        )


def build(cast: Cast, renewal: Renewal) -> None:
    rng = random.Random(7)
    first = quality_services.open_assessment(actor=cast.admin, renewal=renewal)
    _answers(first, rng, cast, guests=6, lean=0.45)
    quality_services.close_assessment(actor=cast.admin, assessment=first)
    areas = selectors.improvement_areas(selectors.two_views(first))[:IMPROVEMENTS]
    for i, area in enumerate(areas):
        quality_services.add_action(
            actor=cast.admin,
            assessment=first,
            attribute=area.attribute,
            title=area.ideas[0][0] if area.ideas else area.name,
            owner=cast.colleagues[i % len(cast.colleagues)],
            deadline=timezone.localdate() + timedelta(days=60 + 30 * i),
        )
    quality_services.publish(
        actor=cast.admin,
        assessment=first,
        summary="Participants found the workshops worth their time, but many did not hear back about "
        "their ideas soon enough. In the next cycle we answer every contribution within two weeks.",
    )
    quality_services.close_cycle(
        actor=cast.admin, assessment=first, note="The first cycle mapped the journey and drew the panel."
    )
    renewal = quality_services.start_next_cycle(actor=cast.admin, assessment=first)
    second = quality_services.open_assessment(actor=cast.admin, renewal=renewal)
    _answers(second, rng, cast, guests=3, lean=0.6)  # left open: cycle 2 is under way
