from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.engines.opinions import (
    OpinionParams,
    VoteStore,
    adjusted_rand_index,
    compute_opinions,
    next_statement,
)
from cocreate.engines.opinions.synthetic import planted_conversation


def _store_from(
    conv_seed: int = 0, n_p: int = 400, n_s: int = 60, n_groups: int = 3
) -> tuple[VoteStore, np.ndarray]:
    conv = planted_conversation(n_p, n_s, n_p * 25, n_groups, seed=conv_seed, agreement=0.9)
    store = VoteStore()
    store.add_votes(conv.participants, conv.statements, conv.votes)
    return store, conv.groups


def test_empty_store() -> None:
    result = compute_opinions(VoteStore())
    assert result.groups == []
    assert result.consensus == {"agree": [], "disagree": []}
    assert next_statement(result, VoteStore(), 0) is None


def test_one_participant_one_statement() -> None:
    store = VoteStore()
    store.add_vote("p", "s", 1)
    result = compute_opinions(store)
    assert len(result.groups) == 1
    assert result.labels.tolist() == [0]
    assert next_statement(result, store, 0) is None  # nothing left that they have not voted on


def test_all_passes_make_one_group() -> None:
    store = VoteStore()
    for p in range(30):
        for s in range(10):
            store.add_vote(p, s, 0)
    result = compute_opinions(store)
    assert len(result.groups) == 1
    assert np.all(result.projection == 0)
    assert result.consensus == {"agree": [], "disagree": []}
    assert result.divisive == []


def test_planted_groups_are_recovered() -> None:
    store, truth = _store_from()
    result = compute_opinions(store)
    assert len(result.groups) == 3
    inside = result.in_conversation
    assert adjusted_rand_index(truth[inside], result.labels[inside]) >= 0.9
    for group in result.groups:
        assert group.representative  # every group has something to say
    assert len(result.divisive) > 0


def test_deterministic_given_a_seed() -> None:
    store, _ = _store_from(1)
    a = compute_opinions(store, OpinionParams(seed=7))
    b = compute_opinions(store, OpinionParams(seed=7))
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.projection, b.projection)
    assert a.consensus == b.consensus


def test_moderated_statements_never_surface() -> None:
    store, _ = _store_from(2)
    hidden = [0, 1, 2, 3, 4]
    for s in hidden:
        store.moderate(s, out=True)
    result = compute_opinions(store)
    m = store.matrix()
    hidden_idx = {m.statement_ids.index(s) for s in hidden}
    listed = {s.statement for lst in result.consensus.values() for s in lst}
    listed |= {r.statement for g in result.groups for r in g.representative}
    listed |= {d.statement for d in result.divisive}
    assert not listed & hidden_idx
    assert np.all(result.components[:, sorted(hidden_idx)] == 0)
    for p in range(0, 400, 37):
        choice = next_statement(result, store, p, rng=np.random.default_rng(p))
        assert choice is not None and choice not in hidden_idx
        voted = set(m.indices[m.indptr[p] : m.indptr[p + 1]].tolist())
        assert choice not in voted


def test_warm_start_keeps_groups_and_ids_stable() -> None:
    store, truth = _store_from(3)
    first = compute_opinions(store)
    rng = np.random.default_rng(0)
    store.add_votes(rng.integers(0, 400, 50), rng.integers(0, 60, 50), rng.integers(-1, 2, 50))
    second = compute_opinions(store, previous=first.state)
    assert len(second.groups) == len(first.groups)
    agree = np.mean(first.labels == second.labels)
    assert agree > 0.95  # same ids, not merely the same partition
    # A warm start keeps what the cold start found (here Polis's deterministic start splits one
    # planted group in two; recovery itself is test_planted_groups_are_recovered's business).
    inside = second.in_conversation
    before = adjusted_rand_index(truth[inside], first.labels[inside])
    after = adjusted_rand_index(truth[inside], second.labels[inside])
    assert after >= before - 0.02 and after >= 0.8


def test_group_count_waits_for_the_buffer() -> None:
    store, _ = _store_from(4)
    result = compute_opinions(store)
    k = len(result.groups)
    # Pretend the previous runs had settled on another count: the new one must win 4 runs in a row.
    other = 2 if k != 2 else 3
    state = replace(result.state, smoothed_k=other, last_k=other, last_k_count=9)
    counts = []
    for _ in range(5):
        r = compute_opinions(store, previous=state)
        counts.append(len(r.groups))
        state = r.state
    assert counts == [other, other, other, k, k]


def test_participants_with_few_votes_are_not_grouped() -> None:
    store, _ = _store_from(5)
    store.add_votes(["late"] * 3, [0, 1, 2], [1, 1, -1])
    result = compute_opinions(store)
    late = store.matrix().participant_ids.index("late")
    assert not result.in_conversation[late]
    assert result.labels[late] == -1


@pytest.mark.parametrize("n_statements", [1, 2])
def test_tiny_conversations(n_statements: int) -> None:
    store = VoteStore()
    rng = np.random.default_rng(n_statements)
    for p in range(20):
        for s in range(n_statements):
            store.add_vote(p, s, int(rng.integers(-1, 2)))
    result = compute_opinions(store)
    assert result.labels.shape == (20,)
    assert result.priorities.shape == (n_statements,)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 25), st.integers(0, 8), st.sampled_from([-1, 0, 1])), max_size=150),
    st.sets(st.integers(0, 8), max_size=3),
)
def test_any_conversation_gives_a_consistent_result(
    votes: list[tuple[int, int, int]], hidden: set[int]
) -> None:
    store = VoteStore()
    if votes:
        p, s, v = zip(*votes, strict=True)
        store.add_votes(list(p), list(s), list(v))
    for sid in hidden:
        store.moderate(sid, out=True)
    result = compute_opinions(store)
    m = store.matrix()
    n_groups = len(result.groups)
    assert n_groups <= 5
    assert set(result.labels.tolist()) <= set(range(-1, n_groups))
    assert np.all(result.in_conversation[result.labels >= 0])
    assert sum(len(g.members) for g in result.groups) == int((result.labels >= 0).sum())
    assert np.all(np.isfinite(result.projection)) and np.all(result.priorities >= 0)
    hidden_idx = {m.statement_ids.index(s) for s in hidden if s in m.statement_ids}
    for participant in range(m.n_participants):
        choice = next_statement(result, store, participant)
        voted = set(m.indices[m.indptr[participant] : m.indptr[participant + 1]].tolist())
        if choice is None:
            assert voted | hidden_idx >= set(range(m.n_statements))
        else:
            assert choice not in voted and choice not in hidden_idx
