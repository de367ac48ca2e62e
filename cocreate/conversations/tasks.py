from __future__ import annotations

from django.db import transaction
from django_tasks import task

from cocreate.conversations import compute
from cocreate.conversations.models import Conversation


@task()
def recompute_opinions(conversation_id: str) -> None:
    """One recompute for a burst of votes: the flag is cleared before computing, so votes that
    arrive meanwhile queue exactly one more run (see services.request_recompute)."""
    with transaction.atomic():
        updated = Conversation.objects.filter(
            pk=conversation_id, recompute_requested_at__isnull=False
        ).update(recompute_requested_at=None)
    conversation = Conversation.objects.filter(pk=conversation_id).select_related("renewal").first()
    if conversation is None or not updated:
        return
    compute.compute(conversation)
