"""What Co-Master tells about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.quality.models import QualityAssessment
from cocreate.renewals.cycle import CycleSpan, Stage, Status, TimelineEntry


def phase(cycle: CycleSpan) -> Status | None:
    """Once Co-Master is opened for this cycle, the cycle is being assessed."""
    assessed = QualityAssessment.objects.filter(renewal_id=cycle.renewal.pk, cycle_number=cycle.number)
    return Status.ASSESSING if assessed.exists() else None


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """Co-Master records its cycle by number (not by date): when it was opened and published; in
    public only a published assessment (its results are on the public page)."""
    entries: list[TimelineEntry] = []
    for a in QualityAssessment.objects.filter(renewal_id=cycle.renewal.pk, cycle_number=cycle.number):
        if not public:
            entries.append(
                TimelineEntry(
                    date=a.created_at,
                    stage=Stage.MASTER,
                    label=_("Co-Master opened"),
                    url=reverse("quality:assessment", args=[a.pk]),
                )
            )
        if a.published_at is not None:
            entries.append(
                TimelineEntry(
                    date=a.published_at,
                    stage=Stage.MASTER,
                    label=_("Co-Master results published"),
                    url="" if public else reverse("quality:results", args=[a.pk]),
                )
            )
    return entries
