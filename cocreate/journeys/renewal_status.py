"""What journey maps tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q

from cocreate.journeys.models import JourneyMap
from cocreate.renewals.cycle import Cycle, Status


def phase(cycle: Cycle) -> Status | None:
    """Mapping the journey with its users is renewing: a map of this cycle, or one still open."""
    maps = JourneyMap.objects.filter(renewal_id=cycle.renewal.pk).filter(
        Q(created_at__gte=cycle.started_at) | Q(participation_open=True)
    )
    return Status.RENEWING if maps.exists() else None
