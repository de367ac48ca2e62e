"""What commitments show of a renewal cycle, for Co-Master (see cocreate/core/evidence.py): of the
renewal's commitments due in the cycle, how many were done by their deadline."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.commitments.models import Commitment
from cocreate.core.evidence import EvidenceItem
from cocreate.renewals.models import Renewal


def evidence(renewal: Renewal, started_at: datetime, ended_at: datetime) -> list[EvidenceItem]:
    """Due in the cycle: a deadline on or after the cycle's first day and before its last day (for
    the running cycle: before today), so every one counted has had its chance. Kept on time: done,
    on or before the deadline (as `Commitment.kept_on_time`); a dropped one was not kept. One query."""
    due = Commitment.objects.filter(
        renewal=renewal,
        deadline__gte=timezone.localdate(started_at),
        deadline__lt=timezone.localdate(ended_at),
    )
    counts = due.aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(status=Commitment.Status.DONE, completed_at__date__lte=F("deadline"))),
        dropped=Count("pk", filter=Q(status=Commitment.Status.DROPPED)),
    )
    total, kept, dropped = counts["total"], counts["kept"], counts["dropped"]
    if not total:
        text = _("No commitment fell due in this cycle.")
    else:
        text = ngettext(
            "%(kept)s of %(total)s commitment due in this cycle kept on time.",
            "%(kept)s of %(total)s commitments due in this cycle kept on time.",
            total,
        ) % {"kept": kept, "total": total}
        if dropped:
            text += " " + ngettext("%(n)s was dropped.", "%(n)s were dropped.", dropped) % {"n": dropped}
    return [
        EvidenceItem(
            key="commitments.kept",
            label=_("Commitments kept on time"),
            value=kept if total else None,
            total=total,
            text=text,
            public=False,  # unpublished commitments count here
            order=60,
        )
    ]
