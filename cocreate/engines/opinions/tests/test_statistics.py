from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cocreate.engines.opinions.statistics import (
    VoteCounts,
    consensus,
    divisiveness,
    group_aware_consensus,
    priority,
    prop_test,
    two_prop_test,
)


def _arr(*x: float) -> np.ndarray:
    return np.array(x, dtype=np.float64)


def test_two_proportion_test_matches_the_textbook_example() -> None:
    # 16/25 vs 57/72 (inputs already carry the +1 pseudo-counts): z ≈ -1.518, as Polis tests it.
    assert abs(float(two_prop_test(_arr(15), _arr(56), _arr(24), _arr(71))[0]) + 1.518) < 0.01


def test_prop_test_is_the_two_prop_test_against_a_huge_fair_population() -> None:
    one = float(prop_test(_arr(30), _arr(50))[0])
    two = float(two_prop_test(_arr(30), _arr(1_000_000), _arr(50), _arr(2_000_000))[0])
    assert abs(one - two) < 0.02


def test_unanimous_groups_give_no_division_by_zero() -> None:
    z = two_prop_test(_arr(5), _arr(5), _arr(5), _arr(5))
    assert np.isfinite(z).all()


def test_consensus_needs_a_majority_and_significance() -> None:
    counts = VoteCounts(agree=_arr(50, 6, 30, 1), disagree=_arr(0, 3, 30, 40), seen=_arr(53, 10, 65, 45))
    out = consensus(counts, np.zeros(4, dtype=bool))
    assert [s.statement for s in out["agree"]] == [0]  # 6 of 10 is not significant
    assert [s.statement for s in out["disagree"]] == [3]
    assert out["agree"][0].n_success == 50 and out["agree"][0].n_trials == 53
    excluded = np.array([True, False, False, False])
    assert consensus(counts, excluded)["agree"] == []


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 10)), min_size=1, max_size=5)
)
def test_group_aware_consensus_is_a_probability_product(groups: list[tuple[int, int, int]]) -> None:
    agree = np.array([[a] for a, _, _ in groups], dtype=float)
    disagree = np.array([[d] for _, d, _ in groups], dtype=float)
    seen = agree + disagree + np.array([[p] for _, _, p in groups], dtype=float)
    counts = VoteCounts(agree, disagree, seen)
    gac = group_aware_consensus(counts)
    assert 0 < gac[0] < 1
    expected = np.prod((agree[:, 0] + 1) / (seen[:, 0] + 2))
    assert abs(gac[0] - expected) < 1e-12
    div = divisiveness(counts)
    assert 0 <= div[0] < 2


def test_priority_prefers_new_and_meta_statements() -> None:
    counts = VoteCounts(agree=_arr(0, 20, 20), disagree=_arr(0, 20, 20), seen=_arr(0, 40, 40))
    prio = priority(counts, np.zeros(3), np.array([False, False, True]))
    assert prio[0] > prio[1]  # unseen beats well-trodden
    assert prio[2] == 49.0  # meta statements get Polis's fixed priority 7²
