"""What citizens' panels tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.panels.models import Panel
from cocreate.renewals.cycle import CycleSpan, Stage, Status, TimelineEntry

# A panel shows in public once it is more than a draft and its report is public (a draft's title
# may still change; its report page says nothing of an unpublished panel).
PUBLIC_STATUSES = (
    Panel.Status.RECRUITING,
    Panel.Status.ANNOUNCED,
    Panel.Status.SELECTING,
    Panel.Status.SELECTED,
    Panel.Status.CLOSED,
)


def phase(cycle: CycleSpan) -> Status | None:
    """A panel set up in this cycle, or one not yet closed, is renewing work."""
    panels = Panel.objects.filter(renewal_id=cycle.renewal.pk).filter(
        cycle.holds() | ~Q(status=Panel.Status.CLOSED)
    )
    return Status.RENEWING if panels.exists() else None


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """The panels set up in the cycle, and when each was drawn; in public only panels whose
    transparency report is public, linked to it."""
    panels = Panel.objects.filter(renewal_id=cycle.renewal.pk).filter(cycle.holds()).order_by("created_at")
    if public:
        panels = panels.filter(is_public=True, status__in=PUBLIC_STATUSES)
    entries: list[TimelineEntry] = []
    for p in panels:
        url = reverse("panels_public:report", args=[p.pk]) if public else reverse("panels:panel", args=[p.pk])
        entries.append(
            TimelineEntry(
                date=p.created_at,
                stage=Stage.RENEW,
                label=_("Citizens' panel “%(title)s” (%(status)s)")
                % {"title": p.title, "status": p.get_status_display()},
                url=url,
            )
        )
        if p.recommendations_published_at is not None:
            entries.append(
                TimelineEntry(
                    date=p.recommendations_published_at,
                    stage=Stage.RENEW,
                    label=_("Recommendations of “%(title)s” published") % {"title": p.title},
                    url=url if public else reverse("panels:recommendations", args=[p.pk]),
                )
            )
    return entries
