"""Open data in the columns of Polis's open-data export (comments, votes, participants-votes),
as CSV, XLSX (written by core.exports) and JSON. Only published statements and their votes;
voters are numbered by first vote."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from cocreate.conversations.models import Conversation, Statement, Vote
from cocreate.conversations.selectors import snapshot_of

COMMENT_COLUMNS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]
VOTE_COLUMNS = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]


def _stamp(moment: datetime) -> tuple[int, str]:
    return int(moment.timestamp() * 1000), moment.strftime("%a %b %d %Y %H:%M:%S GMT%z")


def tables(conversation: Conversation) -> dict[str, list[dict[str, Any]]]:
    statements = list(conversation.statements.filter(state=Statement.State.PUBLISHED).order_by("number"))
    published = {s.pk: s for s in statements}
    votes = list(
        Vote.objects.filter(statement_id__in=published)
        .order_by("id")
        .values("participant_id", "statement_id", "value", "updated_at")
    )
    voter_id: dict[UUID, int] = {}
    for v in votes:
        voter_id.setdefault(v["participant_id"], len(voter_id))
    # The snapshot's group labels follow first votes over all statements; map them by participant.
    snapshot = snapshot_of(conversation)
    all_order: dict[UUID, int] = {}
    for pid in conversation.votes.order_by("id").values_list("participant_id", flat=True):
        all_order.setdefault(pid, len(all_order))
    groups_by_row = snapshot.groups_of_voters() if snapshot else []

    comments: list[dict[str, Any]] = []
    for s in statements:
        mine = [v for v in votes if v["statement_id"] == s.pk]
        ts, dt = _stamp(s.created_at)
        comments.append(
            {
                "timestamp": ts,
                "datetime": dt,
                "comment-id": s.number,
                "author-id": voter_id.get(s.author_participant_id, -1) if s.author_participant_id else -1,
                "agrees": sum(1 for v in mine if v["value"] == 1),
                "disagrees": sum(1 for v in mine if v["value"] == -1),
                "moderated": 1,
                "comment-body": s.text,
            }
        )
    vote_rows: list[dict[str, Any]] = []
    for v in votes:
        ts, dt = _stamp(v["updated_at"])
        vote_rows.append(
            {
                "timestamp": ts,
                "datetime": dt,
                "comment-id": published[v["statement_id"]].number,
                "voter-id": voter_id[v["participant_id"]],
                "vote": v["value"],
            }
        )
    by_voter: dict[int, dict[int, int]] = {}
    for row in vote_rows:
        by_voter.setdefault(row["voter-id"], {})[row["comment-id"]] = row["vote"]
    authored: dict[int, int] = {}
    for c in comments:
        if c["author-id"] >= 0:
            authored[c["author-id"]] = authored.get(c["author-id"], 0) + 1
    participants = []
    for pid, vid in voter_id.items():
        row_index = all_order.get(pid)
        group = groups_by_row[row_index] if row_index is not None and row_index < len(groups_by_row) else -1
        voted = by_voter.get(vid, {})
        entry: dict[str, Any] = {
            "participant": vid,
            "group-id": group if group >= 0 else "",
            "n-comments": authored.get(vid, 0),
            "n-votes": len(voted),
            "n-agree": sum(1 for x in voted.values() if x == 1),
            "n-disagree": sum(1 for x in voted.values() if x == -1),
        }
        for s in statements:
            entry[str(s.number)] = voted.get(s.number, "")
        participants.append(entry)
    return {"comments": comments, "votes": vote_rows, "participants-votes": participants}


def participant_columns(conversation: Conversation) -> list[str]:
    numbers = conversation.statements.filter(state=Statement.State.PUBLISHED).order_by("number")
    return ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"] + [
        str(n) for n in numbers.values_list("number", flat=True)
    ]
