"""What commitments tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments import selectors
from cocreate.commitments.models import Commitment
from cocreate.renewals.cycle import CycleSpan, Stage, Status, TimelineEntry


def phase(cycle: CycleSpan) -> Status | None:
    """The renewal is committing once this cycle has published a commitment."""
    published = Commitment.objects.filter(renewal_id=cycle.renewal.pk, is_published=True).filter(
        cycle.holds()
    )
    return Status.COMMITTING if published.exists() else None


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """The commitments made in the cycle; in public only the published ones of a public renewal."""
    if public:
        commitments = selectors.public_commitments().filter(renewal_id=cycle.renewal.pk)
    else:
        commitments = Commitment.objects.filter(renewal_id=cycle.renewal.pk)
    entries = []
    for c in commitments.filter(cycle.holds()).order_by("created_at"):
        label = _("Commitment “%(title)s” — %(status)s") % {
            "title": c.title,
            "status": c.get_status_display(),
        }
        if not public and not c.is_published:
            label = _("%(commitment)s (not published)") % {"commitment": label}
        entries.append(
            TimelineEntry(
                date=c.created_at,
                stage=Stage.COMMIT,
                label=label,
                url=reverse(
                    "commitments:public_commitment" if public else "commitments:commitment", args=[c.pk]
                ),
            )
        )
    return entries
