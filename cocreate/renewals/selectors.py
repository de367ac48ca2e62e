from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.core import by_key
from cocreate.core.audit import entries_for
from cocreate.core.models import AuditEntry
from cocreate.renewals.cycle import (
    Stage,
    StageRow,
    Status,
    TimelineEntry,
    spans,
    stage_of,
    status_label,
    timeline_of,
)
from cocreate.renewals.models import Cycle, Renewal


def renewals_visible_to(user: User) -> QuerySet[Renewal]:
    return (
        Renewal.objects.filter(organisation__in=organisations_for(user))
        .select_related(
            "service",
            "organisation",
            "coserve_assessment__service",
            "coserve_assessment__collection__version",
        )
        .prefetch_related("cycles")
    )


def renewals_of(user: User, organisation: Organisation) -> QuerySet[Renewal]:
    return renewals_visible_to(user).filter(organisation=organisation)


def get_renewal_for(user: User, renewal_id: UUID) -> Renewal:
    return get_object_or_404(renewals_visible_to(user), pk=renewal_id)


def is_on_team(user: User, renewal: Renewal) -> bool:
    return renewal.team.filter(pk=user.pk).exists()


def public_renewals() -> QuerySet[Renewal]:
    return (
        Renewal.objects.filter(visibility=Renewal.Visibility.PUBLIC)
        .select_related(
            "service",
            "organisation",
            "coserve_assessment__service",
            "coserve_assessment__collection__version",
        )
        .prefetch_related("cycles")
    )


def is_public_renewal(renewal_id: UUID) -> bool:
    """Asked on every visit of a public renewal page, before its shared copy is given out: one
    narrow fixed statement (core/by_key.py), where building the ORM's `exists()` cost half the
    visit. The same rule as `public_renewals`."""
    return by_key.column(Renewal, "visibility", id=renewal_id) == [Renewal.Visibility.PUBLIC]


def get_public_renewal(renewal_id: UUID) -> Renewal:
    return get_object_or_404(public_renewals(), pk=renewal_id)


def activity_of(renewal: Renewal, *, public_only: bool = False, limit: int = 50) -> QuerySet[AuditEntry]:
    entries = entries_for(renewal)
    return (entries.filter(public=True) if public_only else entries)[:limit]


def cycles_of(renewal: Renewal) -> list[Cycle]:
    """The renewal's cycles, first to current."""
    return list(renewal.cycle_records())


def current_cycle(renewal: Renewal) -> Cycle:
    """The cycle the renewal is in now (closed or not)."""
    return renewal.current_cycle


@dataclass(frozen=True)
class CycleView:
    """One cycle for a renewal page: its record, where it stands and its timeline by stage."""

    cycle: Cycle
    status: Status
    stage_rows: list[StageRow]
    is_current: bool

    @property
    def status_label(self) -> str:
        return status_label(self.status, self.cycle.number)

    @property
    def ready_entries(self) -> list[TimelineEntry]:
        """The cycle's Co-Ready rounds (none yet: the page offers to open one)."""
        return [e for row in self.stage_rows if row.stage == Stage.READY for e in row.entries]


def cycle_views(renewal: Renewal, *, public: bool) -> list[CycleView]:
    """Every cycle of the renewal, the current one first, with its timeline (public: only what
    the public pages show, and nothing at all of a private renewal)."""
    if public and not renewal.is_public:
        return []
    records = {c.number: c for c in cycles_of(renewal)}
    views = [
        CycleView(
            cycle=records[span.number],
            status=stage_of(renewal, span),
            stage_rows=timeline_of(span, public=public),
            is_current=span.is_current,
        )
        for span in spans(renewal)
    ]
    return views[::-1]


def cycle_stages(renewal: Renewal) -> list[tuple[Cycle, Status]]:
    """Each cycle, first to current, with where it stands (no timelines: cheap enough for lists)."""
    records = {c.number: c for c in cycles_of(renewal)}
    return [(records[span.number], stage_of(renewal, span)) for span in spans(renewal)]
