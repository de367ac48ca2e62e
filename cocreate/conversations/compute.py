"""From stored votes to an opinion snapshot, with the engine (cocreate.engines.opinions).

Runs in the background task (tasks.recompute_opinions) as two steps:

- ``results``: the recompute. It does not rebuild the vote matrix from the database: the worker
  keeps each conversation's compact vote store and the engine's warm state (PCA axes, base and
  group clusters, the group-count smoother) in memory, reads only the votes and statements
  changed since the last read (index ``vote_changed_since``), runs the engine warm and writes the
  snapshot (aggregates as JSON, the group of each voter as a compact array).
- ``maintain``: housekeeping once the results are out, at most every ``HOUSEKEEPING_EVERY``. A
  vote deleted (not changed) leaves no trace in a read of changes, so the store's vote count is
  checked against the database's, in the same database snapshot as a read of the changes; a
  difference rebuilds the store and computes the results again. Then the store and the warm
  state are persisted as blobs (``OpinionVoteStore``), so that a restarted worker continues from
  them instead of starting cold. Counting every vote is the one step that grows with the whole
  conversation, which is why it is not on every recompute's path.

A full rebuild happens only for a conversation never computed, or when votes (or a statement)
were deleted.

Votes are read as numpy arrays, never as one Python object per vote: on PostgreSQL through a
binary ``COPY`` (fixed-width records parsed by ``np.frombuffer``), elsewhere through the ORM in
batches. Participant and statement UUIDs are factorised in numpy, so Python touches each
distinct id once, not each vote.
"""

from __future__ import annotations

import string
import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from cocreate.conversations.models import (
    Conversation,
    OpinionSnapshot,
    OpinionVoteStore,
    Statement,
    Vote,
)
from cocreate.engines import opinions

# A vote saved just before a read may commit just after it (and app servers' clocks drift a
# little): every read looks this far back again. Re-adding a vote already in the store changes
# nothing, and the timeline skips the votes it already counted (``_Live.recent``).
READ_OVERLAP = timedelta(seconds=30)
# The vote count is checked and the persisted blob rewritten at most this often (the in-memory
# store is always current; a vote deleted meanwhile is seen at the next check).
HOUSEKEEPING_EVERY = timedelta(seconds=30)

# Timestamps are kept as microseconds since PostgreSQL's epoch (its binary format), hours as
# whole UTC hours since then.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_HOUR = 3_600_000_000
_BATCH = 50_000  # votes per parsed chunk: bounds the transient memory of a full read


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


@dataclass
class _Live:
    store: opinions.VoteStore
    read_until: datetime  # when the last read started (worker clock)
    state: opinions.OpinionState | None = None
    numbers: dict[Hashable, int] = field(default_factory=dict)  # statement id -> its number
    votes_by_hour: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    newcomers_by_hour: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    # Votes cast inside the last read's overlap window, already counted in the timeline.
    recent_ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    recent_cast: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    persisted_at: datetime | None = None
    verified_at: datetime | None = None  # when the vote count last matched the database's


_live: dict[uuid.UUID, _Live] = {}


# -- reading votes as arrays --------------------------------------------------------------------
@dataclass(frozen=True)
class _Chunk:
    ids: npt.NDArray[np.int64]
    p_hi: npt.NDArray[np.uint64]  # a UUID as two big-endian 64-bit halves
    p_lo: npt.NDArray[np.uint64]
    s_hi: npt.NDArray[np.uint64]
    s_lo: npt.NDArray[np.uint64]
    values: npt.NDArray[np.int64]
    cast: npt.NDArray[np.int64]  # created_at, microseconds since 2000-01-01 UTC


