from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from cocreate.engines.sortition import (
    InfeasibleQuotasError,
    Instance,
    Person,
    Quota,
    SortitionInputError,
    check_feasibility,
    find_lottery,
)
from cocreate.engines.sortition.synthetic import synthetic_instance

from .helpers import all_panels, brute_force_leximin, small_instances

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def members_of(lottery, j: int, instance: Instance) -> list[int]:
    """A concrete panel for composition j: the first members of each type (any choice is equivalent)."""
    out: list[int] = []
    for t, count in lottery.panel_members(j).items():
        out += lottery.table.members[t][:count].tolist()
    return out


def check_invariants(instance: Instance, lottery) -> None:
    from .helpers import panel_ok

    assert lottery.weights.min() >= 0
    assert lottery.weights.sum() == pytest.approx(1.0, abs=1e-9)
    assert lottery.probabilities.sum() == pytest.approx(instance.panel_size, abs=1e-6)
    for j in range(len(lottery.weights)):
        assert panel_ok(instance, members_of(lottery, j, instance))
        # every member choice within types is a valid panel too: check the last members as well
        alt: list[int] = []
        for t, count in lottery.panel_members(j).items():
            alt += lottery.table.members[t][len(lottery.table.members[t]) - count :].tolist()
        assert panel_ok(instance, alt)


@FAST
@given(small_instances())
def test_leximin_matches_brute_force(instance: Instance) -> None:
    panels = all_panels(instance)
    if not panels:
        with pytest.raises(InfeasibleQuotasError):
            find_lottery(instance)
        return
    lottery = find_lottery(instance)
    check_invariants(instance, lottery)
    exact = brute_force_leximin(instance)
    # leximin profiles are unique: compare person by person
    np.testing.assert_allclose(lottery.probabilities, exact, atol=2e-6)
    # nobody who sits on some valid panel gets probability 0
    reachable = np.zeros(instance.n, dtype=bool)
    for p in panels:
        reachable[list(p)] = True
    assert (lottery.probabilities[reachable] > 1e-9).all()
    assert (lottery.probabilities[~reachable] == 0).all()
    assert lottery.certificate.gap <= 1e-6


@FAST
@given(small_instances(max_people=8, max_k=3))
def test_other_methods_keep_quotas(instance: Instance) -> None:
    if not check_feasibility(instance).feasible:
        return
    exact = brute_force_leximin(instance)
    for method in ("maximin", "nash", "goldilocks"):
        lottery = find_lottery(instance, method)
        check_invariants(instance, lottery)
        if method == "maximin":
            positive = exact[exact > 0]
            assert lottery.probabilities[exact > 0].min() == pytest.approx(positive.min(), abs=1e-6)


@settings(max_examples=15, deadline=None)
@given(small_instances(max_people=14, max_k=5))
def test_deterministic(instance: Instance) -> None:
    if not check_feasibility(instance).feasible:
        return
    a, b = find_lottery(instance), find_lottery(instance)
    np.testing.assert_array_equal(a.compositions, b.compositions)
    np.testing.assert_array_equal(a.weights, b.weights)


def test_synthetic_pool_invariants_and_determinism() -> None:
    instance = synthetic_instance(150, 15, seed=3)
    a = find_lottery(instance)
    check_invariants(instance, a)
    b = find_lottery(instance)
    np.testing.assert_array_equal(a.probabilities, b.probabilities)
    assert a.probabilities.min() > 0
    assert a.certificate.gap <= 1e-6
    # leximin's lowest probability equals maximin's optimum
    m = find_lottery(instance, "maximin")
    assert a.probabilities.min() == pytest.approx(m.certificate.stages[0].bound, abs=1e-6)


def test_goldilocks_beats_leximin_on_its_own_objective() -> None:
    instance = synthetic_instance(120, 12, seed=5)
    share = instance.panel_size / instance.n

    def score(p: np.ndarray) -> float:
        q = p[p > 0]
        return float(q.max() / share + share / q.min())

    gold = find_lottery(instance, "goldilocks", gamma=1.0)
    lex = find_lottery(instance, "leximin")
    check_invariants(instance, gold)
    assert score(gold.probabilities) <= score(lex.probabilities) + 1e-3


