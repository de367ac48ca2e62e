"""Readers for Pol.is exports (open-data CSVs and the polis-math test fixtures) into a VoteStore.

Used by the tests and benchmarks to compare this engine with Polis; plain ``csv``/``json``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .pipeline import OpinionParams, OpinionResult, OpinionState, compute_opinions
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


class PolisFormatError(ValueError):
    """A Polis export that cannot be read: names the file, the line and what is wrong."""


def _open_csv(path: Path, required: set[str]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    if not path.is_file():
        raise PolisFormatError(f"{path}: file not found")
    f = path.open(newline="", encoding="utf-8-sig")
    reader = csv.reader(f)
    header = [h.strip() for h in next(reader, [])]
    missing = required - set(header)
    if missing:
        f.close()
        raise PolisFormatError(f"{path}: no column {', '.join(sorted(missing))} in the header {header[:8]}")

    def rows() -> Iterator[tuple[int, list[str]]]:
        with f:
            for row in reader:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # a trailing blank line
                if len(row) != len(header):
                    raise PolisFormatError(
                        f"{path}, line {reader.line_num}: {len(row)} cells for {len(header)} columns"
                    )
                yield reader.line_num, row

    return header, rows()


def _number(path: Path, line: int, column: str, cell: str) -> int:
    """Polis writes integers, some exports as floats ("1.0"); anything else is an error."""
    try:
        value = float(cell)
    except ValueError:
        raise PolisFormatError(f"{path}, line {line}: {column} is {cell!r}, not a number") from None
    if not value.is_integer():
        raise PolisFormatError(f"{path}, line {line}: {column} is {cell!r}, not a whole number")
    return int(value)


def read_moderation(path: Path) -> dict[int, int]:
    """comments.csv: statement id -> moderation state (-1 out, 0 unmoderated, 1 in)."""
    header, rows = _open_csv(path, {"comment-id", "moderated"})
    cid, mod = header.index("comment-id"), header.index("moderated")
    return {
        _number(path, line, "comment-id", row[cid]): _number(path, line, "moderated", row[mod])
        for line, row in rows
    }


def read_participants_votes(path: Path) -> tuple[dict[int, int], list[int], list[int], list[int], list[int]]:
    """participants-votes.csv, by column name: older exports start ``participant, group-id, …``,
    newer ones ``participant, xid, group-id, …``; statement columns are the ones whose name is a
    statement id (an integer). Returns (groups, statement ids, pids, sids, votes)."""
    header, rows = _open_csv(path, {"participant", "group-id"})
    p_col, g_col = header.index("participant"), header.index("group-id")
    statement_cols = [(i, int(h)) for i, h in enumerate(header) if h.lstrip("-").isdigit()]
    if not statement_cols:
        raise PolisFormatError(f"{path}: no statement columns (integer names) in the header")
    groups: dict[int, int] = {}
    pids: list[int] = []
    sids: list[int] = []
    values: list[int] = []
    for line, row in rows:
        pid = _number(path, line, "participant", row[p_col])
        if row[g_col].strip():
            groups[pid] = _number(path, line, "group-id", row[g_col])
        for i, sid in statement_cols:
            cell = row[i].strip()
            if cell:
                vote = _number(path, line, f"the vote on {sid}", cell)
                if vote not in (-1, 0, 1):
                    raise PolisFormatError(f"{path}, line {line}: the vote on {sid} is {cell!r}")
                pids.append(pid)
                sids.append(sid)
                values.append(vote)
    return groups, sorted(sid for _, sid in statement_cols), pids, sids, values


def read_votes(path: Path) -> list[tuple[int, int, int, int]]:
    """votes.csv (every vote as cast): (timestamp, voter id, statement id, vote), oldest first."""
    header, rows = _open_csv(path, {"timestamp", "comment-id", "voter-id", "vote"})
    t, c, v, x = (header.index(n) for n in ("timestamp", "comment-id", "voter-id", "vote"))
    out = [
        (
            _number(path, line, "timestamp", row[t]),
            _number(path, line, "voter-id", row[v]),
            _number(path, line, "comment-id", row[c]),
            _number(path, line, "vote", row[x]),
        )
        for line, row in rows
    ]
    out.sort()
    return out


def load_open_data(folder: Path) -> PolisConversation:
    """An open-data export: final votes and Polis's groups from participants-votes.csv,
    moderation from comments.csv (moderated = -1 is moderated out, as in Polis's ``:mod-out``)."""
    moderation = read_moderation(folder / "comments.csv")
    groups, statements, pids, sids, values = read_participants_votes(folder / "participants-votes.csv")
    store = VoteStore()
    for sid in statements:
        store.statement(sid)
    for sid, state in moderation.items():
        if state == -1 and store.statement_index(sid) is not None:
            store.moderate(sid, out=True)
    store.add_votes(pids, sids, values)
    return PolisConversation(store=store, groups=groups, math=None)


def replay_by_arrival(
    conv: PolisConversation, steps: int = 30, params: OpinionParams | None = None
) -> tuple[VoteStore, OpinionResult]:
    """Recompute as Polis did while the conversation ran: participants arrive in the order of
    their Polis ids (ids are handed out on arrival), each step adds the next share of them with
    their votes, and every run is warm-started from the previous one (``:in-conv`` kept,
    base and group clusters recentred, the group count smoothed). An export holds final votes
    only, so this is the history Polis saw up to the order of votes within a step."""
    final = conv.store.matrix()
    store = VoteStore()
    for j, sid in enumerate(final.statement_ids):
        store.statement(sid, meta=bool(final.meta[j]))
        if final.moderated_out[j]:
            store.moderate(sid, out=True)
    order = sorted(range(final.n_participants), key=lambda i: final.participant_ids[i])  # type: ignore[arg-type,return-value]
    previous: OpinionState | None = None
    result = compute_opinions(store, params)
    for chunk in np.array_split(np.array(order, dtype=np.int64), max(1, steps)):
        for i in chunk.tolist():
            lo, hi = int(final.indptr[i]), int(final.indptr[i + 1])
            pid = final.participant_ids[i]
            store.add_votes(
                [pid] * (hi - lo),
                [final.statement_ids[j] for j in final.indices[lo:hi].tolist()],
                final.votes[lo:hi].astype(np.int64),
            )
        result = compute_opinions(store, params, previous=previous)
        previous = result.state
    return store, result


def polis_labels(conv: PolisConversation, store: VoteStore | None = None) -> npt.NDArray[np.int64]:
    """Polis's group of every participant of ``store`` (default: the conversation's), as dense
    indices 0..g-1 in the order of Polis's group ids; -1 where Polis grouped nobody."""
    m = (store or conv.store).matrix()
    ids = sorted(set(conv.groups.values()))
    index = {g: i for i, g in enumerate(ids)}
    return np.array([index.get(conv.groups.get(p, -1), -1) for p in m.participant_ids], dtype=np.int64)  # type: ignore[call-overload]
