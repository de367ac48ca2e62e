from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cocreate.engines.opinions.statistics import (
    Z_90,
    VoteCounts,
    _best_agree,
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


def _best_agree_as_polis_scans(keep, na, nd, pa, pat, ra, rat):
    """The scan one statement at a time, as Polis writes it (numpy scalars throughout): the oracle
    for the engine's, which prepares its arrays first and scans plain floats."""
    best = None
    full = ra * rat * pa * pat
    simple = pa * pat
    for j in keep:
        if na[j] == 0 and nd[j] == 0:
            continue
        if best is not None and ra[best] > 1.0:
            better = full[j] > full[best]
        elif best is not None:
            better = simple[j] > simple[best]
        else:
            better = pat[j] > Z_90 or (ra[j] > 1.0 and pa[j] > 0.5)
        if better:
            best = int(j)
    return best


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.booleans())
def test_the_best_agree_scan_equals_polis_one_step_at_a_time(seed: int, n: int, coarse: bool) -> None:
    rng = np.random.default_rng(seed)
    # Coarse values make ties common, and a new best may switch the bar either way; zero counts
    # make skipped statements.
    draw = (lambda size: rng.integers(0, 4, size) / 2.0) if coarse else (lambda size: rng.random(size) * 3)
    na, nd = rng.integers(0, 3, n).astype(float), rng.integers(0, 3, n).astype(float)
    pa, pat, ra, rat = draw(n), draw(n) * 1.5, draw(n), draw(n)
    keep = np.sort(rng.choice(n, size=int(rng.integers(0, n + 1)), replace=False)).astype(np.intp)
    assert _best_agree(keep, na, nd, pa, pat, ra, rat) == _best_agree_as_polis_scans(
        keep, na, nd, pa, pat, ra, rat
    )
