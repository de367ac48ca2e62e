from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.engines.opinions import VoteStore


def test_a_changed_vote_replaces_the_old_one() -> None:
    store = VoteStore()
    store.add_vote("ana", "s1", 1)
    store.add_vote("ana", "s1", -1)
    store.add_vote("ana", "s2", 0)
    assert store.vote_of("ana", "s1") == -1
    assert store.vote_of("ana", "s2") == 0  # a pass is a vote, not a missing value
    assert store.vote_of("ana", "s3") is None
    assert len(store) == 2


def test_snapshot_is_csr_and_cached_until_a_change() -> None:
    store = VoteStore()
    store.add_votes([1, 1, 2], [10, 11, 11], [1, 0, -1])
    first = store.matrix()
    assert store.matrix() is first
    assert first.indptr.tolist() == [0, 2, 3]
    assert first.indices.tolist() == [0, 1, 1]
    assert first.votes.tolist() == [1, 0, -1]
    store.add_vote(2, 10, 1)  # merged into the sorted store, not appended at the end
    second = store.matrix()
    assert second is not first
    assert second.indptr.tolist() == [0, 2, 4]
    assert second.indices.tolist() == [0, 1, 0, 1]
    assert second.votes.tolist() == [1, 0, 1, -1]


def test_statements_without_votes_and_moderation_are_kept() -> None:
    store = VoteStore()
    store.statement("new")
    store.add_vote("p", "old", 1)
    store.moderate("old", out=True)
    store.set_meta("new")
    m = store.matrix()
    assert m.n_statements == 2
    assert m.moderated_out.tolist() == [False, True]
    assert m.meta.tolist() == [True, False]
    store.moderate("old", out=False)
    assert not store.matrix().moderated_out.any()


def test_invalid_votes_are_refused() -> None:
    store = VoteStore()
    with pytest.raises(ValueError):
        store.add_vote("p", "s", 2)
    with pytest.raises(ValueError):
        store.add_votes(["p"], ["s"], [-3])
    with pytest.raises(ValueError):
        store.add_votes(["p", "q"], ["s"], [1, 1])


votes_strategy = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 5), st.sampled_from([-1, 0, 1]), st.booleans()),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(votes_strategy)
def test_store_matches_a_last_write_wins_dict(votes: list[tuple[int, int, int, bool]]) -> None:
    store = VoteStore()
    model: dict[tuple[int, int], int] = {}
    for pid, sid, vote, snapshot in votes:
        store.add_vote(pid, sid, vote)
        model[(pid, sid)] = vote
        if snapshot:  # interleave snapshots so that merges into a non-empty store are exercised
            store.matrix()
    m = store.matrix()
    rows = m.rows()
    got = {
        (m.participant_ids[int(r)], m.statement_ids[int(c)]): int(v)
        for r, c, v in zip(rows, m.indices, m.votes, strict=True)
    }
    assert got == model
    for r in range(m.n_participants):
        cols = m.indices[m.indptr[r] : m.indptr[r + 1]]
        assert np.all(np.diff(cols) > 0)  # sorted, no duplicates


def test_bulk_and_single_adds_agree() -> None:
    rng = np.random.default_rng(3)
    p = rng.integers(0, 50, 500)
    s = rng.integers(0, 20, 500)
    v = rng.integers(-1, 2, 500)
    bulk = VoteStore()
    bulk.add_votes(p, s, v)
    single = VoteStore()
    for a, b, c in zip(p.tolist(), s.tolist(), v.tolist(), strict=True):
        single.add_vote(a, b, c)
    for a, b in zip(p.tolist(), s.tolist(), strict=True):
        assert bulk.vote_of(a, b) == single.vote_of(a, b)


def test_mixed_id_types_keep_their_identity() -> None:
    store = VoteStore()
    store.add_votes([1, "1", 1], ["s", "s", "t"], [1, -1, 0])
    assert store.n_participants == 2
    assert store.vote_of(1, "s") == 1
    assert store.vote_of("1", "s") == -1
    assert store.participant_index(1) is not None and store.participant_index(2) is None


def test_a_blob_keeps_uuids_that_end_in_zero_bytes() -> None:
    import uuid

    ending_in_zero = uuid.UUID("12345678-1234-4234-8234-123456780000")
    other = uuid.UUID("00000000-0000-4000-8000-000000000001")
    store = VoteStore()
    store.add_votes([ending_in_zero, other], [other, other], [1, -1])
    back = VoteStore.from_bytes(store.to_bytes())
    assert back.matrix().participant_ids == (ending_in_zero, other)
    assert back.vote_of(ending_in_zero, other) == 1


