from __future__ import annotations

import time
from collections import Counter

import numpy as np

from cocreate.engines.tables import Participant, RotationProblem, plan_rotation
from cocreate.engines.tables.golfers import (
    _candidate_tables,
    conflicts,
    developed_search,
    golfer_search,
)


def test_thirty_two_golfers_play_ten_rounds_without_repeat() -> None:
    golfers = tuple(Participant(f"g{i}") for i in range(32))
    # How long this takes is measured in benchmarks/tables.py, not asserted here.
    plan = plan_rotation(RotationProblem(golfers, (4,) * 8, 10, seed=0, time_limit=8.0))
    assert plan.metrics.repeated_pairs == 0
    assert plan.metrics.min_new_contacts == 30
    assert plan.method == "search"
    for k in range(10):
        assert sorted(Counter(plan.rounds[k].values()).values()) == [4] * 8


def test_every_developed_week_seats_everyone_in_groups_of_four() -> None:
    tables, incidence, weight = _candidate_tables(8)
    assert tables.shape == (13497, 32)
    counts = np.stack([np.bincount(row, minlength=8) for row in tables[::97]])
    assert (counts == 4).all()
    # a week's orbit types hold exactly its 48 pairs
    assert ((incidence * weight).sum(axis=1) == 48).all()


def test_developed_search_result_has_no_repeat() -> None:
    tab = developed_search(8, 10, time.perf_counter() + 20.0, np.random.default_rng(9))
    assert tab is not None
    assert conflicts(tab, 32, 8) == 0


def test_golfer_tabu_search_solves_a_small_instance() -> None:
    # 9 golfers in 3 groups of 3 for 4 weeks: the affine plane of order 3, reached from random weeks
    rng = np.random.default_rng(1)
    tab = np.array([rng.permutation(np.repeat(np.arange(3), 3)) for _ in range(4)], dtype=np.int64)
    out, left = golfer_search(tab, 3, 0, time.perf_counter() + 5.0, rng)
    assert left == 0 == conflicts(out, 9, 3)
    assert all(sorted(Counter(row.tolist()).values()) == [3, 3, 3] for row in out)


def test_golfer_tabu_search_keeps_fixed_weeks() -> None:
    rng = np.random.default_rng(2)
    tab = np.array([rng.permutation(np.repeat(np.arange(4), 4)) for _ in range(5)], dtype=np.int64)
    out, left = golfer_search(tab, 4, 2, time.perf_counter() + 0.5, rng)
    assert (out[:2] == tab[:2]).all()
    assert left == conflicts(out, 16, 4) <= conflicts(tab, 16, 4)
