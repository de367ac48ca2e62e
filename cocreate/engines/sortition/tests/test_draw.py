from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.engines.sortition import (
    InfeasibleQuotasError,
    audit_record,
    draw_panel,
    draw_uniform,
    find_lottery,
    input_digest,
    replace_dropouts,
    round_lottery,
    uniform,
)
from cocreate.engines.sortition.csv_format import read_instance
from cocreate.engines.sortition.synthetic import synthetic_instance

from .helpers import panel_ok, small_instances

DATA = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "sortition"


@pytest.fixture(scope="module")
def instance():  # type: ignore[no-untyped-def]
    return synthetic_instance(120, 12, seed=7)


@pytest.fixture(scope="module")
def lottery(instance):  # type: ignore[no-untyped-def]
    return find_lottery(instance)


def _indices(instance, ids):  # type: ignore[no-untyped-def]
    pos = {p.id: i for i, p in enumerate(instance.people)}
    return [pos[i] for i in ids]


def test_uniform_is_published_sha256() -> None:
    import hashlib

    expected = int.from_bytes(hashlib.sha256(b"seed|panel").digest()[:8], "big") / 2**64
    assert uniform("seed", "panel") == expected


def test_draw_is_reproducible_and_valid(instance, lottery) -> None:  # type: ignore[no-untyped-def]
    a = draw_panel(lottery, "lotto 2026-11-29")
    b = draw_panel(lottery, "lotto 2026-11-29")
    assert a == b
    assert panel_ok(instance, _indices(instance, a.person_ids))
    others = {draw_panel(lottery, f"seed {i}").person_ids for i in range(20)}
    assert len(others) > 1


def test_draw_frequencies_follow_probabilities(instance, lottery) -> None:  # type: ignore[no-untyped-def]
    counts: Counter[str] = Counter()
    runs = 600
    for i in range(runs):
        counts.update(draw_panel(lottery, f"s{i}").person_ids)
    freq = np.array([counts[p.id] / runs for p in instance.people])
    assert np.abs(freq - lottery.probabilities).max() < 0.1


def test_rounding_to_uniform_lottery(instance, lottery) -> None:  # type: ignore[no-untyped-def]
    rounded = round_lottery(lottery, m=200)
    assert rounded.method == "repair"  # 120 people: too many panels to list, so not the exact path
    assert len(rounded.panels) == 200
    for panel in rounded.panels:
        assert panel_ok(instance, _indices(instance, panel))
    assert rounded.probabilities.sum() == pytest.approx(instance.panel_size)
    # Not guaranteed at this size (README, "Large pools"): this pool is the known miss, one person
    # at 13 panels for m x p = 14.035 (1.035/m). The bound records it so that a worse repair fails.
    assert rounded.max_deviation <= 1.04 / 200
    assert rounded.within_one_panel == (rounded.max_deviation <= 1 / 200 + 1e-9)
    d = draw_uniform(rounded, "published seed")
    assert d == draw_uniform(rounded, "published seed")


def test_replacement_keeps_quotas(instance, lottery) -> None:  # type: ignore[no-untyped-def]
    panel = draw_panel(lottery, "x").person_ids
    dropouts = panel[:2]
    rep = replace_dropouts(instance, panel, dropouts, seed="r1")
    assert len(rep.added) == 2
    assert not set(rep.added) & set(panel)
    assert rep.quota_violation == 0
    assert panel_ok(instance, _indices(instance, rep.panel))
    assert rep == replace_dropouts(instance, panel, dropouts, seed="r1")


def test_audit_record_is_json_and_hashes_input(instance, lottery) -> None:  # type: ignore[no-untyped-def]
    draw = draw_panel(lottery, "s")
    record = audit_record(instance, lottery, draw=draw)
    text = json.dumps(record)
    assert json.loads(text)["input_sha256"] == input_digest(instance)
    assert record["certificate"]["gap"] <= 1e-6
    assert record["draw"]["panel"] == list(draw.person_ids)
    assert len(record["probabilities"]) == instance.n
    other = synthetic_instance(120, 12, seed=8)
    assert input_digest(other) != input_digest(instance)


