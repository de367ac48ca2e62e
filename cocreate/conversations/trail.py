"""What happened to the statements a participant wrote in a conversation (see
cocreate/core/input_trail.py): received, waiting for a moderator, published or hidden (with the
reason), among the findings once the results are public, made a commitment, done.

Seed statements are the organisation's own questions, not anybody's input: they are left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.selectors import by_source
from cocreate.conversations.models import Conversation, OpinionSnapshot, Statement
from cocreate.core.input_trail import TrailItem, TrailStep, commitment_steps, renewal_public_url


def contributions_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    who = Q(author_participant_id__in=guest_ids) if guest_ids else Q(pk__in=[])
    if user is not None:
        who |= Q(author_user=user)
    mine = list(
        Statement.objects.filter(who, is_seed=False)
        .select_related("conversation__renewal")
        .order_by("-created_at")
    )
    if not mine:
        return []
    findings = _findings({s.conversation for s in mine})
    commitments = by_source(mine)
    type_id = ContentType.objects.get_for_model(Statement).pk
    return [
        _item(s, findings.get(s.conversation_id, {}), commitments.get((type_id, str(s.pk)))) for s in mine
    ]


def _findings(conversations: set[Conversation]) -> dict[Any, dict[int, str]]:
    """Per conversation whose results are public: statement number → what the latest results say of
    it, for the findings as `selectors.findings` reads them (agreed or disagreed across every
    opinion group, or dividing them)."""
    public = {c.pk: c for c in conversations if c.results_are_public}
    found: dict[Any, dict[int, str]] = {}
    for snapshot in OpinionSnapshot.objects.filter(conversation_id__in=public).defer("voter_groups"):
        data: dict[str, Any] = snapshot.data or {}
        said: dict[int, str] = {}
        consensus = data.get("consensus", {})
        for side in ("agree", "disagree"):
            for entry in consensus.get(side, []):
                said.setdefault(entry.get("statement"), _consensus(side, entry.get("percent")))
        for entry in data.get("divisive", []):
            said.setdefault(entry.get("statement"), _("The opinion groups split on it."))
        found[snapshot.conversation_id] = said
    return found


def _consensus(side: str, percent: Any) -> str:
    if percent is None:
        if side == "agree":
            return _("A majority in every opinion group agreed.")
        return _("A majority in every opinion group disagreed.")
    if side == "agree":
        return _("%(p)s %% agreed, a majority in every opinion group.") % {"p": percent}
    return _("%(p)s %% disagreed, a majority in every opinion group.") % {"p": percent}


def _item(s: Statement, findings: dict[int, str], commitment: Any) -> TrailItem:
    conversation = s.conversation
    steps = [TrailStep("received", _("Received"), s.created_at)]
    if s.state == Statement.State.PENDING:
        steps.append(TrailStep("held", _("Waiting for a moderator before it is shown")))
    elif s.state == Statement.State.HIDDEN:
        steps.append(TrailStep("hidden", _("Hidden by a moderator"), text=s.moderation_reason))
    else:
        steps.append(TrailStep("published", _("Published: others can vote on it")))
        said = findings.get(s.number)
        if said:
            steps.append(
                TrailStep(
                    "finding",
                    _("It is among the findings of the conversation"),
                    text=said,
                    link=reverse("conversations_public:results", args=[conversation.pk]),
                    link_label=_("See the results"),
                )
            )
    steps += commitment_steps(commitment)
    return TrailItem(
        key=f"conversations.statement:{s.pk}",
        kind=_("Statement"),
        text=s.text,
        where=conversation.renewal.title,
        created_at=s.created_at,
        steps=tuple(steps),
        public_url=renewal_public_url(conversation.renewal),
        details=(conversation.topic,),
    )
