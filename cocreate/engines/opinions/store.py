"""An in-place updatable store of votes (participants × statements).

Votes arrive one at a time while a conversation runs, and the opinion pipeline wants a compressed
sparse row (CSR) matrix. Rebuilding a matrix per vote would be quadratic, so new votes go into an
append buffer (amortised O(1)); the buffer is merged into a sorted key array only when a snapshot is
asked for, which costs one ``searchsorted`` and one ``insert`` — O(votes) memory moves in C, no
Python loop and no re-sort of the whole store. A vote on a pair that already has one replaces it
(last write wins), so a changed mind is one more ``add_vote`` call.

Keys are ``participant_index << 32 | statement_index``: sorting keys sorts row-major, which is CSR
order, so a snapshot needs no sort at all. Codes are ``vote + 2`` (1, 2, 3) so that a pass (0) is
still a stored entry; "not voted" is the absence of a key.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

AGREE = 1
DISAGREE = -1
PASS = 0

_SHIFT = np.int64(32)
_LOW = np.int64(0xFFFFFFFF)


@dataclass(frozen=True)
class VoteMatrix:
    """A read-only snapshot of the votes, in CSR parts.

    ``indptr``/``indices`` give, for each participant row, the statements voted on (sorted);
    ``votes`` holds +1 / -1 / 0 for those entries. ``moderated_out`` and ``meta`` are boolean masks
    over statements; ``participant_ids`` and ``statement_ids`` map indices back to the caller's ids.
    """

    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int32]
    votes: npt.NDArray[np.int8]
    participant_ids: tuple[Hashable, ...]
    statement_ids: tuple[Hashable, ...]
    moderated_out: npt.NDArray[np.bool_]
    meta: npt.NDArray[np.bool_]
    version: int = 0

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_statements(self) -> int:
        return len(self.statement_ids)

    @property
    def n_votes(self) -> int:
        return int(self.indices.shape[0])

    def rows(self) -> npt.NDArray[np.int64]:
        """The participant index of every stored vote (COO rows)."""
        counts = np.diff(self.indptr)
        return np.repeat(np.arange(self.n_participants, dtype=np.int64), counts)

    def votes_per_participant(self) -> npt.NDArray[np.int64]:
        return np.diff(self.indptr)


@dataclass
class _Buffer:
    keys: npt.NDArray[np.int64] = field(default_factory=lambda: np.empty(1024, dtype=np.int64))
    codes: npt.NDArray[np.int8] = field(default_factory=lambda: np.empty(1024, dtype=np.int8))
    size: int = 0

    def reserve(self, extra: int) -> None:
        need = self.size + extra
        if need <= self.keys.shape[0]:
            return
        capacity = max(need, 2 * self.keys.shape[0])
        keys = np.empty(capacity, dtype=np.int64)
        codes = np.empty(capacity, dtype=np.int8)
        keys[: self.size] = self.keys[: self.size]
        codes[: self.size] = self.codes[: self.size]
        self.keys, self.codes = keys, codes


class VoteStore:
    """Participants × statements votes with amortised O(1) appends and lazy CSR snapshots.

    Participants and statements are named by any hashable id (a UUID, a database key); they get
    dense indices in the order they are first seen (new integer ids of one ``add_votes`` call in
    ascending order).
    """

    def __init__(self) -> None:
        self._participant_index: dict[Hashable, int] = {}
        self._participant_ids: list[Hashable] = []
        self._statement_index: dict[Hashable, int] = {}
        self._statement_ids: list[Hashable] = []
        self._moderated_out: set[int] = set()
        self._meta: set[int] = set()
        self._keys: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._codes: npt.NDArray[np.int8] = np.empty(0, dtype=np.int8)
        self._buffer = _Buffer()
        self._version = 0
        self._snapshot: VoteMatrix | None = None

    # -- ids ---------------------------------------------------------------------------------
    def participant(self, pid: Hashable) -> int:
        """The dense index of a participant, registering them if new."""
        index = self._participant_index.get(pid)
        if index is None:
            index = len(self._participant_ids)
            self._participant_index[pid] = index
            self._participant_ids.append(pid)
            self._touch()
        return index

    def statement(self, sid: Hashable, *, meta: bool = False) -> int:
        """The dense index of a statement, registering it if new (a statement may have no votes)."""
        index = self._statement_index.get(sid)
        if index is None:
            index = len(self._statement_ids)
            self._statement_index[sid] = index
            self._statement_ids.append(sid)
            self._touch()
        if meta and index not in self._meta:
            self._meta.add(index)
            self._touch()
        return index

    @property
    def n_participants(self) -> int:
        return len(self._participant_ids)

    @property
    def n_statements(self) -> int:
        return len(self._statement_ids)

    def __len__(self) -> int:
        """Number of distinct (participant, statement) votes."""
        self._flush()
        return int(self._keys.shape[0])

    # -- moderation ---------------------------------------------------------------------------
    def moderate(self, sid: Hashable, *, out: bool) -> None:
        """Moderate a statement out (hidden, ignored by the math) or back in."""
        index = self.statement(sid)
        if out:
            self._moderated_out.add(index)
        else:
            self._moderated_out.discard(index)
        self._touch()

    def moderated_indices(self) -> frozenset[int]:
        """Dense indices of the statements moderated out."""
        return frozenset(self._moderated_out)

    def set_meta(self, sid: Hashable, meta: bool = True) -> None:
        """Meta statements (about the participant, not the topic) stay out of the clustering."""
        index = self.statement(sid)
        if meta:
            self._meta.add(index)
        else:
            self._meta.discard(index)
        self._touch()

    # -- votes --------------------------------------------------------------------------------
    def add_vote(self, pid: Hashable, sid: Hashable, vote: int) -> None:
        """Record a vote (+1 agree, -1 disagree, 0 pass); it replaces an earlier vote on the pair."""
        if (
            isinstance(vote, bool)
            or not isinstance(vote, int | np.integer)
            or vote not in (AGREE, DISAGREE, PASS)
        ):
            raise ValueError(f"a vote is the integer -1, 0 or +1, not {vote!r}")
        vote = int(vote)
        row = self.participant(pid)
        col = self.statement(sid)
        buffer = self._buffer
        buffer.reserve(1)
        buffer.keys[buffer.size] = (row << 32) | col
        buffer.codes[buffer.size] = vote + 2
        buffer.size += 1
        self._touch()

    def add_votes(
        self,
        pids: Sequence[Hashable] | npt.NDArray[np.generic],
        sids: Sequence[Hashable] | npt.NDArray[np.generic],
        votes: Sequence[int] | npt.NDArray[np.integer],
    ) -> None:
        """Record many votes at once, in order (a later vote on the same pair wins).

        Votes must be integers -1, 0 or +1: a float (0.5, or 1.0 from a careless CSV reader) or
        anything out of range is refused with the position of the first offender, never
        truncated (``np.asarray(..., dtype=int64)`` would silently turn 0.7 into 0)."""
        vote_arr = _checked_votes(votes)
        if vote_arr.size == 0:
            return
        rows = self._indices_for(pids, self.participants)
        cols = self._indices_for(sids, self.statements)
        if not (rows.shape == cols.shape == vote_arr.shape):
            raise ValueError("pids, sids and votes must have the same length")
        buffer = self._buffer
        buffer.reserve(vote_arr.size)
        end = buffer.size + vote_arr.size
        buffer.keys[buffer.size : end] = (rows << _SHIFT) | cols
        buffer.codes[buffer.size : end] = (vote_arr + 2).astype(np.int8)
        buffer.size = end
        self._touch()

    def add_indexed_votes(
        self,
        rows: npt.NDArray[np.integer],
        cols: npt.NDArray[np.integer],
        votes: Sequence[int] | npt.NDArray[np.integer],
    ) -> None:
        """Record many votes given by dense indices (from :meth:`participants` and
        :meth:`statements`), in order; the bulk path of a database reader, no per-vote Python."""
        vote_arr = _checked_votes(votes)
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        if not (rows.shape == cols.shape == vote_arr.shape):
            raise ValueError("rows, cols and votes must have the same length")
        if vote_arr.size == 0:
            return
        if rows.min() < 0 or rows.max() >= self.n_participants:
            raise ValueError("a participant index is not registered")
        if cols.min() < 0 or cols.max() >= self.n_statements:
            raise ValueError("a statement index is not registered")
        buffer = self._buffer
        buffer.reserve(vote_arr.size)
        end = buffer.size + vote_arr.size
        buffer.keys[buffer.size : end] = (rows << _SHIFT) | cols
        buffer.codes[buffer.size : end] = (vote_arr + 2).astype(np.int8)
        buffer.size = end
        self._touch()

    def participants(self, pids: Iterable[Hashable]) -> npt.NDArray[np.int64]:
        """Dense indices of many participants, registering the new ones in the order given."""
        return self._register_many(pids, self._participant_index, self._participant_ids)

    def statements(self, sids: Iterable[Hashable]) -> npt.NDArray[np.int64]:
        """Dense indices of many statements, registering the new ones in the order given."""
        return self._register_many(sids, self._statement_index, self._statement_ids)

    def _register_many(
        self, ids: Iterable[Hashable], index: dict[Hashable, int], names: list[Hashable]
    ) -> npt.NDArray[np.int64]:
        before = len(names)
        # One dict operation per id: setdefault registers a new id at the next free index.
        out = np.fromiter((index.setdefault(i, len(index)) for i in _iter(ids)), dtype=np.int64)
        if len(index) > before:
            names.extend([None] * (len(index) - before))
            for key, position in index.items() if before == 0 else _new_items(index, before):
                names[position] = key
            self._touch()
        return out

    @staticmethod
    def _indices_for(
        ids: Sequence[Hashable] | npt.NDArray[np.generic],
        many: Callable[[Iterable[Hashable]], npt.NDArray[np.int64]],
    ) -> npt.NDArray[np.int64]:
        # Each distinct id is looked up once: bulk loads have far fewer ids than votes. Integer
        # ids are factorised by numpy; others by one dict pass in order of first appearance.
        arr = np.asarray(ids) if isinstance(ids, np.ndarray) else None
        if arr is not None and arr.ndim == 1 and arr.dtype.kind in "iu":
            uniques, inverse = np.unique(arr, return_inverse=True)
            lookup = many(u.item() for u in uniques)
            return np.asarray(lookup[inverse.reshape(-1)], dtype=np.int64)
        first: dict[Hashable, int] = {}
        codes = np.fromiter((first.setdefault(i, len(first)) for i in _iter(ids)), dtype=np.int64)
        lookup = many(first)
        return np.asarray(lookup[codes], dtype=np.int64) if codes.size else codes

    def participant_index(self, pid: Hashable) -> int | None:
        """The dense index of a known participant (None if they never appeared); no registration."""
        return self._participant_index.get(pid)

    def statement_index(self, sid: Hashable) -> int | None:
        """The dense index of a known statement, or None."""
        return self._statement_index.get(sid)

    def vote_of(self, pid: Hashable, sid: Hashable) -> int | None:
        """The current vote of a participant on a statement, or None."""
        row = self._participant_index.get(pid)
        col = self._statement_index.get(sid)
        if row is None or col is None:
            return None
        self._flush()
        key = np.int64((row << 32) | col)
        pos = int(np.searchsorted(self._keys, key))
        if pos < self._keys.shape[0] and self._keys[pos] == key:
            return int(self._codes[pos]) - 2
        return None

    # -- snapshots ----------------------------------------------------------------------------
    def matrix(self) -> VoteMatrix:
        """A CSR snapshot; cached until the next change."""
        if self._snapshot is not None:
            return self._snapshot
        self._flush()
        n_p, n_s = self.n_participants, self.n_statements
        rows = self._keys >> _SHIFT
        indptr = np.searchsorted(rows, np.arange(n_p + 1, dtype=np.int64)).astype(np.int64)
        moderated = np.zeros(n_s, dtype=bool)
        moderated[list(self._moderated_out)] = True
        meta = np.zeros(n_s, dtype=bool)
        meta[list(self._meta)] = True
        self._snapshot = VoteMatrix(
            indptr=indptr,
            indices=(self._keys & _LOW).astype(np.int32),
            votes=(self._codes - 2).astype(np.int8),
            participant_ids=tuple(self._participant_ids),
            statement_ids=tuple(self._statement_ids),
            moderated_out=moderated,
            meta=meta,
            version=self._version,
        )
        return self._snapshot

    # -- persistence -------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The whole store as one compact blob (numpy ``.npz``, no pickle), row by row as CSR:
        per participant their number of votes, per vote its statement (2 bytes while there are
        at most 65,536 statements, else 4) and its vote (1 byte), plus the ids — about 3 bytes a
        vote, so that persisting a large conversation is cheap. Ids must be all UUIDs, all
        integers or all strings (each list on its own)."""
        self._flush()
        out = io.BytesIO()
        p_kind, p_ids = _encode_ids(self._participant_ids)
        s_kind, s_ids = _encode_ids(self._statement_ids)
        rows = self._keys >> _SHIFT
        wide = self.n_statements > 1 << 16
        np.savez(
            out,
            layout=np.array(["csr"]),
            row_lengths=np.bincount(rows, minlength=self.n_participants).astype(np.uint32),
            statements=(self._keys & _LOW).astype(np.uint32 if wide else np.uint16),
            codes=self._codes,
            participant_ids=p_ids,
            statement_ids=s_ids,
            kinds=np.array([p_kind, s_kind]),
            moderated_out=np.array(sorted(self._moderated_out), dtype=np.int64),
            meta=np.array(sorted(self._meta), dtype=np.int64),
        )
        return out.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> VoteStore:
        """The inverse of :meth:`to_bytes` (blobs of the earlier layout, one 8-byte key per vote,
        are read too); a damaged blob raises ``ValueError``."""
        try:
            with np.load(io.BytesIO(blob), allow_pickle=False) as data:
                parts = {name: data[name] for name in data.files}
        except Exception as error:  # zip, header or dtype errors: one clear message
            raise ValueError(f"not a vote-store blob: {error}") from error
        store = cls()
        p_kind, s_kind = (str(k) for k in parts["kinds"])
        store._participant_ids = _decode_ids(p_kind, parts["participant_ids"])
        store._statement_ids = _decode_ids(s_kind, parts["statement_ids"])
        store._participant_index = {pid: i for i, pid in enumerate(store._participant_ids)}
        store._statement_index = {sid: i for i, sid in enumerate(store._statement_ids)}
        n_p, n_s = len(store._participant_ids), len(store._statement_ids)
        if "keys" in parts:
            keys = np.ascontiguousarray(parts["keys"], dtype=np.int64)
        else:
            per_row = np.asarray(parts["row_lengths"], dtype=np.int64)
            cols = np.asarray(parts["statements"], dtype=np.int64)
            if per_row.shape != (n_p,) or int(per_row.sum()) != cols.shape[0]:
                raise ValueError("not a vote-store blob: votes and participants do not match")
            keys = (np.repeat(np.arange(n_p, dtype=np.int64), per_row) << _SHIFT) | cols
            if cols.size and int(cols.max()) >= n_s:
                raise ValueError("not a vote-store blob: a vote names an unknown statement")
        store._keys = keys
        store._codes = np.ascontiguousarray(parts["codes"], dtype=np.int8)
        store._moderated_out = {int(i) for i in parts["moderated_out"]}
        store._meta = {int(i) for i in parts["meta"]}
        if (
            store._keys.shape != store._codes.shape
            or (store._keys.size and int(store._keys[-1] >> _SHIFT) >= n_p)
            or bool(np.any(np.diff(store._keys) <= 0))
            or bool(np.any((store._codes < 1) | (store._codes > 3)))
        ):
            raise ValueError("not a vote-store blob: votes and ids do not match")
        store._touch()
        return store

    def _touch(self) -> None:
        self._version += 1
        self._snapshot = None

    def _flush(self) -> None:
        buffer = self._buffer
        if buffer.size == 0:
            return
        keys = buffer.keys[: buffer.size]
        codes = buffer.codes[: buffer.size]
        # Last write wins inside the buffer: unique over the reversed buffer keeps the last one.
        new_keys, first = np.unique(keys[::-1], return_index=True)
        new_codes = codes[::-1][first]
        buffer.size = 0
        if self._keys.shape[0] == 0:
            self._keys, self._codes = new_keys.astype(np.int64), new_codes.astype(np.int8)
            return
        pos = np.searchsorted(self._keys, new_keys)
        clipped = np.minimum(pos, self._keys.shape[0] - 1)
        found = self._keys[clipped] == new_keys
        self._codes[pos[found]] = new_codes[found]
        fresh = ~found
        if np.any(fresh):
            self._keys = np.insert(self._keys, pos[fresh], new_keys[fresh])
            self._codes = np.insert(self._codes, pos[fresh], new_codes[fresh])


