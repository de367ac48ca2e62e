"""The background work of conversations: recomputing the opinion groups.

The tasks hold the work and the coalescing of requests for it; services only ask for a run
(``request_recompute``). Nothing here imports the services.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cocreate.conversations import compute
from cocreate.conversations import live as live_results
from cocreate.conversations.models import Conversation
from cocreate.core import live

# A queued recompute that has not run after this long is assumed lost and queued again.
RECOMPUTE_STALE_AFTER = timedelta(seconds=60)


def request_recompute(conversation: Conversation) -> bool:
    """Queue one recompute for a burst of changes: only the change that finds no recompute queued
    (or one queued so long ago it must have been lost) enqueues the task."""
    now = timezone.now()
    queued = conversation.recompute_requested_at
    if queued is not None and queued >= now - RECOMPUTE_STALE_AFTER:
        return False  # one is queued already (as loaded with the conversation): nothing to write
    claimed = (
        Conversation.objects.filter(pk=conversation.pk)
        .filter(
            Q(recompute_requested_at__isnull=True) | Q(recompute_requested_at__lt=now - RECOMPUTE_STALE_AFTER)
        )
        .update(recompute_requested_at=now)
    )
    if claimed:
        conversation_id = str(conversation.pk)
        transaction.on_commit(lambda: _enqueue_recompute(conversation_id))
    return bool(claimed)


def _enqueue_recompute(conversation_id: str) -> None:
    """The run waits OPINIONS_RECOMPUTE_SECONDS (where the task backend can wait) and gathers every
    vote of that time: a busy conversation is recomputed, and its results pushed, at most that often
    instead of back to back, and each vote shows within that time plus one computation."""
    task = recompute_opinions
    wait = settings.OPINIONS_RECOMPUTE_SECONDS
    if wait > 0 and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=wait))
    task.enqueue(conversation_id)


@task()
def recompute_opinions(conversation_id: str) -> None:
    """One recompute for a burst of votes: the flag is cleared before computing, so votes that
    arrive meanwhile queue exactly one more run (see ``request_recompute``)."""
    with transaction.atomic():
        updated = Conversation.objects.filter(
            pk=conversation_id, recompute_requested_at__isnull=False
        ).update(recompute_requested_at=None)
    conversation = Conversation.objects.filter(pk=conversation_id).select_related("renewal").first()
    if conversation is None or not updated:
        return
    started = timezone.now()
    compute.compute(conversation)
    live.publish(live_results.results_topic(conversation))  # every open results page shows them
    # A vote that landed while we computed, by a request that saw the flag still set, would
    # otherwise wait for the next vote: queue one more run for it.
    if conversation.votes.filter(updated_at__gte=started).exists():
        conversation.refresh_from_db(fields=["recompute_requested_at"])
        request_recompute(conversation)
