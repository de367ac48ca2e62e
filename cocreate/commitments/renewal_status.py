"""What commitments tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from cocreate.commitments.models import Commitment
from cocreate.renewals.cycle import Cycle, Status


def phase(cycle: Cycle) -> Status | None:
    """The renewal is committing once this cycle has published a commitment."""
    published = Commitment.objects.filter(
        renewal_id=cycle.renewal.pk, is_published=True, created_at__gte=cycle.started_at
    )
    return Status.COMMITTING if published.exists() else None
