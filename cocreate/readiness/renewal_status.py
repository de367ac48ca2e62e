"""What Co-Ready tells about a renewal's cycle (see renewals/cycle.py): the organisation's readiness
rounds that led to the cycle and were held in it. Readiness is the organisation's own business: it
has no phase of the renewal's status and never shows in public."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.readiness.models import Round
from cocreate.renewals.cycle import CycleSpan, Stage, TimelineEntry


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """The rounds of the renewal's organisation opened in the cycle; the first cycle also has the
    latest round opened before the renewal started (the one that led to it)."""
    if public:
        return []
    rounds = Round.objects.filter(organisation_id=cycle.renewal.organisation_id).select_related("collection")
    if cycle.until is not None:
        rounds = rounds.filter(created_at__lt=cycle.until)
    since = cycle.since
    if since is None:
        led = rounds.filter(created_at__lt=cycle.started_at).order_by("-created_at").first()
        since = led.created_at if led is not None else cycle.started_at
    entries = []
    for r in rounds.filter(created_at__gte=since).order_by("created_at"):
        entries.append(
            TimelineEntry(
                date=r.created_at,
                stage=Stage.READY,
                label=_("Co-Ready round “%(title)s”") % {"title": r.title},
                url=reverse("readiness:round", args=[r.pk]),
            )
        )
        if r.collection.closed_at is not None:
            entries.append(
                TimelineEntry(
                    date=r.collection.closed_at,
                    stage=Stage.READY,
                    label=_("Co-Ready results of “%(title)s”") % {"title": r.title},
                    url=reverse("readiness:results", args=[r.pk]),
                )
            )
    return entries
