"""Evidence of a renewal cycle: figures the platform counted, shown beside Co-Master's assessment.

Co-Master (quality) sits below the workshops and conversations and beside journeys and panels, so
it cannot ask them; each room that has something to say declares a `cycle_evidence.py` module with
a function `evidence(renewal, started_at, ended_at) -> list[EvidenceItem]` (work done in
[started_at, ended_at) belongs to the cycle), found by module name as `join.py` and
`renewal_status.py` are. This module is only the vocabulary, so that every room may use it.

Every figure is an exact count with its denominator (`value` of `total`), so a reader can see what
it was measured against; `public` says whether it may be shown on a public page (aggregates of
public things only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class EvidenceRow:
    """One line of an item's breakdown, e.g. a stakeholder group or a quota."""

    label: str | Promise
    figure: str | Promise
    met: bool | None = None  # within its target (a quota), when there is one


@dataclass(frozen=True)
class EvidenceItem:
    key: str  # stable across cycles ("journeys.answered"): the comparison's column
    label: str | Promise  # what was counted ("Citizen contributions answered")
    value: int | None  # the count, or None when there was nothing to count
    total: int | None  # its denominator (None: a plain count)
    text: str | Promise  # the sentence ("41 of 52 contributions answered, median 3 days")
    rows: tuple[EvidenceRow, ...] = field(default_factory=tuple)
    public: bool = False
    order: int = 50

    @property
    def figure(self) -> str:
        """The short figure for a table cell: "41 / 52", "17" or "—"."""
        if self.value is None:
            return "—"
        return f"{self.value} / {self.total}" if self.total is not None else str(self.value)
