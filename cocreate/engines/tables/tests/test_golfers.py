from __future__ import annotations

import time
from collections import Counter

import numpy as np

from cocreate.engines.tables import Participant, RotationProblem, plan_rotation
from cocreate.engines.tables.golfers import (
    _DESIGNS,
    _candidate_tables,
    conflicts,
    developed_search,
    golfer_design,
    golfer_search,
)


def test_thirty_two_golfers_play_ten_rounds_without_repeat_for_every_seed() -> None:
    golfers = tuple(Participant(f"g{i}") for i in range(32))
    # How long this takes is measured in benchmarks/tables.py, not asserted here.
    seatings = set()
    for seed in range(9):
        plan = plan_rotation(RotationProblem(golfers, (4,) * 8, 10, seed=seed))
        assert plan.metrics.repeated_pairs == 0
        assert plan.metrics.min_new_contacts == 30
        assert plan.method == "search"
        for k in range(10):
            assert sorted(Counter(plan.rounds[k].values()).values()) == [4] * 8
        seatings.add(tuple(sorted(plan.rounds[0].items())))
    assert len(seatings) == 9  # the seed decides who sits where


def test_the_golfer_design_does_not_depend_on_the_clock() -> None:
    """The budget that decides the result is counted in steps: a design found with a generous
    safety stop is the one found with another, and it is found again from scratch."""
    _DESIGNS.clear()
    first = golfer_design(5, 3, 7, 8000, time.perf_counter() + 120.0)
    _DESIGNS.clear()
    again = golfer_design(5, 3, 7, 8000, time.perf_counter() + 600.0)
    assert (first[0] == again[0]).all() and first[1] == again[1]
    # Kirkman's fifteen schoolgirls: seven days of three to a row, nobody walks twice with anyone
    assert first[1] == 0 == conflicts(first[0], 15, 5)


def test_every_developed_week_seats_everyone_in_groups_of_four() -> None:
    tables, incidence, weight = _candidate_tables(8)
    assert tables.shape == (13497, 32)
    counts = np.stack([np.bincount(row, minlength=8) for row in tables[::97]])
    assert (counts == 4).all()
    # a week's orbit types hold exactly its 48 pairs
    assert ((incidence * weight).sum(axis=1) == 48).all()


def test_developed_search_result_has_no_repeat() -> None:
    # 16 golfers in 4 groups of 4 for 5 weeks (the affine plane of order 4) from developed weeks
    for seed in range(5):
        tab = developed_search(4, 5, time.perf_counter() + 60.0, np.random.default_rng(seed), max_steps=5000)
        assert tab is not None
        assert conflicts(tab, 16, 4) == 0


def test_golfer_tabu_search_solves_a_small_instance() -> None:
    # 9 golfers in 3 groups of 3 for 4 weeks: the affine plane of order 3, reached from random weeks
    for seed in range(5):
        rng = np.random.default_rng(seed)
        tab = np.array([rng.permutation(np.repeat(np.arange(3), 3)) for _ in range(4)], dtype=np.int64)
        out, left = golfer_search(tab, 3, 0, time.perf_counter() + 60.0, rng, max_iterations=20_000)
        assert left == 0 == conflicts(out, 9, 3)
        assert all(sorted(Counter(row.tolist()).values()) == [3, 3, 3] for row in out)


def test_golfer_tabu_search_keeps_hosts_and_counts_held_rounds() -> None:
    # 24 people at 6 tables, a host fixed at each; one round already held counts towards repeats
    for seed in range(4):
        rng = np.random.default_rng(seed)
        host = np.full(24, -1, dtype=np.int64)
        host[:6] = np.arange(6)
        held = np.concatenate([np.arange(6), rng.permutation(np.repeat(np.arange(6), 3))])
        base = (held[:, None] == held[None, :]).astype(np.int64)
        np.fill_diagonal(base, 0)
        tab = np.array([held] * 2, dtype=np.int64)  # the worst start: the held round twice more
        out, left = golfer_search(
            tab, 6, 0, time.perf_counter() + 60.0, rng, max_iterations=5000, movable=host < 0, base=base
        )
        assert (out[:, :6] == np.arange(6)).all()
        assert left == conflicts(out, 24, 6, base) == 0


def test_golfer_tabu_search_keeps_fixed_weeks() -> None:
    rng = np.random.default_rng(2)
    tab = np.array([rng.permutation(np.repeat(np.arange(4), 4)) for _ in range(5)], dtype=np.int64)
    out, left = golfer_search(tab, 4, 2, time.perf_counter() + 0.5, rng)
    assert (out[:2] == tab[:2]).all()
    assert left == conflicts(out, 16, 4) <= conflicts(tab, 16, 4)


def test_known_designs_seat_eighteen_and_twenty_eight_golfers_without_repeat_for_every_seed() -> None:
    from cocreate.engines.tables.designs import is_repeat_free, known_design

    for g, s, rounds in ((6, 3, 8), (7, 4, 9)):
        found = known_design(g, s, rounds)
        assert found is not None and is_repeat_free(found[0], g, s)
        assert known_design(g, s, rounds + 1) is None  # no more rounds are claimed than built
        golfers = tuple(Participant(f"g{i}") for i in range(g * s))
        for seed in range(9):
            for w in (rounds - 1, rounds):
                plan = plan_rotation(RotationProblem(golfers, (s,) * g, w, seed=seed))
                assert plan.metrics.repeated_pairs == 0
                assert plan.metrics.repeat_encounters == 0


def test_the_design_check_finds_a_repeat() -> None:
    from cocreate.engines.tables.designs import is_repeat_free, known_design

    found = known_design(7, 4, 9)
    assert found is not None
    tables = found[0].copy()
    a, b = np.flatnonzero(tables[0] == 0)[0], np.flatnonzero(tables[0] == 1)[0]
    tables[1, [a, b]] = tables[1, [b, a]]  # a legal seating whose pairs now meet twice
    assert not is_repeat_free(tables, 7, 4)
    assert conflicts(tables, 28, 7) > 0