@pytest.mark.parametrize(("name", "k"), [("example_small_20", 20), ("example_large_200", 200)])
def test_published_instances(name: str, k: int) -> None:
    folder = DATA / name
    if not folder.is_dir():
        pytest.skip(f"{folder} not present")
    inst = read_instance(folder, k)
    lottery = find_lottery(inst)
    # published leximin result of the replication repository: lowest probability 10.0 %
    assert lottery.probabilities.min() == pytest.approx(0.10, abs=1e-6)
    assert lottery.certificate.gap <= 1e-6


def test_replacement_respects_households_and_reports_violation() -> None:
    from cocreate.engines.sortition import Instance, Person, Quota

    people = (
        Person("a", {"g": "f"}, "h1"),
        Person("b", {"g": "f"}, "h1"),
        Person("c", {"g": "m"}),
        Person("d", {"g": "m"}),
        Person("e", {"g": "m"}),
    )
    inst = Instance(people, (Quota("g", "f", 1, 1), Quota("g", "m", 1, 1)), 2)
    # "c" drops out: a man replaces him
    rep = replace_dropouts(inst, ("a", "c"), ("c",), seed="s")
    assert rep.quota_violation == 0
    assert rep.added[0] in {"d", "e"}
    # "a" drops out: her housemate "b" may replace her (a left the panel) and is the only woman
    rep = replace_dropouts(inst, ("a", "c"), ("a",), seed="s")
    assert rep.added == ("b",)
    # both women gone from the pool: the best replacement misses the quota by one person
    rep = replace_dropouts(inst, ("a", "c"), ("a", "b"), seed="s")
    assert rep.quota_violation >= 1


def _within_one_panel_exists(instance, probabilities: np.ndarray, m: int) -> bool:  # type: ignore[no-untyped-def]
    """Brute force, person by person: is there any multiset of m valid panels on which every person
    sits within one panel of m x their probability? (scipy's MILP over every valid panel.)"""
    import scipy.optimize as so

    from .helpers import all_panels

    panels = all_panels(instance)
    incidence = np.zeros((instance.n, len(panels)))
    for j, panel in enumerate(panels):
        incidence[list(panel), j] = 1.0
    lo = np.clip(np.ceil(m * probabilities - 1 - 1e-9), 0, m)
    hi = np.clip(np.floor(m * probabilities + 1 + 1e-9), 0, m)
    a = np.vstack([np.ones((1, len(panels))), incidence])
    result = so.milp(
        np.zeros(len(panels)),
        constraints=so.LinearConstraint(a, np.concatenate([[m], lo]), np.concatenate([[m], hi])),
        integrality=np.ones(len(panels)),
        bounds=so.Bounds(0, m),
    )
    assert result.status in (0, 2), result.message  # solved, or proved infeasible
    return bool(result.status == 0)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.booleans().flatmap(lambda hh: small_instances(max_people=9, max_k=4, households=hh)),
    st.integers(1, 80),
)
def test_rounding_is_within_one_panel_for_everyone(instance, m: int) -> None:  # type: ignore[no-untyped-def]
    """m equally likely panels: each person sits on them m x (their exact LEXIMIN probability)
    times, +-1 (|share - probability| <= 1/m, equality allowed), whenever any m valid panels do so
    -- a brute force over every valid panel decides that independently -- and otherwise the
    rounding says it is impossible. The m panels meet the quotas, and the result is the same
    every time (so the published seed picks the same panel)."""
    try:
        lottery = find_lottery(instance)
    except InfeasibleQuotasError:
        return
    rounded = round_lottery(lottery, m=m)
    # small pools: the integer program over all panels decides, or the two-feature construction
    assert rounded.method in ("exact", "two features")
    assert len(rounded.panels) == m
    for panel in rounded.panels:
        assert panel_ok(instance, _indices(instance, panel))
    hits = rounded.probabilities * m
    if rounded.method == "two features":  # guaranteed, and strictly: floor(m p) or ceil(m p)
        assert np.all(np.abs(hits - m * lottery.probabilities) < 1)
    if _within_one_panel_exists(instance, lottery.probabilities, m):
        assert np.all(np.abs(hits - m * lottery.probabilities) <= 1 + 1e-6)
        assert rounded.max_deviation <= 1 / m + 1e-9
        assert rounded.within_one_panel and not rounded.impossible
    else:
        assert rounded.impossible and not rounded.within_one_panel
    again = round_lottery(lottery, m=m)
    assert again.panels == rounded.panels
    assert draw_uniform(again, "published seed") == draw_uniform(rounded, "published seed")


