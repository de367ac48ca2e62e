"""A renewal's cycles: which work belongs to which, and where each stands — derived, never typed.

A cycle runs Co-Ready (the organisation's readiness) → Co-Serve (the service is chosen) → Co-Renew
(journeys, conversations, workshops, panels) → Commit (published commitments) → Co-Master (the
quality assessment), and is then closed with the improvements it carries into the next cycle.

What is recorded are a cycle's boundaries (the `Cycle` rows: started, closed) and its plans. What
is derived here:
- membership: work belongs to the cycle that had started last when the work was created —
  cycle N holds [N.started_at, N+1.started_at), cycle 1 also everything before it (what led to the
  renewal), the current cycle everything since it started (`cycle_of`, `CycleSpan.holds`);
- the status: the furthest step the current cycle's data shows (`status_of`); a closed current
  cycle is "closed — next cycle not started"; a closed renewal is closed.

Renewals cannot import the apps built on it, so each of those apps tells about its own data in a
`renewal_status.py` module of its own, found by module name as `join.py` and `activity.py` are:
- `phase(cycle: CycleSpan) -> Status | None` — what its data shows for the current cycle;
- optionally `timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]` — its work in the
  cycle, dated and linked; with `public=True` only what its public pages show.
See docs/decisions/0016-renewal-status-derived.md and 0017-cycles.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocreate.core.hooks import hook_modules


class Status(models.TextChoices):
    """Where the current cycle stands, in the order of the cycle (`Renewal.Status` is this)."""

    PREPARING = "preparing", _("Preparing")
    CHOSEN = "chosen", _("Chosen")
    RENEWING = "renewing", _("Renewing")
    COMMITTING = "committing", _("Committing")
    ASSESSING = "assessing", _("Assessing")
    CYCLE_CLOSED = "cycle_closed", _("Cycle closed — next cycle not started")
    CLOSED = "closed", _("Closed")


class Stage(models.TextChoices):
    """The stages of a cycle, in order: the rows of its timeline."""

    READY = "ready", _("Co-Ready")
    SERVE = "serve", _("Co-Serve")
    RENEW = "renew", _("Co-Renew")
    COMMIT = "commit", _("Commit")
    MASTER = "master", _("Co-Master")


STAGES: list[Stage] = list(Stage)
# Co-Ready is the organisation's own business: the public timeline has no row for it.
PUBLIC_STAGES: list[Stage] = [s for s in Stage if s != Stage.READY]

ORDER: list[Status] = [
    Status.PREPARING,
    Status.CHOSEN,
    Status.RENEWING,
    Status.COMMITTING,
    Status.ASSESSING,
]


def status_label(status: Status, number: int) -> str:
    """The status in words; a closed cycle names its number."""
    if status == Status.CYCLE_CLOSED:
        return gettext("Cycle %(n)s closed — next cycle not started") % {"n": number}
    return str(status.label)


class CycleRecord(Protocol):
    """What is recorded of one cycle (the `Cycle` model)."""

    number: int
    started_at: datetime
    closed_at: datetime | None


class RenewalInCycles(Protocol):
    """What the cycle needs of a renewal. A protocol, not the model: the model asks this module
    for its status, so this module must not import the model (no circle between the files)."""

    pk: UUID
    organisation_id: UUID
    cycle_number: int
    coserve_assessment_id: UUID | None

    @property
    def is_closed(self) -> bool: ...

    @property
    def is_public(self) -> bool: ...

    def cycle_records(self) -> Sequence[CycleRecord]: ...


@dataclass(frozen=True)
class CycleSpan:
    """One cycle as the rooms see it: its number, its recorded boundaries and the time it holds.

    `until` is the next cycle's start (None for the current cycle). Work created at or after
    `started_at` and before `until` belongs to it; the first cycle also holds what came before.
    """

    renewal: RenewalInCycles
    number: int
    started_at: datetime
    closed_at: datetime | None = None
    until: datetime | None = None

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def is_current(self) -> bool:
        return self.until is None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def since(self) -> datetime | None:
        """The lower bound of membership: none for the first cycle."""
        return None if self.is_first else self.started_at

    def holds(self, date_field: str = "created_at") -> Q:
        """A filter for the rows of a model whose `date_field` falls in this cycle. Never an empty
        Q (which would vanish from `holds() | other` instead of meaning "everything")."""
        q = Q(**{f"{date_field}__isnull": False})
        if self.since is not None:
            q &= Q(**{f"{date_field}__gte": self.since})
        if self.until is not None:
            q &= Q(**{f"{date_field}__lt": self.until})
        return q

    def contains(self, when: datetime) -> bool:
        return (self.since is None or when >= self.since) and (self.until is None or when < self.until)


# The name the hooks have used since issue 15; a `CycleSpan` is what they are given.
Cycle = CycleSpan


@dataclass(frozen=True)
class TimelineEntry:
    """One piece of work in a cycle's timeline: when, in which stage, what, where to read it, and
    — for a group of items ("12 statements") — how many."""

    date: datetime
    stage: Stage
    label: str
    url: str = ""
    count: int | None = None


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    entries: list[TimelineEntry] = field(default_factory=list)


def spans(renewal: RenewalInCycles) -> list[CycleSpan]:
    """Every cycle of the renewal, first to current, with the time each holds."""
    records = sorted(renewal.cycle_records(), key=lambda r: r.number)
    return [
        CycleSpan(
            renewal=renewal,
            number=r.number,
            started_at=r.started_at,
            closed_at=r.closed_at,
            until=records[i + 1].started_at if i + 1 < len(records) else None,
        )
        for i, r in enumerate(records)
    ]


def current_span(renewal: RenewalInCycles) -> CycleSpan:
    found = [s for s in spans(renewal) if s.number == renewal.cycle_number]
    if not found:  # pragma: no cover — a renewal is saved with its first cycle (models.Renewal.save)
        raise LookupError(f"renewal {renewal.pk} has no cycle {renewal.cycle_number}")
    return found[0]


def cycle_of(renewal: RenewalInCycles, when: datetime) -> int:
    """The number of the cycle that work created at `when` belongs to."""
    for span in spans(renewal):
        if span.contains(when):
            return span.number
    return 1  # pragma: no cover — the spans cover all time


# Discovery of the rooms' `renewal_status` modules -------------------------------------------------

Phase = Callable[[CycleSpan], "Status | None"]
Timeline = Callable[[CycleSpan, bool], list[TimelineEntry]]


def phases() -> list[Phase]:
    """The `phase` function of every installed app's `renewal_status` module."""
    return [m.phase for m in hook_modules("renewal_status") if hasattr(m, "phase")]


