"""What conversations tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q

from cocreate.conversations.models import Conversation
from cocreate.renewals.cycle import Cycle, Status


def phase(cycle: Cycle) -> Status | None:
    """A conversation of this cycle, or one still open, is renewing work."""
    conversations = Conversation.objects.filter(renewal_id=cycle.renewal.pk).filter(
        Q(created_at__gte=cycle.started_at) | Q(status=Conversation.Status.OPEN)
    )
    return Status.RENEWING if conversations.exists() else None