def test_exact_rounding_proves_when_no_m_panels_are_within_one_panel() -> None:
    """Two types, one member each; the only valid panel holds both. A target of 1/2 each cannot be
    met within one panel by m = 4 panels (each person sits on all 4): the rounding says so and
    still returns valid panels."""
    from cocreate.engines.sortition.exact_rounding import exact_uses

    panels = np.array([[1, 1]])
    counts = np.array([1.0, 1.0])
    target = np.array([0.5, 0.5])
    m = 4
    lo, hi = np.ceil(m * target - 1), np.floor(m * target + 1)
    result = exact_uses(panels, counts, target, lo, hi, m)
    assert result is not None
    assert not result.within_one_panel
    assert result.uses.tolist() == [4]
    # with m = 1 the single panel is within one panel of 1 x 1/2 for both
    one = exact_uses(panels, counts, target, np.ceil(target - 1), np.floor(target + 1), 1)
    assert one is not None and one.within_one_panel


def test_a_real_leximin_lottery_can_have_no_m_panels_within_one_panel() -> None:
    """A real LEXIMIN lottery for which no m equally likely panels are within 1/m of it.

    Seven people are the seven points of the Fano plane and the seven features are its seven
    lines (feature j is "yes" for the three people on line j). The quotas say: at least one panel
    member from every line; panel size 3. A set of 3 points that meets every line of the Fano plane
    is itself a line, so the valid panels are exactly the 7 lines (the brute force checks this).
    Every person is on 3 of the 7 lines, so the uniform lottery over the lines gives everyone 3/7;
    7 people share 3 seats, so no lottery gives the worst-off more: the LEXIMIN probabilities are
    3/7 for everyone.

    Within one panel of m x 3/7 means:
      m = 2: 6/7, so every person sits 0 or 1 times: the two panels must be disjoint. But any two
             lines of the Fano plane meet (and one line twice puts its three people on twice).
      m = 3: 9/7, so every person sits 1 or 2 times: the three panels cover all 7 people, nobody
             three times. A line used twice leaves at most 5 people covered; three distinct lines
             meet pairwise in one point each, so they cover 3 + 3 + 3 - 3 = 6 people, or 7 when
             all three pass through one point -- who then sits 3 times.
    The integer program over all panels finds the same for m = 4, 5, 9, 10, 11, 12 and finds m
    panels for m = 6, 7, 8 (m = 7: each line once, exactly 3/7). So the requirement "within 1/m of
    the LEXIMIN marginals for every person" cannot be met in general; with quotas on 3 or more
    features the rounding decides it and reports ``impossible`` with the least possible deviation."""
    import itertools

    from cocreate.engines.sortition import Instance, Person, Quota

    from .helpers import all_panels, brute_force_leximin

    lines = [(0, 1, 3), (1, 2, 4), (2, 3, 5), (3, 4, 6), (4, 5, 0), (5, 6, 1), (6, 0, 2)]
    people = tuple(
        Person(f"p{i}", {f"line{j}": "yes" if i in line else "no" for j, line in enumerate(lines)})
        for i in range(7)
    )
    instance = Instance(people, tuple(Quota(f"line{j}", "yes", 1, 3) for j in range(7)), 3)
    panels = all_panels(instance)
    assert sorted(panels) == sorted(tuple(sorted(line)) for line in lines)
    # 1. the exact LEXIMIN probabilities, by brute force and by the engine
    exact = np.full(7, 3 / 7)
    assert brute_force_leximin(instance) == pytest.approx(exact, abs=1e-7)
    lottery = find_lottery(instance)
    assert lottery.probabilities == pytest.approx(exact, abs=1e-7)

    incidence = np.zeros((7, len(panels)))
    for j, panel in enumerate(panels):
        incidence[list(panel), j] = 1.0
    impossible_for = []
    for m in range(2, 13):
        # 2. brute force over all valid panels: are any m of them within one panel for everyone?
        exists = _within_one_panel_exists(instance, exact, m)
        if not exists:
            impossible_for.append(m)
        # 3. the rounding agrees, returns m valid panels, and their largest deviation is the least
        # over every multiset of m valid panels (listed by brute force)
        rounded = round_lottery(lottery, m=m)
        assert rounded.method == "exact"
        assert len(rounded.panels) == m
        for panel in rounded.panels:
            assert panel_ok(instance, _indices(instance, panel))
        assert rounded.impossible == (not exists)
        assert rounded.within_one_panel == exists
        best = min(
            float(np.abs(incidence[:, list(uses)].sum(axis=1) / m - exact).max())
            for uses in itertools.combinations_with_replacement(range(len(panels)), m)
        )
        assert rounded.max_deviation == pytest.approx(best, abs=1e-9)
        assert (best > 1 / m + 1e-9) == (not exists)
    assert impossible_for == [2, 3, 4, 5, 9, 10, 11, 12]
    # m = 2: two panels always share a person, who sits on both (1 - 3/7 = 4/7 > 1/2);
    # m = 3: someone is left out (3/7 > 1/3) or sits on all three (1 - 3/7 = 4/7)
    assert round_lottery(lottery, m=2).max_deviation == pytest.approx(4 / 7)
    assert round_lottery(lottery, m=3).max_deviation == pytest.approx(3 / 7)