def test_households_are_never_together() -> None:
    people = [
        Person("a", {"g": "f"}, "h1"),
        Person("b", {"g": "m"}, "h1"),
        Person("c", {"g": "f"}),
        Person("d", {"g": "m"}),
    ]
    inst = Instance(tuple(people), (Quota("g", "f", 1, 1), Quota("g", "m", 1, 1)), 2)
    lottery = find_lottery(inst)
    check_invariants(inst, lottery)
    np.testing.assert_allclose(lottery.probabilities, [0.5, 0.5, 0.5, 0.5], atol=1e-7)


def test_bad_input_gets_a_clear_message() -> None:
    p = (Person("a", {"g": "f"}), Person("a", {"g": "m"}))
    with pytest.raises(SortitionInputError, match="twice"):
        Instance(p, (Quota("g", "f", 0, 1),), 1)
    with pytest.raises(SortitionInputError, match="below its minimum"):
        Instance((Person("a", {"g": "f"}),), (Quota("g", "f", 2, 1),), 1)
    with pytest.raises(SortitionInputError, match="no value"):
        Instance((Person("a", {}),), (Quota("g", "f", 0, 1),), 1)
    with pytest.raises(ValueError, match="Unknown method"):
        find_lottery(synthetic_instance(20, 4, seed=1), "best")  # type: ignore[arg-type]


def _practice() -> Instance:
    # floor/ceil quotas (no slack) on 7 correlated features with households: the practice case
    return synthetic_instance(150, 15, seed=5, n_features=7, slack=0.0)


def test_stopped_run_is_flagged_and_finished_run_is_not() -> None:
    from cocreate.engines.sortition import audit_record

    instance = _practice()
    done = find_lottery(instance)
    assert done.certificate.status == "optimal"
    assert done.certificate.gap <= 1e-6
    # the wall-clock safety stop: flagged as stopped, in the certificate and the audit record
    stopped = find_lottery(instance, max_seconds=0.0)
    assert stopped.certificate.status == "stopped"
    assert audit_record(instance, stopped)["certificate"]["status"] == "stopped"
    assert audit_record(instance, done)["certificate"]["status"] == "optimal"
    # the deterministic work limit: not finished either, but reproducible, with its bound
    limited = find_lottery(instance, max_rounds=1)
    assert limited.certificate.status == "gap"
    assert limited.certificate.rounds <= 2
    again = find_lottery(instance, max_rounds=1)
    np.testing.assert_array_equal(limited.compositions, again.compositions)


def test_same_panel_on_a_slow_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits that do not bind leave no trace: a clock running 1000x slower (a slow machine) and a
    different safety stop give the same distribution and the same drawn panel."""
    import time

    from cocreate.engines.sortition import draw_panel
    from cocreate.engines.sortition import lottery as lottery_module

    instance = _practice()
    fast = find_lottery(instance)
    real = time.perf_counter
    origin = real()

    class SlowClock:
        @staticmethod
        def perf_counter() -> float:
            return origin + 1000.0 * (real() - origin)

    monkeypatch.setattr(lottery_module, "time", SlowClock)
    slow = find_lottery(instance, max_seconds=1e9)
    assert slow.certificate.status == fast.certificate.status == "optimal"
    np.testing.assert_array_equal(fast.compositions, slow.compositions)
    np.testing.assert_array_equal(fast.weights, slow.weights)
    assert draw_panel(fast, "2026 lotto 4 8 15 16 23 42") == draw_panel(slow, "2026 lotto 4 8 15 16 23 42")


_CHILD = """
import json, sys
from cocreate.engines.sortition import draw_panel, find_lottery
from cocreate.engines.sortition.synthetic import synthetic_instance
lottery = find_lottery(synthetic_instance(150, 15, seed=5, n_features=7, slack=0.0))
print(json.dumps({"status": lottery.certificate.status, "weights": lottery.weights.tolist(),
                  "panel": draw_panel(lottery, "published seed").person_ids}))
