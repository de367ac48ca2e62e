"""What conversations tell about a renewal's cycle (see renewals/cycle.py)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.conversations.models import Conversation
from cocreate.renewals.cycle import CycleSpan, Stage, Status, TimelineEntry


def phase(cycle: CycleSpan) -> Status | None:
    """A conversation of this cycle, or one still open, is renewing work."""
    conversations = Conversation.objects.filter(renewal_id=cycle.renewal.pk).filter(
        cycle.holds() | Q(status=Conversation.Status.OPEN)
    )
    return Status.RENEWING if conversations.exists() else None


def timeline(cycle: CycleSpan, public: bool) -> list[TimelineEntry]:
    """The conversations started in the cycle; in public only those whose results are public."""
    conversations = Conversation.objects.filter(renewal_id=cycle.renewal.pk).filter(cycle.holds())
    if public:
        conversations = conversations.filter(is_public=True)
    return [
        TimelineEntry(
            date=c.created_at,
            stage=Stage.RENEW,
            label=_("Conversation “%(topic)s”") % {"topic": c.topic},
            url=reverse("conversations_public:results", args=[c.pk])
            if public
            else reverse("conversations:manage", args=[c.pk]),
        )
        for c in conversations.order_by("created_at")
    ]
