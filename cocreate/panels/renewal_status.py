"""What citizens' panels tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q

from cocreate.panels.models import Panel
from cocreate.renewals.cycle import Cycle, Status


def phase(cycle: Cycle) -> Status | None:
    """A panel set up in this cycle, or one not yet closed, is renewing work."""
    panels = Panel.objects.filter(renewal_id=cycle.renewal.pk).filter(
        Q(created_at__gte=cycle.started_at) | ~Q(status=Panel.Status.CLOSED)
    )
    return Status.RENEWING if panels.exists() else None
