"""Reads of conversations. Participants stay anonymous: only aggregates leave this module."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import GuestParticipant, User
from cocreate.accounts.selectors import organisations_for
from cocreate.conversations.models import Conversation, OpinionSnapshot, Statement, Vote
from cocreate.core import by_key


def get_conversation_for(user: User, conversation_id: UUID) -> Conversation:
    """For staff pages: conversations of the user's organisations."""
    return get_object_or_404(
        Conversation.objects.select_related("renewal", "renewal__organisation"),
        pk=conversation_id,
        renewal__organisation__in=organisations_for(user),
    )


def get_conversation_by_link(conversation_id: UUID) -> Conversation:
    """For participants: anyone holding the link. With its renewal and organisation, in one fixed
    statement (core/by_key.py): every guest's first page of a conversation, and its results."""
    conversation = by_key.row(Conversation, conversation_id, joined="renewal__organisation")
    if conversation is None:
        raise Http404
    return conversation


def get_statement_to_vote(conversation_id: UUID, statement_id: UUID) -> Statement:
    """For a vote by anyone holding the link: the statement with its conversation (open? who may
    take part? a recompute queued?), one fixed statement: the busiest read of a city-wide
    conversation, where the ORM's query building cost more than the query (core/by_key.py)."""
    statement = by_key.row(
        Statement, statement_id, also={"conversation_id": conversation_id}, joined="conversation"
    )
    if statement is None:
        raise Http404
    return statement


def get_results_for(user: User | AnonymousUser, conversation_id: UUID) -> Conversation:
    """Results: public when the conversation and its renewal are public, else its organisation only."""
    conversation = get_conversation_by_link(conversation_id)
    if user.has_perm("conversations.view_results", conversation):
        return conversation
    raise Http404


def published_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(state=Statement.State.PUBLISHED)


def statements_with_counts(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.annotate(
        agrees=Count("votes", filter=Q(votes__value=1)),
        disagrees=Count("votes", filter=Q(votes__value=-1)),
        passes=Count("votes", filter=Q(votes__value=0)),
    ).order_by("number")


@dataclass(frozen=True)
class Ballot:
    """What a participant's voting page shows: the statement to vote on next (None when every one
    is voted or the conversation is closed) and how many of the published ones they voted on."""

    statement: Offered | None
    done: int
    total: int


def ballot_for(conversation: Conversation, participant: GuestParticipant | None) -> Ballot:
    """The voting page's ballot, read after every vote a phone casts: the conversation's published
    statements in order of priority (`_ballot_basis`, shared a few seconds) and the statements this
    participant voted on (one vote each, by constraint); the progress and the candidates both come
    from those two."""
    basis = _ballot_basis(conversation)
    voted: set[UUID] = set()
    if participant is not None:
        # Read after every vote: a fixed statement (core/by_key.py), not the ORM's query building.
        voted = set(
            by_key.column(Vote, "statement", conversation=conversation.pk, participant=participant.pk)
        )
    done = len(basis.pks.intersection(voted))  # votes on statements hidden since do not count
    if not conversation.is_open:
        return Ballot(None, done, len(basis.pks))
    return Ballot(_highest_priority(participant, voted, basis.tiers), done, len(basis.pks))


class Offered(NamedTuple):
    """A published statement as the ballot shows it: all a vote needs of it."""

    pk: UUID
    number: int
    text: str


class _Basis(NamedTuple):
    """A conversation's published statements as the ballots of one process read them."""

    read_at: float
    pks: frozenset[UUID]
    # The published statements grouped by priority, highest first; statements newer than the
    # latest snapshot have none yet and come first (they need votes to be placed).
    tiers: list[list[Offered]]


_bases: dict[UUID, _Basis] = {}
_BASES_MAX = 1000


def _ballot_basis(conversation: Conversation) -> _Basis:
    """Every published statement (id, number, text) in tiers of the latest snapshot's priority,
    kept by each process for SHARED_PAGE_SECONDS, as the public pages are (core/page_cache.py). At a
    hundred votes a second they change far less often than they are read, and reading them was half
    of a vote's cost; the statement offered next comes from here too, not from a read of its row
    after every vote. A statement published meanwhile is offered a few seconds later; one hidden
    meanwhile may still be offered for those few seconds, as the shared results page still shows
    it -- and a vote on it is refused (services.vote)."""
    now = time.monotonic()
    held = _bases.get(conversation.pk)
    if held is not None and now - held.read_at < settings.SHARED_PAGE_SECONDS:
        return held
    rows = published_statements(conversation).order_by().values_list("pk", "number", "text")
    published = [Offered(*row) for row in rows]
    snapshot = OpinionSnapshot.objects.filter(conversation=conversation)
    stored: dict[str, float] = snapshot.values_list("data__priorities", flat=True).first() or {}
    priorities = {int(number): value for number, value in stored.items()}
    top = max(priorities.values(), default=1.0) + 1.0
    tiers: dict[float, list[Offered]] = {}
    for row in published:
        tiers.setdefault(priorities.get(row.number, top), []).append(row)
    basis = _Basis(
        now, frozenset(row.pk for row in published), [tiers[p] for p in sorted(tiers, reverse=True)]
    )
    if len(_bases) >= _BASES_MAX:
        _bases.clear()  # many conversations at once: start over rather than grow
    _bases[conversation.pk] = basis
    return basis


def _highest_priority(
    participant: GuestParticipant | None, voted: set[UUID], tiers: list[list[Offered]]
) -> Offered | None:
    """The unvoted published statement of the highest priority. Ties are broken in a
    per-participant order, so that not everyone sees the same sequence (hashed only among the tied:
    with a snapshot that is one or two statements, without one all of them). Walking down the tiers
    costs what the participant has voted on, not what the conversation holds: it runs after every
    vote."""
    for tier in tiers:
        unvoted = [row for row in tier if row.pk not in voted]
        if len(unvoted) == 1:
            return unvoted[0]
        if unvoted:
            salt = participant.pk.bytes if participant else b""
            return min(
                unvoted, key=lambda row: hashlib.blake2b(row.pk.bytes, key=salt, digest_size=8).digest()
            )
    return None


def snapshot_of(conversation: Conversation) -> OpinionSnapshot | None:
    """The latest snapshot; the group of each voter (for the exports) is read only if asked for."""
    return OpinionSnapshot.objects.filter(conversation=conversation).defer("voter_groups").first()


def results_context(conversation: Conversation) -> dict[str, Any]:
    """What the results page shows: groups, consensus, divisive statements with their texts."""
    snapshot = snapshot_of(conversation)
    texts = dict(published_statements(conversation).values_list("number", "text"))
    data: dict[str, Any] = snapshot.data if snapshot else {}

    def with_text(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**i, "text": texts[i["statement"]]} for i in items if i["statement"] in texts]

    groups = [{**g, "representative": with_text(g.get("representative", []))} for g in data.get("groups", [])]
    return {
        "snapshot": snapshot,
        "groups": groups,
        "consensus_agree": with_text(data.get("consensus", {}).get("agree", [])),
        "consensus_disagree": with_text(data.get("consensus", {}).get("disagree", [])),
        "divisive": with_text(data.get("divisive", [])),
        "points": data.get("points", []),
        "timeline": data.get("timeline", []),
        "participants": data.get("participants", 0),
        "clustered": data.get("clustered", 0),
        "votes": snapshot.votes_counted if snapshot else 0,
    }


