"""Readers for Pol.is exports (open-data CSVs and the polis-math test fixtures) into a VoteStore.

Used by the tests and benchmarks to compare this engine with Polis; plain ``csv``/``json``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .store import VoteStore


@dataclass(frozen=True)
class PolisConversation:
    store: VoteStore
    groups: dict[int, int]  # participant id -> Polis group id (open data: participants-votes.csv)
    math: dict[str, Any] | None  # math-pca2.json for fixtures


def load_fixture(folder: Path) -> PolisConversation:
    """A polis-math fixture: votes.json, comments.json and Polis's own output math-pca2.json."""
    votes = json.loads((folder / "votes.json").read_text())
    comments = json.loads((folder / "comments.json").read_text())
    math = json.loads((folder / "math-pca2.json").read_text())
    store = VoteStore()
    voted = sorted({int(v.get("statement_id", v.get("tid"))) for v in votes})
    for sid in voted:
        store.statement(sid)
    for c in comments:
        sid = int(c.get("statement_id", c.get("tid")))
        if store.statement_index(sid) is None:  # a statement nobody voted on is not in Polis's matrix
            continue
        if int(c.get("moderated", c.get("mod", 0))) == -1:
            store.moderate(sid, out=True)
        if c.get("is_meta"):
            store.set_meta(sid)
    last = float(math.get("lastVoteTimestamp") or float("inf"))
    rows = sorted(
        (
            float(v["modified"]),
            int(v.get("participant_id", v.get("pid"))),
            int(v.get("statement_id", v.get("tid"))),
            int(v["vote"]),
        )
        for v in votes
        if float(v["modified"]) <= last
    )
    store.add_votes([r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows])
    groups: dict[int, int] = {}
    base = math["base-clusters"]
    members_of_base = dict(zip(base["id"], base["members"], strict=True))
    for group in math["group-clusters"]:
        for bid in group["members"]:
            for pid in members_of_base[bid]:
                groups[int(pid)] = int(group["id"])
    return PolisConversation(store=store, groups=groups, math=math)


def load_open_data(folder: Path) -> PolisConversation:
    """An open-data export: final votes and Polis's groups from participants-votes.csv,
    moderation from comments.csv (moderated = -1 is left out, as Polis does)."""
    store = VoteStore()
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as f:
        moderation = {int(r["comment-id"]): int(r["moderated"]) for r in csv.DictReader(f)}
    groups: dict[int, int] = {}
    pids: list[int] = []
    sids: list[int] = []
    values: list[int] = []
    with (folder / "participants-votes.csv").open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        first = header.index("n-disagree") + 1
        columns = [int(h) for h in header[first:]]
        for sid in sorted(columns):
            store.statement(sid)
        for row in reader:
            pid = int(row[0])
            if row[1] != "":
                groups[pid] = int(float(row[1]))
            for sid, cell in zip(columns, row[first:], strict=True):
                if cell != "":
                    pids.append(pid)
                    sids.append(sid)
                    values.append(int(float(cell)))
    for sid, state in moderation.items():
        if state == -1 and store.statement_index(sid) is not None:
            store.moderate(sid, out=True)
    store.add_votes(pids, sids, values)
    return PolisConversation(store=store, groups=groups, math=None)