def test_bulk_registration_and_indexed_votes_match_add_votes() -> None:
    rng = np.random.default_rng(3)
    pids = [f"p{i}" for i in rng.integers(0, 40, 300)]
    sids = [f"s{i}" for i in rng.integers(0, 15, 300)]
    votes = rng.integers(-1, 2, 300)
    by_ids = VoteStore()
    by_ids.add_votes(pids, sids, votes)
    indexed = VoteStore()
    rows = indexed.participants(pids)
    cols = indexed.statements(sids)
    assert indexed.participants(["p-new", pids[0]]).tolist() == [indexed.n_participants - 1, rows[0]]
    indexed.add_indexed_votes(rows, cols, votes)
    a, b = by_ids.matrix(), indexed.matrix()
    assert a.participant_ids == b.participant_ids[:-1]
    assert a.statement_ids == b.statement_ids
    assert a.indptr.tolist() == b.indptr[:-1].tolist()
    assert a.indices.tolist() == b.indices.tolist() and a.votes.tolist() == b.votes.tolist()
    with pytest.raises(ValueError):
        indexed.add_indexed_votes(np.array([indexed.n_participants]), np.array([0]), [1])


def _same_store(a: VoteStore, b: VoteStore) -> None:
    ma, mb = a.matrix(), b.matrix()
    assert ma.participant_ids == mb.participant_ids and ma.statement_ids == mb.statement_ids
    assert ma.indptr.tolist() == mb.indptr.tolist() and ma.indices.tolist() == mb.indices.tolist()
    assert ma.votes.tolist() == mb.votes.tolist()
    assert ma.moderated_out.tolist() == mb.moderated_out.tolist() and ma.meta.tolist() == mb.meta.tolist()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 70_000), st.sampled_from([-1, 0, 1])), max_size=200
    ),
    st.sets(st.integers(0, 70_000), max_size=3),
    st.booleans(),
)
def test_a_blob_round_trips_any_store(
    votes: list[tuple[int, int, int]], hidden: set[int], many: bool
) -> None:
    """More than 65,536 statements switch the blob to 4-byte statements; participants without
    votes and statements without votes survive."""
    store = VoteStore()
    store.participant(999)
    store.statement(-1, meta=True)
    if many:
        store.statements(range(70_001, 140_002))
    if votes:
        p, s, v = zip(*votes, strict=True)
        store.add_votes(list(p), list(s), list(v))
    for sid in hidden:
        store.moderate(sid, out=True)
    back = VoteStore.from_bytes(store.to_bytes())
    _same_store(store, back)
    assert len(back) == len(store)


def test_a_blob_takes_about_three_bytes_a_vote_and_the_old_layout_still_reads() -> None:
    import io

    rng = np.random.default_rng(5)
    store = VoteStore()
    store.add_votes(
        rng.integers(0, 2_000, 100_000), rng.integers(0, 300, 100_000), rng.integers(-1, 2, 100_000)
    )
    blob = store.to_bytes()
    assert len(blob) < 3.2 * len(store) + 20 * store.n_participants + 20_000
    # A blob written before the compact layout (one 8-byte key per vote).
    store._flush()
    old = io.BytesIO()
    np.savez(
        old,
        keys=store._keys,
        codes=store._codes,
        participant_ids=np.array(store._participant_ids, dtype=np.int64),
        statement_ids=np.array(store._statement_ids, dtype=np.int64),
        kinds=np.array(["int", "int"]),
        moderated_out=np.zeros(0, dtype=np.int64),
        meta=np.zeros(0, dtype=np.int64),
    )
    _same_store(store, VoteStore.from_bytes(old.getvalue()))


def test_a_blob_whose_votes_disagree_with_its_ids_is_refused() -> None:
    import io

    store = VoteStore()
    store.add_votes([1, 2], [1, 2], [1, -1])
    with np.load(io.BytesIO(store.to_bytes())) as data:
        parts = {name: data[name] for name in data.files}
    for name, bad in (
        ("statements", np.array([0, 5], dtype=np.uint16)),  # an unknown statement
        ("row_lengths", np.array([2, 1], dtype=np.uint32)),  # more votes than stored
        ("codes", np.array([1, 7], dtype=np.int8)),  # not a vote
    ):
        broken = io.BytesIO()
        np.savez(broken, **{**parts, name: bad})
        with pytest.raises(ValueError):
            VoteStore.from_bytes(broken.getvalue())