def opinions_open_data(conversation: Conversation) -> dict[str, Any]:
    """The latest opinion snapshot for the open-data JSON: groups (size, share, representative
    statements), group-informed consensus and divisive statements, each with the statement's
    number and text and every group's agreement; never a single participant."""
    context = results_context(conversation)
    snapshot = context["snapshot"]
    return {
        "computed_at": snapshot.computed_at.isoformat() if snapshot else None,
        "participants": context["participants"],
        "clustered": context["clustered"],
        "votes": context["votes"],
        "groups": [
            {key: g.get(key) for key in ("id", "label", "size", "share", "representative")}
            for g in context["groups"]
        ],
        "consensus": {"agree": context["consensus_agree"], "disagree": context["consensus_disagree"]},
        "divisive": context["divisive"],
    }


@dataclass(frozen=True)
class Finding:
    """A statement the latest opinion snapshot singles out: every group agrees ("agree"), every
    group disagrees ("disagree"), or the groups split ("divisive"); with the figures shown."""

    statement: Statement
    kind: str
    percent: int | None = None  # the share that took that side across the groups (consensus only)
    groups: list[dict[str, Any]] = field(default_factory=list)  # each group's agree/disagree shares


def findings(conversation: Conversation) -> list[Finding]:
    """Consensus (agree, then disagree) and divisive statements of the latest snapshot, as on the
    results page; a statement hidden since is left out."""
    snapshot = snapshot_of(conversation)
    data: dict[str, Any] = snapshot.data if snapshot else {}
    by_number = {s.number: s for s in published_statements(conversation)}
    out: list[Finding] = []
    seen: set[int] = set()
    items = [(d, i) for d in ("agree", "disagree") for i in data.get("consensus", {}).get(d, [])]
    items += [("divisive", i) for i in data.get("divisive", [])]
    for kind, item in items:
        statement = by_number.get(item.get("statement"))
        if statement is None or statement.number in seen:
            continue
        seen.add(statement.number)
        out.append(Finding(statement, kind, item.get("percent"), list(item.get("groups", []))))
    return out


def finding_of(statement: Statement) -> Finding | None:
    return next((f for f in findings(statement.conversation) if f.statement.pk == statement.pk), None)
