"""What Co-Master tells about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from cocreate.quality.models import QualityAssessment
from cocreate.renewals.cycle import Cycle, Status


def phase(cycle: Cycle) -> Status | None:
    """Once Co-Master is opened for this cycle, the cycle is being assessed."""
    assessed = QualityAssessment.objects.filter(renewal_id=cycle.renewal.pk, cycle_number=cycle.number)
    return Status.ASSESSING if assessed.exists() else None