_COLUMNS = ("id", "participant_id", "statement_id", "value", "created_at")
# PostgreSQL binary COPY of those columns: per record a field count, then length + value each.
_RECORD = np.dtype(
    [
        ("fields", ">i2"),
        ("id_len", ">i4"), ("id", ">i8"),
        ("p_len", ">i4"), ("p_hi", ">u8"), ("p_lo", ">u8"),
        ("s_len", ">i4"), ("s_hi", ">u8"), ("s_lo", ">u8"),
        ("v_len", ">i4"), ("value", ">i2"),
        ("c_len", ">i4"), ("cast", ">i8"),
    ]
)  # fmt: skip
_LENGTHS = {"fields": 5, "id_len": 8, "p_len": 16, "s_len": 16, "v_len": 2, "c_len": 8}
_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def _vote_chunks(votes: QuerySet[Vote]) -> Iterator[_Chunk]:
    rows = votes.values_list(*_COLUMNS)
    if connection.vendor == "postgresql":
        yield from _copy_chunks(rows)
    else:
        yield from _orm_chunks(rows)


def _copy_chunks(rows: QuerySet[Any]) -> Iterator[_Chunk]:
    """The query's result as a binary COPY stream, parsed a few MB at a time."""
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    size = _RECORD.itemsize
    copy_sql = f"COPY ({sql}) TO STDOUT (FORMAT BINARY)"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql, params) as copy:
        pending = bytearray()
        header = True
        for block in copy:
            pending += block
            if header:
                if len(pending) < 19:
                    continue
                if bytes(pending[:11]) != _SIGNATURE:
                    raise ValueError("not a PostgreSQL binary COPY stream")
                skip = 19 + int.from_bytes(pending[15:19], "big")
                if len(pending) < skip:
                    continue
                del pending[:skip]
                header = False
            whole = (len(pending) // size) * size
            if whole >= _BATCH * size:
                yield _parse_records(bytes(pending[:whole]))
                del pending[:whole]
        whole = (len(pending) // size) * size
        if whole:
            yield _parse_records(bytes(pending[:whole]))
        if bytes(pending[whole:]) != b"\xff\xff":
            raise ValueError("a PostgreSQL binary COPY stream ended unexpectedly")


def _parse_records(data: bytes) -> _Chunk:
    records = np.frombuffer(data, dtype=_RECORD)
    for name, expected in _LENGTHS.items():
        if np.any(records[name] != expected):
            raise ValueError(f"unexpected field layout in the vote stream ({name})")
    return _Chunk(
        ids=records["id"].astype(np.int64),
        p_hi=records["p_hi"].astype(np.uint64),
        p_lo=records["p_lo"].astype(np.uint64),
        s_hi=records["s_hi"].astype(np.uint64),
        s_lo=records["s_lo"].astype(np.uint64),
        values=records["value"].astype(np.int64),
        cast=records["cast"].astype(np.int64),
    )


def _orm_chunks(rows: QuerySet[Any]) -> Iterator[_Chunk]:
    """Any other database (SQLite for the demo and local tests): the ORM, a batch at a time."""
    mask = (1 << 64) - 1
    stream = rows.iterator(chunk_size=_BATCH)
    while batch := list(islice(stream, _BATCH)):
        ids, pids, sids, values, created = zip(*batch, strict=True)
        p_int = [p.int for p in pids]
        s_int = [s.int for s in sids]
        yield _Chunk(
            ids=np.array(ids, dtype=np.int64),
            p_hi=np.array([i >> 64 for i in p_int], dtype=np.uint64),
            p_lo=np.array([i & mask for i in p_int], dtype=np.uint64),
            s_hi=np.array([i >> 64 for i in s_int], dtype=np.uint64),
            s_lo=np.array([i & mask for i in s_int], dtype=np.uint64),
            values=np.array(values, dtype=np.int64),
            cast=np.array([_micros(c) for c in created], dtype=np.int64),
        )


class _Factoriser:
    """Dense codes for UUIDs given as (hi, lo) halves; Python sees each distinct UUID once."""

    def __init__(self) -> None:
        self.codes: dict[int, int] = {}

    def __call__(self, hi: npt.NDArray[np.uint64], lo: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
        if hi.size == 0:
            return np.zeros(0, dtype=np.int64)
        u_hi, first, inverse = np.unique(hi, return_index=True, return_inverse=True)
        u_lo = lo[first]
        if not np.array_equal(u_lo[inverse], lo):  # two UUIDs share their first half: exact way
            pairs, inverse = np.unique(np.stack([hi, lo], axis=1), axis=0, return_inverse=True)
            u_hi, u_lo = pairs[:, 0], pairs[:, 1]
        codes = self.codes
        lookup = np.fromiter(
            (
                codes.setdefault((h << 64) | lo_, len(codes))
                for h, lo_ in zip(u_hi.tolist(), u_lo.tolist(), strict=True)
            ),
            dtype=np.int64,
            count=u_hi.shape[0],
        )
        return np.asarray(lookup[inverse.reshape(-1)], dtype=np.int64)

    def uuids(self) -> list[uuid.UUID]:
        return [uuid.UUID(int=key) for key in self.codes]


def _read_into(live: _Live, votes: QuerySet[Vote], *, started: datetime, counted_before: int | None) -> None:
    """Add ``votes`` to the live store, newcomers in the order of their first vote; the
    timeline counts the votes cast at or after ``counted_before`` (None: all) it has not
    counted yet."""
    store = live.store
    participants, statements = _Factoriser(), _Factoriser()
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    values: list[npt.NDArray[np.int64]] = []
    first_id = np.zeros(0, dtype=np.int64)
    first_cast = np.zeros(0, dtype=np.int64)
    window = _micros(started - READ_OVERLAP)
    recent_ids, recent_cast = [live.recent_ids], [live.recent_cast]
    for chunk in _vote_chunks(votes):
        p = participants(chunk.p_hi, chunk.p_lo)
        if len(participants.codes) > first_id.shape[0]:
            grow = len(participants.codes) - first_id.shape[0]
            first_id = np.concatenate([first_id, np.full(grow, np.iinfo(np.int64).max)])
            first_cast = np.concatenate([first_cast, np.full(grow, np.iinfo(np.int64).max)])
        np.minimum.at(first_id, p, chunk.ids)
        np.minimum.at(first_cast, p, chunk.cast)
        rows.append(p.astype(np.int32))
        cols.append(statements(chunk.s_hi, chunk.s_lo).astype(np.int32))
        values.append(chunk.values.astype(np.int8))
        fresh = ~np.isin(chunk.ids, live.recent_ids)
        if counted_before is not None:
            fresh &= chunk.cast >= counted_before
        hours, counts = np.unique(chunk.cast[fresh] // _HOUR, return_counts=True)
        for hour, n in zip(hours.tolist(), counts.tolist(), strict=True):
            live.votes_by_hour[hour] += n
        in_window = fresh & (chunk.cast >= window)
        recent_ids.append(chunk.ids[in_window])
        recent_cast.append(chunk.cast[in_window])
    ids = np.concatenate(recent_ids)
    cast = np.concatenate(recent_cast)
    keep = cast >= window
    live.recent_ids, live.recent_cast = ids[keep], cast[keep]
    if not rows:
        return
    # Known participants keep their index; newcomers are appended in the order of their first
    # vote, as a full rebuild orders everyone, so both give the same matrix.
    uuids = participants.uuids()
    known = np.array([_or_minus_one(store.participant_index(u)) for u in uuids], dtype=np.int64)
    newcomers = np.flatnonzero(known < 0)
    newcomers = newcomers[np.argsort(first_id[newcomers], kind="stable")]
    index_of = known
    index_of[newcomers] = store.participants([uuids[i] for i in newcomers.tolist()])
    hours, counts = np.unique(first_cast[newcomers] // _HOUR, return_counts=True)
    for hour, n in zip(hours.tolist(), counts.tolist(), strict=True):
        live.newcomers_by_hour[hour] += n
    statement_index = store.statements(statements.uuids())
    store.add_indexed_votes(
        index_of[np.concatenate(rows)], statement_index[np.concatenate(cols)], np.concatenate(values)
    )


def _or_minus_one(index: int | None) -> int:
    return -1 if index is None else index


# -- the live store ------------------------------------------------------------------------------
def build_store(conversation: Conversation) -> tuple[opinions.VoteStore, dict[Hashable, int]]:
    """The full rebuild: every vote of the conversation, participants in the order they first
    voted."""
    live = _rebuild(conversation)
    return live.store, live.numbers


def _sync_statements(conversation: Conversation, live: _Live, *, since: datetime | None) -> bool:
    """Statements and their moderation: pending and hidden ones are out of the math. Only those
    changed since ``since`` are read (all when None). False when a statement the store knows is
    gone (deleted, and its votes with it): the store must be rebuilt."""
    statements = conversation.statements.all()
    if since is not None:
        statements = statements.filter(updated_at__gte=since)
    rows = list(statements.values_list("pk", "number", "state"))
    store = live.store
    store.statements([pk for pk, _number, _state in rows])
    moderated = store.moderated_indices()
    for pk, number, state in rows:
        out = state != Statement.State.PUBLISHED
        if out != (store.statement_index(pk) in moderated):
            store.moderate(pk, out=out)
        live.numbers[pk] = number
    return since is None or conversation.statements.count() == len(live.numbers)


def _rebuild(conversation: Conversation) -> _Live:
    started = timezone.now()
    # Everything is read: the store is as checked as a vote count would make it.
    live = _Live(store=opinions.VoteStore(), read_until=started, verified_at=started)
    _sync_statements(conversation, live, since=None)
    _read_into(live, conversation.votes.all(), started=started, counted_before=None)
    return live


def _restore(conversation: Conversation) -> _Live | None:
    saved = OpinionVoteStore.objects.filter(conversation=conversation).defer("store").first()
    if saved is None:
        return None
    try:
        store = opinions.VoteStore.from_bytes(_store_blob(saved))
        state = opinions.state_from_bytes(bytes(saved.state)) if saved.state else None
        timeline = saved.timeline or {}
        recent = np.array(timeline.get("recent", []), dtype=np.int64).reshape(-1, 2)
        live = _Live(
            store=store,
            read_until=saved.read_until,
            state=state,
            persisted_at=saved.saved_at,
            recent_ids=recent[:, 0].copy(),
            recent_cast=recent[:, 1].copy(),
        )
        for key, target in (("votes", live.votes_by_hour), ("newcomers", live.newcomers_by_hour)):
            for hour, n in timeline.get(key, {}).items():
                target[int(hour)] = int(n)
    except (ValueError, TypeError, AttributeError):
        return None  # a damaged or outdated blob: rebuild from the votes
    return live


def _store_blob(saved: OpinionVoteStore) -> bytes:
    """The store blob; on PostgreSQL in binary (Django's cursor would fetch it as hex text, twice
    the bytes to move and decode)."""
    if connection.vendor != "postgresql":
        return bytes(OpinionVoteStore.objects.values_list("store", flat=True).get(pk=saved.pk))
    import psycopg  # the PostgreSQL driver: only there

    query = psycopg.sql.SQL("SELECT store FROM {} WHERE id = %s").format(
        psycopg.sql.Identifier(OpinionVoteStore._meta.db_table)
    )
    with connection.cursor() as cursor:
        binary = psycopg.Cursor(cursor.cursor.connection)
        binary.execute(query, [saved.pk], binary=True)
        row = binary.fetchone()
    if row is None:
        raise ValueError("the vote-store blob is gone")
    return bytes(row[0])


def _read_changes(conversation: Conversation, live: _Live) -> None:
    """Only the votes changed since the last read (plus the overlap)."""
    started = timezone.now()
    since = live.read_until - READ_OVERLAP
    changed = conversation.votes.filter(updated_at__gte=since)
    _read_into(live, changed, started=started, counted_before=_micros(since))
    live.read_until = started


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Statements, changed votes and the vote count from the same database snapshot, so that a
    vote landing between two reads is neither missed nor mistaken for a deletion."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def current_store(conversation: Conversation, *, verify: bool = False) -> _Live:
    """The conversation's vote store, brought up to date by reading only what changed. With
    ``verify`` the store's vote count is also checked against the database's (a full count: the
    housekeeping's job, see ``maintain``), and a difference rebuilds the store."""
    live = _live.get(conversation.pk)
    if live is not None and live.persisted_at is not None and not _saved_store_exists(conversation):
        # The saved store was dropped because a person's data was erased (conversations/privacy.py):
        # the store in memory still holds their votes under their id, so it is rebuilt.
        live = None
    live = live or _restore(conversation)
    with _one_snapshot():
        if live is None:
            live = _rebuild(conversation)
        else:
            # A store just read back from its blob learns every statement's number again.
            since = live.read_until - READ_OVERLAP if live.numbers else None
            intact = _sync_statements(conversation, live, since=since)
            if intact:
                _read_changes(conversation, live)
            if not intact or (verify and len(live.store) != conversation.votes.count()):
                live = _rebuild(conversation)  # votes were deleted: start over
            elif verify:
                live.verified_at = live.read_until
    _live[conversation.pk] = live
    return live


def _saved_store_exists(conversation: Conversation) -> bool:
    return OpinionVoteStore.objects.filter(conversation=conversation).exists()


def _persist(conversation: Conversation, live: _Live, now: datetime) -> None:
    fields = {
        "store": live.store.to_bytes(),
        "state": opinions.state_to_bytes(live.state) if live.state is not None else None,
        "read_until": live.read_until,
        "votes": len(live.store),
        "timeline": {
            "votes": {str(h): n for h, n in live.votes_by_hour.items()},
            "newcomers": {str(h): n for h, n in live.newcomers_by_hour.items()},
            "recent": np.stack([live.recent_ids, live.recent_cast], axis=1).tolist(),
        },
        "saved_at": now,
    }
    # No update_or_create: it would first read the old blob back (megabytes) to lock it.
    if not OpinionVoteStore.objects.filter(conversation=conversation).update(**fields):
        OpinionVoteStore.objects.create(conversation=conversation, **fields)
    live.persisted_at = now


def results(conversation: Conversation) -> OpinionSnapshot:
    """The recompute: the live store brought up to date, the engine run warm, the snapshot saved."""
    live = current_store(conversation)
    result = opinions.compute_opinions(live.store, opinions.OpinionParams(), previous=live.state)
    live.state = result.state
    matrix = live.store.matrix()
    number_of = [live.numbers.get(sid, 0) for sid in matrix.statement_ids]
    data = snapshot_data(result, number_of, matrix.n_participants)
    data["timeline"] = _timeline(live)
    fields: dict[str, Any] = {
        "computed_at": timezone.now(),
        "votes_counted": matrix.n_votes,
        "data": data,
        "voter_groups": OpinionSnapshot.pack_voter_groups(result.labels),
    }
    # Saved by primary key, without update_or_create's read of the old snapshot to lock it.
    pk = OpinionSnapshot.objects.filter(conversation=conversation).values_list("pk", flat=True).first()
    snapshot = OpinionSnapshot(pk=pk, conversation=conversation, **fields)
    if pk is None:
        try:
            with transaction.atomic():
                snapshot.save(force_insert=True)
            return snapshot
        except IntegrityError:  # another run created it meanwhile: update that one
            snapshot.pk = OpinionSnapshot.objects.values_list("pk", flat=True).get(conversation=conversation)
    snapshot.save(update_fields=list(fields))
    return snapshot


def maintain(conversation: Conversation, *, now: datetime | None = None) -> OpinionSnapshot | None:
    """Housekeeping after the results, at most every ``HOUSEKEEPING_EVERY`` (and at once after a
    restart): the vote count checked against the database's, then the store persisted. Returns
    the new snapshot when the check found deleted votes and the results were computed again."""
    live = _live.get(conversation.pk)
    now = now or timezone.now()
    if live is None:
        return None
    verify = live.verified_at is None or now - live.verified_at >= HOUSEKEEPING_EVERY
    persist = live.persisted_at is None or now - live.persisted_at >= HOUSEKEEPING_EVERY
    snapshot = None
    if verify and current_store(conversation, verify=True) is not live:  # rebuilt: votes were deleted
        snapshot = results(conversation)
        persist = True
    if persist:
        _persist(conversation, _live[conversation.pk], now)
    return snapshot


def compute(conversation: Conversation) -> OpinionSnapshot:
    """What the task runs: the results, then the housekeeping."""
    snapshot = results(conversation)
    return maintain(conversation) or snapshot


def group_label(group_id: int) -> str:
    return string.ascii_uppercase[group_id % 26]


def snapshot_data(
    result: opinions.OpinionResult, number_of: list[int], n_participants: int
) -> dict[str, Any]:
    """Aggregates only: groups, statements by number, base-cluster points (never one person)."""
    clustered = int(result.in_conversation.sum()) if n_participants else 0
    groups: list[dict[str, Any]] = []
    for g in result.groups:
        groups.append(
            {
                "id": int(g.id),
                "label": group_label(int(g.id)),
                "size": len(g.members),
                "share": round(100 * len(g.members) / clustered) if clustered else 0,
                "center": [round(float(c), 4) for c in g.center],
                "representative": [
                    {
                        "statement": number_of[r.statement],
                        "direction": r.direction,
                        "percent": round(100 * r.n_success / r.n_trials) if r.n_trials else 0,
                        "votes": int(r.n_trials),
                        "repness": round(float(r.repness), 3),
                    }
                    for r in g.representative
                ],
            }
        )
    # Participants per (base cluster, group): one key per pair, counted by numpy (a large
    # conversation has tens of thousands of participants).
    clustered_rows = result.base_labels >= 0
    n_keys = max(len(result.groups), 1)
    keys, sizes = np.unique(
        result.base_labels[clustered_rows] * n_keys + result.labels[clustered_rows], return_counts=True
    )
    base_points = [
        {
            "x": round(float(result.base_centers[b][0]), 4),
            "y": round(float(result.base_centers[b][1]), 4),
            "group": group,
            "count": count,
        }
        for b, group, count in zip(
            (keys // n_keys).tolist(), (keys % n_keys).tolist(), sizes.tolist(), strict=True
        )
        if b < len(result.base_centers)
    ]
    counts = result.group_counts

    def by_group(j: int) -> list[dict[str, Any]]:
        """How each group voted on statement ``j``: shares of those in the group who saw it."""
        out = []
        for g in result.groups:
            seen = int(counts.seen[g.id, j])
            out.append(
                {
                    "label": group_label(int(g.id)),
                    "id": int(g.id),
                    "agree": round(100 * float(counts.agree[g.id, j]) / seen) if seen else 0,
                    "disagree": round(100 * float(counts.disagree[g.id, j]) / seen) if seen else 0,
                    "votes": seen,
                }
            )
        return out

    for group, engine_group in zip(groups, result.groups, strict=True):
        for item, rep in zip(group["representative"], engine_group.representative, strict=True):
            item["groups"] = by_group(rep.statement)
    total_seen = counts.seen.sum(axis=0) if counts.seen.size else np.zeros(len(number_of))
    return {
        "participants": int(n_participants),
        "clustered": clustered,
        "groups": groups,
        # Group-informed: every group leans that way (a minority's rejection rules it out).
        "consensus": {
            direction: [
                {
                    "statement": number_of[c.statement],
                    "percent": round(100 * sum(c.group_success) / max(sum(c.group_seen), 1)),
                    "score": round(c.score, 4),
                    "groups": by_group(c.statement) if result.groups else [],
                }
                for c in stats
            ]
            for direction, stats in result.group_consensus.items()
        },
        "divisive": [
            {
                "statement": number_of[d.statement],
                "score": round(float(d.score), 3),
                "votes": int(total_seen[d.statement]),
                "groups": by_group(d.statement),
            }
            for d in result.divisive
        ],
        "priorities": {
            str(number_of[i]): round(float(p), 4) for i, p in enumerate(result.priorities) if np.isfinite(p)
        },
        "points": base_points,
    }


def _timeline(live: _Live) -> list[dict[str, Any]]:
    """Participation over time, by UTC hour: votes cast and participants seen for the first time."""
    out = []
    total_votes = total_people = 0
    for hour in sorted(set(live.votes_by_hour) | set(live.newcomers_by_hour)):
        total_votes += live.votes_by_hour.get(hour, 0)
        total_people += live.newcomers_by_hour.get(hour, 0)
        moment = _EPOCH + timedelta(hours=hour)
        out.append({"hour": moment.isoformat(), "votes": total_votes, "participants": total_people})
    return out[-200:]


def forget_warm_state(conversation_id: uuid.UUID) -> None:
    """Drop the worker's live copy (the persisted blob stays and is read back next time)."""
    _live.pop(conversation_id, None)


__all__ = ["Vote", "build_store", "compute", "current_store", "forget_warm_state"]
