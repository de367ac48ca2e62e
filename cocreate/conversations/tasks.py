from __future__ import annotations

from django.db import transaction
from django.utils import timezone
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
    started = timezone.now()
    compute.compute(conversation)
    # A vote that landed while we computed, by a request that saw the flag still set, would
    # otherwise wait for the next vote: queue one more run for it.
    if conversation.votes.filter(updated_at__gte=started).exists():
        from cocreate.conversations.services import request_recompute

        conversation.refresh_from_db(fields=["recompute_requested_at"])
        request_recompute(conversation)
