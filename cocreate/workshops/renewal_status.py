"""What workshops tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q

from cocreate.renewals.cycle import Cycle, Status
from cocreate.workshops.models import Workshop


def phase(cycle: Cycle) -> Status | None:
    """A workshop planned in this cycle, or one not yet over, is renewing work."""
    workshops = Workshop.objects.filter(renewal_id=cycle.renewal.pk).filter(
        Q(created_at__gte=cycle.started_at) | Q(ends_at__gte=cycle.started_at)
    )
    return Status.RENEWING if workshops.exists() else None
