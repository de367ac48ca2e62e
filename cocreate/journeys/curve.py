"""The emotion curve: how each step of a journey felt, drawn for the eye and told in words.

The geometry is computed here rather than in the template so that the chart, its labels and its
text equivalent come from the same numbers. Every point carries its stage, its step and the feeling
in words (the nearest point of the scale participants answered on), so that the chart can be read
without colour, without hovering and without the table; the table says the same for everyone else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cocreate.journeys.forms import FEELINGS
from cocreate.journeys.selectors import StepSignals

LEFT = 90  # room for the scale's labels
STEP = 170  # horizontal room per step: enough for a two-line label under each point
ZERO = 130  # y of "neither good nor bad"
UNIT = 45  # pixels per point of the −2 … +2 scale
HEIGHT = 290


@dataclass(frozen=True)
class Point:
    x: int
    y: float | None  # None: no ratings yet (no dot, but the step is still labelled)
    signal: StepSignals
    feeling: str  # the mean in words, "Bad"; "" when nobody rated the step

    @property
    def label_y(self) -> float:
        return (self.y if self.y is not None else ZERO) - 14

    @property
    def mean_text(self) -> str:
        return _signed(self.signal.mean)


def feeling_in_words(mean: float | None) -> str:
    if mean is None:
        return ""
    nearest = max(-2, min(2, math.floor(mean + 0.5)))
    return str(dict(FEELINGS)[nearest])


def emotion_curve(signals: list[StepSignals]) -> dict[str, object]:
    points = [
        Point(
            x=LEFT + n * STEP,
            y=round(ZERO - s.mean * UNIT, 1) if s.mean is not None else None,
            signal=s,
            feeling=feeling_in_words(s.mean),
        )
        for n, s in enumerate(signals)
    ]
    rated = [p for p in points if p.y is not None]
    return {
        "width": max(320, LEFT + STEP * len(signals)),
        "height": HEIGHT,
        "zero": ZERO,
        "top": ZERO - 2 * UNIT,
        "bottom": ZERO + 2 * UNIT,
        "points": points,
        "path": " ".join(f"{p.x},{p.y}" for p in rated),
        "description": _describe(rated),
    }


def _describe(rated: list[Point]) -> str:
    """One sentence for the chart's <desc>: where the journey felt worst and best."""
    if not rated:
        return _("Nobody has rated a step yet.")
    worst = min(rated, key=lambda p: p.signal.mean or 0)
    best = max(rated, key=lambda p: p.signal.mean or 0)
    return _(
        "Lowest: “%(worst)s” (%(worst_feeling)s, %(worst_mean)s). Highest: “%(best)s” "
        "(%(best_feeling)s, %(best_mean)s). The table below gives every step."
    ) % {
        "worst": worst.signal.step.title,
        "worst_feeling": worst.feeling,
        "worst_mean": _signed(worst.signal.mean),
        "best": best.signal.step.title,
        "best_feeling": best.feeling,
        "best_mean": _signed(best.signal.mean),
    }


def _signed(value: float | None) -> str:
    """A mean as the reader's locale writes it, with its sign: "−1,3" in Slovenian."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return sign + number_format(abs(value), decimal_pos=1)