def test_panels_are_listed_exactly_for_small_pools() -> None:
    """The listing of all valid panels (compositions) agrees with brute force over people."""
    from collections import Counter as Multiset

    from cocreate.engines.sortition import Instance, Person, Quota
    from cocreate.engines.sortition.exact_rounding import enumerate_panels
    from cocreate.engines.sortition.grouping import build_types

    from .helpers import all_panels

    people = tuple(
        Person(
            f"p{i}", {"g": "f" if i % 2 else "m", "a": "y" if i < 4 else "o"}, "h" if i in (0, 1) else None
        )
        for i in range(7)
    )
    quotas = (Quota("g", "f", 1, 2), Quota("g", "m", 1, 2), Quota("a", "y", 1, 3), Quota("a", "o", 0, 2))
    instance = Instance(people, quotas, 3)
    table = build_types(instance)
    listed = enumerate_panels(table)
    assert listed is not None
    by_person = Multiset(
        tuple(np.bincount(table.type_of_person[list(p)], minlength=table.n_types))
        for p in all_panels(instance)
    )
    assert {tuple(row) for row in listed.tolist()} == set(by_person)
    assert len(listed) == len({tuple(row) for row in listed.tolist()})
    assert enumerate_panels(table, limit=2) is None  # more than the limit: not small


def test_two_features_without_households_round_exactly_at_any_size() -> None:
    """Quotas on two features and no households: the totally unimodular construction gives m
    valid panels on which every person sits floor(m p) or ceil(m p) times, for a pool far too
    large to list its panels; the same panels every time."""
    instance = synthetic_instance(300, 30, seed=5, n_features=2, household_share=0.0)
    lottery = find_lottery(instance)
    m = 333
    rounded = round_lottery(lottery, m=m)
    assert rounded.method == "two features"
    assert len(rounded.panels) == m
    for panel in rounded.panels:
        assert panel_ok(instance, _indices(instance, panel))
    hits = rounded.probabilities * m
    assert np.all(np.abs(hits - m * lottery.probabilities) < 1)
    assert rounded.within_one_panel
    assert round_lottery(lottery, m=m).panels == rounded.panels
