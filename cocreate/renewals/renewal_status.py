"""What Co-Serve tells about a renewal's cycle (see renewals/cycle.py). Co-Serve sits below the
renewals, so the renewal answers for it: the assessment that chose the service belongs to the first
cycle; assessments of the service made later belong to the cycle they were made in. (The "Chosen"
phase is the renewal's own: `cycle.status_of`.)"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.portfolio.models import ServiceAssessment
from cocreate.renewals.cycle import CycleSpan, Stage, TimelineEntry
from cocreate.renewals.models import Renewal


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """In public only the assessment that chose the service (its result is on the public page)."""
    renewal = Renewal.objects.select_related("coserve_assessment__collection").get(pk=cycle.renewal.pk)
    chosen = renewal.coserve_assessment
    found: list[ServiceAssessment] = [chosen] if chosen is not None and cycle.is_first else []
    if not public:
        later = ServiceAssessment.objects.filter(
            service_id=renewal.service_id, created_at__gte=cycle.started_at
        )
        if cycle.until is not None:
            later = later.filter(created_at__lt=cycle.until)
        found += [a for a in later.select_related("collection").order_by("created_at") if a != chosen]
    url = "" if public else reverse("portfolio:coserve_results", args=[renewal.service_id])
    return [
        TimelineEntry(
            date=a.collection.closed_at or a.created_at,
            stage=Stage.SERVE,
            label=_("Co-Serve chose this service")
            if a == chosen
            else _("Co-Serve assessment of the service"),
            url=url,
        )
        for a in found
    ]
