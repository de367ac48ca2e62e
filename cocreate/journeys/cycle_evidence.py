"""What journey feedback shows of a renewal cycle, for Co-Master (see cocreate/core/evidence.py):
how many service users gave feedback, and how many of their pain points and ideas were answered
by the end of the cycle, and how fast."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.core.evidence import EvidenceItem
from cocreate.journeys.models import Contribution, FeelingRating, Support
from cocreate.renewals.models import Renewal


def duration(span: timedelta) -> str:
    """A waiting time in words: whole days from one day up, else hours (at least 1)."""
    days = span.days
    if days >= 1:
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    hours = max(1, round(span.total_seconds() / 3600))
    return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}


def answered(renewal: Renewal, started_at: datetime, ended_at: datetime) -> EvidenceItem:
    """Pain points and ideas made in the cycle (not comments, not hidden, not merged into another —
    as the "waiting for an answer" count), answered before the cycle ended; median time to answer."""
    made = (
        Contribution.objects.filter(
            step__stage__journey__renewal=renewal,
            created_at__gte=started_at,
            created_at__lt=ended_at,
            merged_into__isnull=True,
        )
        .exclude(kind=Contribution.Kind.COMMENT)
        .exclude(visibility=Contribution.Visibility.HIDDEN)
    )
    times = list(made.values_list("created_at", "answered_at"))
    waits = [done - made_at for made_at, done in times if done is not None and done < ended_at]
    total = len(times)
    if not total:
        text = _("No pain points or ideas were sent in this cycle.")
    elif not waits:
        text = ngettext(
            "None of %(total)s pain point or idea was answered.",
            "None of %(total)s pain points and ideas were answered.",
            total,
        ) % {"total": total}
    else:
        text = ngettext(
            "%(n)s of %(total)s pain point or idea answered, median %(median)s.",
            "%(n)s of %(total)s pain points and ideas answered, median %(median)s.",
            total,
        ) % {
            "n": len(waits),
            "total": total,
            "median": duration(timedelta(seconds=median(w.total_seconds() for w in waits))),
        }
    return EvidenceItem(
        key="journeys.answered",
        label=_("Citizen contributions answered"),
        value=len(waits) if total else None,
        total=total,
        text=text,
        public=True,  # answers and their reasons are public; these are counts of them
        order=20,
    )


def reached(renewal: Renewal, started_at: datetime, ended_at: datetime) -> EvidenceItem:
    """Service users who wrote, rated a step or supported an idea on the renewal's journey maps in
    the cycle, each counted once (one query: a union of the three)."""
    journey = "step__stage__journey__renewal"
    window = {"created_at__gte": started_at, "created_at__lt": ended_at}
    wrote = Contribution.objects.filter(**{journey: renewal}, participant__isnull=False, **window)
    rated = FeelingRating.objects.filter(
        step__stage__journey__renewal=renewal, updated_at__gte=started_at, updated_at__lt=ended_at
    )
    supported = Support.objects.filter(contribution__step__stage__journey__renewal=renewal, **window)
    people = len(
        wrote.order_by()
        .values_list("participant_id")
        .union(
            rated.order_by().values_list("participant_id"), supported.order_by().values_list("participant_id")
        )
    )
    return EvidenceItem(
        key="journeys.reached",
        label=_("Service users who gave feedback on the journey"),
        value=people,
        total=None,
        text=ngettext(
            "%(n)s person gave feedback on the journey.", "%(n)s people gave feedback on the journey.", people
        )
        % {"n": people},
        public=True,
        order=10,
    )


def evidence(renewal: Renewal, started_at: datetime, ended_at: datetime) -> list[EvidenceItem]:
    return [reached(renewal, started_at, ended_at), answered(renewal, started_at, ended_at)]