def _encode_ids(ids: list[Hashable]) -> tuple[str, npt.NDArray[np.generic]]:
    uuids = [i for i in ids if isinstance(i, uuid.UUID)]
    if len(uuids) == len(ids):
        return "uuid", np.array([u.bytes for u in uuids], dtype="S16") if ids else np.zeros(0, dtype="S16")
    if all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in ids):
        return "int", np.array(ids, dtype=np.int64)
    if all(isinstance(i, str) for i in ids):
        return "str", np.array(ids, dtype=np.str_)
    raise TypeError("ids must be all UUIDs, all integers or all strings to be saved")


def _decode_ids(kind: str, arr: npt.NDArray[np.generic]) -> list[Hashable]:
    if kind == "uuid":
        # numpy's fixed-width bytes drop trailing NUL bytes on the way out: pad them back (a
        # UUID ending in 0x00 is one in 256, so nearly every real conversation has some).
        return [uuid.UUID(bytes=bytes(b).ljust(16, b"\0")) for b in arr.tolist()]
    if kind == "int":
        return [int(i) for i in arr.tolist()]
    if kind == "str":
        return [str(i) for i in arr.tolist()]
    raise ValueError(f"not a vote-store blob: unknown id kind {kind!r}")


def _checked_votes(votes: Sequence[int] | npt.NDArray[np.integer]) -> npt.NDArray[np.int64]:
    raw = np.asarray(votes)
    if raw.size == 0:
        return np.zeros(0, dtype=np.int64)
    if raw.ndim != 1:
        raise ValueError("votes must be a flat sequence of -1, 0 or +1")
    if raw.dtype.kind == "f":
        # Point at the first value that is not a whole number (else the first float at all).
        fractional = np.flatnonzero(~np.isfinite(raw) | (raw != np.round(raw)))
        position = int(fractional[0]) if fractional.size else 0
        raise ValueError(
            f"votes are the integers -1, 0 or +1, not floats; vote {position} is {raw[position].item()!r}"
        )
    if raw.dtype.kind not in "iu":
        for position, value in enumerate(raw.tolist()):
            if isinstance(value, bool) or not isinstance(value, int):
                kind = type(value).__name__
                raise ValueError(f"votes are the integers -1, 0 or +1; vote {position} is {value!r} ({kind})")
    arr = raw.astype(np.int64)
    bad = np.flatnonzero((arr < -1) | (arr > 1))
    if bad.size:
        raise ValueError(f"votes must be -1, 0 or +1; vote {int(bad[0])} is {int(arr[bad[0]])}")
    return arr


def _new_items(index: dict[Hashable, int], before: int) -> Iterable[tuple[Hashable, int]]:
    """The entries added after the first ``before`` (a dict keeps insertion order)."""
    items = iter(index.items())
    for _ in range(before):
        next(items)
    return items


def _iter(ids: Iterable[Hashable] | npt.NDArray[np.generic]) -> Iterable[Hashable]:
    return (i.item() if isinstance(i, np.generic) else i for i in ids)