def timelines() -> list[Timeline]:
    """The optional `timeline` function of every installed app's `renewal_status` module."""
    return [m.timeline for m in hook_modules("renewal_status") if hasattr(m, "timeline")]


# Derivations --------------------------------------------------------------------------------------


def status_of(renewal: RenewalInCycles) -> Status:
    if renewal.is_closed:
        return Status.CLOSED
    cycle = current_span(renewal)
    if cycle.is_closed:
        return Status.CYCLE_CLOSED
    shown: list[Status] = [Status.CHOSEN] if renewal.coserve_assessment_id else []
    shown += [found for found in (phase(cycle) for phase in phases()) if found is not None]
    return max(shown, key=ORDER.index, default=Status.PREPARING)


def stage_of(renewal: RenewalInCycles, cycle: CycleSpan) -> Status:
    """Where a cycle stands: the renewal's status for the current one; an earlier one is closed
    (starting the next cycle closes the one before)."""
    if cycle.is_current:
        return status_of(renewal)
    return Status.CLOSED


def timeline_of(cycle: CycleSpan, *, public: bool) -> list[StageRow]:
    """The work of one cycle by stage, each stage's entries by date (every stage, even empty).
    A private renewal has no public timeline."""
    stages = PUBLIC_STAGES if public else STAGES
    entries: list[TimelineEntry] = []
    if public and not cycle.renewal.is_public:
        return [StageRow(stage=s) for s in stages]
    for timeline in timelines():
        entries += timeline(cycle, public)
    entries.sort(key=lambda e: (e.date, e.label))
    return [StageRow(stage=s, entries=[e for e in entries if e.stage == s]) for s in stages]