"""


def test_same_panel_with_other_thread_counts() -> None:
    """numpy's BLAS and HiGHS may use several threads; the result must not depend on how many."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[4]
    results = []
    for threads in ("1", "2"):
        env = {
            **os.environ,
            "OMP_NUM_THREADS": threads,
            "OPENBLAS_NUM_THREADS": threads,
            "MKL_NUM_THREADS": threads,
        }
        out = subprocess.run(
            [sys.executable, "-c", _CHILD], env=env, cwd=root, capture_output=True, text=True, check=True
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert results[0]["status"] == "optimal"
    assert results[0] == results[1]


def test_practice_quotas_reach_the_relaxation_target_by_decomposition() -> None:
    """Floor/ceil quotas on 7 correlated features with households: the relaxation's leximin target
    is written exactly as a lottery of panels on its face, with no integer program."""
    from cocreate.engines.sortition.grouping import build_types
    from cocreate.engines.sortition.oracle import constraint_matrix
    from cocreate.engines.sortition.relaxation import face_of, fractional_leximin

    instance = synthetic_instance(300, 30, seed=8, n_features=7, slack=0.0)
    lottery = find_lottery(instance)
    check_invariants(instance, lottery)
    assert lottery.certificate.status == "optimal"
    assert lottery.stats["decomposition_shortfall"] <= 1e-7
    assert lottery.stats["oracle_calls"] == 0
    table = build_types(instance)
    relaxed = fractional_leximin(table)
    assert relaxed is not None
    target, levels = relaxed
    # every type gets its relaxation level, an upper bound for every lottery: leximin-optimal
    assert (lottery.type_probabilities >= target - 1e-7).all()
    assert lottery.probabilities.min() == pytest.approx(levels[0].value, abs=1e-7)
    # every panel lies on the target's face (quotas tight at the target are tight on the panel)
    face = face_of(table, target)
    matrix, _, _ = constraint_matrix(table)
    rows = lottery.compositions @ matrix.T.toarray()
    assert (rows >= face.row_lower - 1e-9).all() and (rows <= face.row_upper + 1e-9).all()
    # MAXIMIN is the first stage of the same lottery
    m = find_lottery(instance, "maximin")
    assert m.certificate.status == "optimal" and len(m.certificate.stages) == 1
    assert m.probabilities.min() == pytest.approx(levels[0].value, abs=1e-7)


def test_a_target_out_of_reach_falls_back_to_column_generation() -> None:
    """p0 and p2 fit the quotas in expectation but on no panel (each would need a partner from their
    own household): the relaxation's target is out of reach, and the classic algorithm finds the
    leximin lottery."""
    rows = [
        ("p0", "v1", "v1", "h1"),
        ("p1", "v0", "v1", "h1"),
        ("p2", "v0", "v0", "h1"),
        ("p3", "v0", "v1", None),
        ("p4", "v1", "v0", None),
        ("p5", "v0", "v1", None),
        ("p6", "v1", "v0", None),
    ]
    people = tuple(Person(i, {"c0": a, "c1": b}, h) for i, a, b, h in rows)
    quotas = (
        Quota("c0", "v0", 0, 1),
        Quota("c0", "v1", 1, 2),
        Quota("c1", "v0", 1, 2),
        Quota("c1", "v1", 0, 1),
    )
    instance = Instance(people, quotas, 3)
    lottery = find_lottery(instance)
    assert lottery.stats["decomposition_shortfall"] > 1e-7  # the fast path did not finish
    check_invariants(instance, lottery)
    assert lottery.certificate.status == "optimal"
    np.testing.assert_allclose(lottery.probabilities, brute_force_leximin(instance), atol=2e-6)
