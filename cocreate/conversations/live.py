"""The results page of a conversation, pushed to every open page when the worker has computed new
results (``core.live``); the same context serves the page, its fallback fragment and the stream."""

from __future__ import annotations

import math
from typing import Any
from uuid import UUID

from django.template.loader import render_to_string
from django.utils.translation import get_language

from cocreate.accounts import admission
from cocreate.accounts.models import GuestParticipant
from cocreate.commitments import selectors as commitment_selectors
from cocreate.conversations import selectors
from cocreate.conversations.models import Conversation, Vote
from cocreate.core import live


def results_topic(conversation: Conversation | str) -> str:
    return live.topic("conversation-results", getattr(conversation, "pk", conversation))


def _map(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Base clusters as circles on a 300 × 300 map (no single participant is ever drawn)."""
    if not points:
        return []
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    biggest = max(p["count"] for p in points)
    return [
        {
            "cx": round(150 + 120 * (p["x"] - cx) / span * 2, 1),
            "cy": round(150 - 120 * (p["y"] - cy) / span * 2, 1),
            "r": round(4 + 10 * math.sqrt(p["count"] / biggest), 1),
            "group": p["group"],
            "count": p["count"],
        }
        for p in points
    ]


def results_context(conversation: Conversation) -> dict[str, Any]:
    context = selectors.results_context(conversation)
    context["conversation"] = conversation
    context["map"] = _map(context["points"])
    voters = GuestParticipant.objects.filter(
        pk__in=Vote.objects.filter(conversation=conversation).values("participant_id")
    )
    context["voices"] = admission.levels_table(
        admission.voices_by_level(voters, admission.scope_of(conversation))
    )
    # A finding that became a public commitment says so, with a link to it (drafts never show here).
    listed = [
        i["statement"] for k in ("consensus_agree", "consensus_disagree", "divisive") for i in context[k]
    ]
    statements = list(selectors.published_statements(conversation).filter(number__in=listed))
    public = commitment_selectors.public_commitments_for(statements)
    context["commitments"] = {s.number: public[s.pk] for s in statements if s.pk in public}
    return context


def results_state(conversation_id: UUID) -> dict[str, Any]:
    """The results as they are now, read afresh for every change (the stream outlives its request)."""
    return results_context(Conversation.objects.select_related("renewal").get(pk=conversation_id))


def render_results(context: dict[str, Any]) -> str:
    """The fragment in the reader's language, rendered once per language for every open page."""
    rendered: dict[str, str] = context.setdefault("_rendered", {})
    language = get_language()
    if language not in rendered:
        rendered[language] = render_to_string("conversations/partials/results_body.html", context)
    return rendered[language]
