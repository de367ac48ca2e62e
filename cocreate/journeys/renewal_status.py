"""What journey maps tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.journeys.models import Contribution, JourneyMap
from cocreate.journeys.selectors import public_contributions
from cocreate.renewals.cycle import CycleSpan, Stage, Status, TimelineEntry


def phase(cycle: CycleSpan) -> Status | None:
    """Mapping the journey with its users is renewing: a map of this cycle, or one still open."""
    maps = JourneyMap.objects.filter(renewal_id=cycle.renewal.pk).filter(
        cycle.holds() | Q(participation_open=True)
    )
    return Status.RENEWING if maps.exists() else None


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """The maps made in the cycle and the service users' contributions it received. In public: the
    maps open to service users (the public page shows those) and the count of published
    contributions — never a closed map's title."""
    maps = JourneyMap.objects.filter(renewal_id=cycle.renewal.pk).filter(cycle.holds()).order_by("created_at")
    entries = [
        TimelineEntry(
            date=m.created_at,
            stage=Stage.RENEW,
            label=_("Journey map “%(title)s”") % {"title": m.title},
            url=reverse("journeys_public:participate", args=[m.pk])
            if public
            else reverse("journeys:map", args=[m.pk]),
        )
        for m in maps
        if m.participation_open or not public
    ]
    contributions = (public_contributions() if public else Contribution.objects.all()).filter(
        cycle.holds(), step__stage__journey__renewal_id=cycle.renewal.pk
    )
    found = contributions.aggregate(latest=Max("created_at"))["latest"]
    if found is not None:
        n = contributions.count()
        entries.append(
            TimelineEntry(
                date=found,
                stage=Stage.RENEW,
                label=ngettext(
                    "%(n)s contribution from service users", "%(n)s contributions from service users", n
                )
                % {"n": n},
                count=n,
            )
        )
    return entries
