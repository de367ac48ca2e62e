"""Group-informed consensus, and planted conversations whose groups and consensus are known
(these run everywhere, with or without the shared Polis data)."""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from cocreate.engines.opinions import VoteStore, adjusted_rand_index, compute_opinions
from cocreate.engines.opinions.statistics import VoteCounts, group_informed_consensus
from cocreate.engines.opinions.synthetic import planted_conversation


def test_a_statement_a_minority_group_rejects_is_not_consensus() -> None:
    # Bug: "consensus" was the whole population's: 90 % agree overall, but the small group
    # (10 people) disagrees to a person.
    store = VoteStore()
    rng = np.random.default_rng(0)
    majority, minority = range(90), range(90, 100)
    for p in majority:
        for s in range(1, 12):
            store.add_vote(p, s, 1 if s % 2 else -1)
    for p in minority:
        for s in range(1, 12):
            store.add_vote(p, s, -1 if s % 2 else 1)
    for p in range(100):
        store.add_vote(p, "everyone", 1)  # true consensus
        store.add_vote(p, "majority only", 1 if p < 90 else -1)
        store.add_vote(p, "noise", int(rng.integers(-1, 2)))
    result = compute_opinions(store)
    m = store.matrix()
    assert len(result.groups) == 2
    named = {m.statement_ids[c.statement] for c in result.group_consensus["agree"]}
    assert "everyone" in named
    assert "majority only" not in named
    # By the population alone it would pass (90 % agree): that was the bug's shape.
    j = m.statement_ids.index("majority only")
    counts = result.group_counts
    assert counts.agree[:, j].sum() / counts.seen[:, j].sum() >= 0.89
    everyone = next(c for c in result.group_consensus["agree"] if m.statement_ids[c.statement] == "everyone")
    assert len(everyone.group_p) == 2 and min(everyone.group_p) > 0.9
    assert abs(everyone.score - np.prod(everyone.group_p)) < 1e-12


def test_group_informed_consensus_follows_polis_formula() -> None:
    counts = VoteCounts(
        agree=np.array([[9.0, 9.0, 1.0], [5.0, 0.0, 0.0]]),
        disagree=np.array([[0.0, 0.0, 8.0], [0.0, 6.0, 6.0]]),
        seen=np.array([[10.0, 10.0, 10.0], [6.0, 6.0, 6.0]]),
    )
    lists = group_informed_consensus(counts, np.zeros(3, dtype=bool))
    assert [c.statement for c in lists["agree"]] == [0]  # statement 1: the second group disagrees
    assert abs(lists["agree"][0].score - (10 / 12) * (6 / 8)) < 1e-12
    assert [c.statement for c in lists["disagree"]] == [2]
    hidden = group_informed_consensus(counts, np.array([True, False, False]))
    assert hidden["agree"] == []


def test_planted_groups_and_consensus_are_recovered() -> None:
    """Three planted groups; the statements every group agrees with are known in advance."""
    conv = planted_conversation(600, 80, 600 * 30, 3, seed=11, agreement=0.9, consensus_share=0.15)
    store = VoteStore()
    store.add_votes(conv.participants, conv.statements, conv.votes)
    result = compute_opinions(store)
    inside = result.in_conversation
    assert len(result.groups) == 3
    assert adjusted_rand_index(conv.groups[inside], result.labels[inside]) >= 0.9
    # Recompute the planted stances: a statement is consensual when every group's members agree
    # with it at the planted rate.
    truth = np.zeros((3, conv.n_statements))
    for g in range(3):
        mine = np.isin(conv.participants, np.flatnonzero(conv.groups == g))
        agree = np.bincount(
            conv.statements[mine], weights=(conv.votes[mine] == 1), minlength=conv.n_statements
        )
        seen = np.bincount(conv.statements[mine], minlength=conv.n_statements)
        truth[g] = agree / np.maximum(seen, 1)
    consensual = set(np.flatnonzero(truth.min(axis=0) > 0.6).tolist())
    found = [c.statement for c in result.group_consensus["agree"]]
    assert found and set(found) <= consensual
    divisive = {d.statement for d in result.divisive}
    assert divisive and not divisive & consensual


def test_the_store_survives_a_round_trip_as_a_blob() -> None:
    store = VoteStore()
    people = [uuid.uuid4() for _ in range(5)]
    statements = [uuid.uuid4() for _ in range(4)]
    rng = np.random.default_rng(3)
    for _ in range(30):
        store.add_vote(
            people[int(rng.integers(5))], statements[int(rng.integers(4))], int(rng.integers(-1, 2))
        )
    store.moderate(statements[2], out=True)
    store.set_meta(statements[3])
    copy = VoteStore.from_bytes(store.to_bytes())
    a, b = store.matrix(), copy.matrix()
    assert a.participant_ids == b.participant_ids and a.statement_ids == b.statement_ids
    for name in ("indptr", "indices", "votes", "moderated_out", "meta"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    copy.add_vote(people[0], statements[0], 1)  # and keeps taking votes
    assert copy.vote_of(people[0], statements[0]) == 1
    ints = VoteStore()
    ints.add_votes([1, 2], [7, 7], [1, -1])
    assert VoteStore.from_bytes(ints.to_bytes()).vote_of(2, 7) == -1


def test_a_damaged_blob_is_refused() -> None:
    with pytest.raises(ValueError, match="not a vote-store blob"):
        VoteStore.from_bytes(b"not numpy at all")


def test_the_warm_state_survives_a_round_trip() -> None:
    from cocreate.engines.opinions import state_from_bytes, state_to_bytes

    conv = planted_conversation(300, 40, 300 * 20, 3, seed=2, agreement=0.9)
    store = VoteStore()
    store.add_votes(conv.participants, conv.statements, conv.votes)
    first = compute_opinions(store)
    restored = state_from_bytes(state_to_bytes(first.state))
    assert restored.smoothed_k == first.state.smoothed_k
    assert set(restored.group_centers) == set(first.state.group_centers)
    a = compute_opinions(store, previous=first.state)
    b = compute_opinions(store, previous=restored)
    assert np.array_equal(a.labels, b.labels)
