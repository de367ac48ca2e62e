"""What workshops tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.renewals.cycle import CycleSpan, Stage, Status, TimelineEntry
from cocreate.workshops.models import Workshop


def phase(cycle: CycleSpan) -> Status | None:
    """A workshop planned in this cycle, or one not yet over, is renewing work."""
    workshops = Workshop.objects.filter(renewal_id=cycle.renewal.pk).filter(
        cycle.holds() | Q(ends_at__gte=cycle.started_at)
    )
    return Status.RENEWING if workshops.exists() else None


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """The workshops planned in the cycle, at the time they are held (the public page lists every
    workshop of a public renewal; in public the link is the join page, when registration is open)."""
    workshops = (
        Workshop.objects.filter(renewal_id=cycle.renewal.pk).filter(cycle.holds()).order_by("starts_at")
    )
    entries = []
    for w in workshops:
        if public:
            url = (
                reverse("workshops_public:join", args=[w.pk]) if w.registration == w.Registration.OPEN else ""
            )
        else:
            url = reverse("workshops:workshop", args=[w.pk])
        entries.append(
            TimelineEntry(
                date=w.starts_at,
                stage=Stage.RENEW,
                label=_("Workshop “%(title)s” (%(format)s)")
                % {"title": w.title, "format": w.get_format_display()},
                url=url,
            )
        )
    return entries
