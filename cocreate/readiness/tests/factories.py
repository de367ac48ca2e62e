"""Helpers to run readiness rounds in tests (through the services, as the app does)."""

from __future__ import annotations

from typing import Any

from cocreate.readiness import services
from cocreate.readiness.models import Round


def answers_all(round_: Round, value_index: int) -> dict[str, str]:
    """The same position on every question's scale (0 = worst)."""
    out = {}
    for q in round_.collection.version.questions.all():
        values = [o["value"] for o in q.options]
        out[q.attribute] = values[min(value_index, len(values) - 1)]
    return out


def closed_round(organisation: Any, people: list[Any], value_index: int = 1, title: str = "Round") -> Round:
    round_ = services.open_round(actor=people[0], organisation=organisation, title=title)
    for person in people:
        services.save_answers(
            round_=round_, user=person, answers=answers_all(round_, value_index), submit=True
        )
    services.close_round(actor=people[0], round_=round_)
    return round_
