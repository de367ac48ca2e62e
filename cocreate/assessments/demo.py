"""Plausible questionnaire answers for the demo (cocreate/home/demo.py), for the rooms that fill
in Co-Ready and Co-Master."""

from __future__ import annotations

import random

from cocreate.assessments.models import Collection


def plausible_answers(collection: Collection, rng: random.Random, maturity: float) -> dict[str, str]:
    """Each question leans towards its best answer as maturity grows; a few don't-knows."""
    answers = {}
    for question in collection.questions():
        values = [o["value"] for o in question.options]
        if rng.random() < 0.05:
            answers[question.attribute] = "*"
            continue
        position = min(len(values) - 1, max(0, round(rng.gauss(maturity * (len(values) - 1), 0.7))))
        answers[question.attribute] = values[position]
    return answers
