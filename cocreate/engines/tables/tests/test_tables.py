from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cocreate.engines.tables import (
    Participant,
    RotationProblem,
    plan_rotation,
    replan_rotation,
    rotation_metrics,
    table_sizes,
)
from cocreate.engines.tables.baseline import plain_tabu
from cocreate.engines.tables.construction import modular_design

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def people(n: int, groups: int = 0, hosts: int = 0) -> tuple[Participant, ...]:
    return tuple(
        Participant(f"p{i}", f"g{i % groups}" if groups else "", i if i < hosts else None) for i in range(n)
    )


def pair_counts(rounds: list[dict[str, int]] | tuple[dict[str, int], ...]) -> Counter[frozenset[str]]:
    out: Counter[frozenset[str]] = Counter()
    for assignment in rounds:
        tables: dict[int, list[str]] = {}
        for p, t in assignment.items():
            tables.setdefault(t, []).append(p)
        for members in tables.values():
            out.update(frozenset(pair) for pair in combinations(members, 2))
    return out


def test_table_sizes_are_even_within_capacity() -> None:
    assert table_sizes(10, [4, 4, 4], [0, 0, 0]) == [4, 3, 3]
    assert sorted(table_sizes(10, [2, 6, 6], [0, 0, 0])) == [2, 4, 4]
    assert table_sizes(3, [5, 5, 5, 5], [1, 1, 0, 0]) == [1, 1, 1, 0]
    with pytest.raises(ValueError, match="do not fit"):
        table_sizes(20, [4, 4], [0, 0])


@given(
    g=st.integers(2, 13),
    s=st.integers(2, 6),
    rounds=st.integers(1, 8),
    hosts=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_modular_design_never_repeats_a_pair(g: int, s: int, rounds: int, hosts: bool) -> None:
    design = modular_design(g, s, rounds, hosts)
    if design is None:
        return
    assert design.tables.shape[0] <= rounds
    seen: set[tuple[int, int]] = set()
    for row in design.tables:
        assert sorted(Counter(row.tolist()).values()) == [s] * g
        tables: dict[int, list[int]] = {}
        for cell, t in enumerate(row.tolist()):
            tables.setdefault(t, []).append(cell)
        for members in tables.values():
            for pair in combinations(members, 2):
                assert pair not in seen
                seen.add(pair)
        if hosts:  # column 0 is the hosts' seat and never moves
            assert [row[i * s] for i in range(g)] == list(range(g))


@pytest.mark.parametrize(
    ("g", "s", "rounds", "hosts"),
    [(5, 5, 5, True), (7, 3, 7, True), (8, 4, 8, True), (40, 5, 5, True), (50, 6, 6, True), (8, 4, 9, False)],
)
def test_plan_has_no_repeat_where_a_construction_applies(g: int, s: int, rounds: int, hosts: bool) -> None:
    problem = RotationProblem(people(g * s, hosts=g if hosts else 0), (s,) * g, rounds)
    plan = plan_rotation(problem)
    assert plan.metrics.repeated_pairs == 0
    assert plan.metrics.unique_encounter_ratio == 1.0
    assert plan.metrics.min_new_contacts == rounds * (s - 1)
    assert plan.method == "construction"


def test_thirty_two_golfers_play_nine_rounds_without_repeat() -> None:
    plan = plan_rotation(RotationProblem(people(32), (4,) * 8, 9))
    assert plan.metrics.repeated_pairs == 0
    assert plan.metrics.repeat_free_bound == 10


def test_stakeholder_groups_are_mixed_at_every_table() -> None:
    problem = RotationProblem(people(60, groups=5, hosts=12), (5,) * 12, 4, seed=3, time_limit=3.0)
    plan = plan_rotation(problem)
    m = plan.metrics
    assert m.repeated_pairs == 0
    assert m.min_distinct_groups == 5
    assert m.same_group_pairs == m.same_group_lower_bound == 0


@st.composite
def problems(draw: st.DrawFn) -> RotationProblem:
    g = draw(st.integers(2, 8))
    cap = draw(st.integers(2, 6))
    n = draw(st.integers(g, g * cap))
    n_hosts = draw(st.integers(0, g))
    groups = draw(st.integers(0, 4))
    rounds = draw(st.integers(1, 5))
    crowd = people(n, groups=groups, hosts=n_hosts)
    ids = [p.id for p in crowd]
    forbidden = draw(
        st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=3).map(
            lambda pairs: tuple((a, b) for a, b in pairs if a != b)
        )
    )
    seed = draw(st.integers(0, 10))
    return RotationProblem(crowd, (cap,) * g, rounds, forbidden, seed=seed, time_limit=0.2)


def check_plan(problem: RotationProblem, rounds: tuple[dict[str, int], ...]) -> None:
    g = len(problem.table_capacities)
    assert len(rounds) == problem.rounds
    for k, assignment in enumerate(rounds):
        if k < len(problem.locked_rounds):
            assert assignment == dict(problem.locked_rounds[k])
            continue
        assert set(assignment) == {p.id for p in problem.participants}
        sizes = Counter(assignment.values())
        for t in range(g):
            assert sizes.get(t, 0) <= problem.table_capacities[t]
        counts = [sizes.get(t, 0) for t in range(g)]
        assert max(counts) - min(counts) <= 1
        for p in problem.participants:
            if p.host_table is not None:
                assert assignment[p.id] == p.host_table


@given(problems())
@FAST
def test_plans_keep_hosts_capacities_and_balance(problem: RotationProblem) -> None:
    plan = plan_rotation(problem)
    check_plan(problem, plan.rounds)
    assert plan.metrics.size_spread <= 1


@given(problems())
@FAST
def test_forbidden_pairs_are_kept_apart_when_possible(problem: RotationProblem) -> None:
    hosts = {p.id: p.host_table for p in problem.participants if p.host_table is not None}
    # two hosts of one table cannot be separated; everything else can be with so few pairs
    pairs = tuple((a, b) for a, b in problem.forbidden_pairs if not (a in hosts and b in hosts))
    g = len(problem.table_capacities)
    if len(problem.participants) > (g - 1) * problem.table_capacities[0]:
        return  # tables so full that a pair may have nowhere else to go
    for p in problem.participants:
        barred = {
            hosts[b if a == p.id else a]
            for a, b in pairs
            if p.id in (a, b) and ({a, b} - {p.id}) <= set(hosts)
        }
        if p.id not in hosts and len(barred) == g:
            return  # forbidden with the host of every table: this pair cannot be avoided
    problem = RotationProblem(
        problem.participants,
        problem.table_capacities,
        problem.rounds,
        pairs,
        seed=problem.seed,
        max_steps=1000,  # a budget in steps: the wall clock (default safety stop) never decides
    )
    plan = plan_rotation(problem)
    assert plan.metrics.forbidden_violations == 0


@given(problems(), st.integers(0, 3), st.integers(0, 3), st.integers(0, 2))
@FAST
def test_replanning_keeps_held_rounds(problem: RotationProblem, held: int, leave: int, arrive: int) -> None:
    first = plan_rotation(problem)
    held = min(held, problem.rounds)
    stay = problem.participants[leave:]
    newcomers = tuple(Participant(f"new{i}", "g0") for i in range(arrive))
    crowd = stay + newcomers
    if len(crowd) > sum(problem.table_capacities) or not crowd:
        return
    hosts = Counter(p.host_table for p in crowd if p.host_table is not None)
    again = RotationProblem(
        crowd,
        problem.table_capacities,
        problem.rounds,
        problem.forbidden_pairs,
        locked_rounds=first.rounds[:held],
        seed=problem.seed,
        time_limit=0.2,
    )
    if any(c > problem.table_capacities[0] for c in hosts.values()):
        return
    plan = replan_rotation(again, first.rounds)
    check_plan(again, plan.rounds)
    assert plan.rounds[:held] == first.rounds[:held]


def test_replanning_after_late_arrivals_avoids_repeats() -> None:
    crowd = people(36, groups=3, hosts=9)
    problem = RotationProblem(crowd, (5,) * 9, 4, seed=1)
    first = plan_rotation(problem)
    assert first.metrics.repeated_pairs == 0
    later = RotationProblem(
        (*crowd[2:], Participant("late1", "g0"), Participant("late2", "g1"), Participant("late3", "g2")),
        (5,) * 9,
        4,
        locked_rounds=first.rounds[:2],
        max_steps=1000,
    )
    plan = replan_rotation(later, first.rounds)
    assert plan.rounds[:2] == first.rounds[:2]
    assert plan.metrics.repeated_pairs == 0
    # the people who stayed mostly keep their seats in the rounds to come
    kept = sum(
        plan.rounds[k][p] == first.rounds[k][p]
        for k in (2, 3)
        for p in first.rounds[k]
        if p in plan.rounds[k]
    )
    assert kept >= 40


def test_metrics_on_a_hand_made_plan() -> None:
    crowd = (Participant("a", "x", 0), Participant("b", "x"), Participant("c", "y", 1), Participant("d", "y"))
    problem = RotationProblem(crowd, (2, 2), 2, forbidden_pairs=(("a", "d"),), time_limit=0.3)
    rounds = ({"a": 0, "b": 0, "c": 1, "d": 1}, {"a": 0, "b": 0, "c": 1, "d": 1})
    m = rotation_metrics(problem, rounds)
    assert m.repeated_pairs == 2
    assert m.repeat_encounters == 2
    assert m.unique_encounter_ratio == 0.5
    assert m.min_new_contacts == 1
    assert m.min_distinct_groups == 1
    assert m.same_group_pairs == 4
    assert m.forbidden_violations == 0
    assert m.repeat_lower_bound == 0  # b and d could take turns with the two hosts
    plan = plan_rotation(problem)
    # keeping a and d apart comes first: it pins d to c's table, and so b to a's, group or not
    assert plan.metrics.forbidden_violations == 0
    assert plan.metrics.same_group_pairs == 4


def test_bad_input_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="unique"):
        plan_rotation(RotationProblem((Participant("a"), Participant("a")), (2,), 1))
    with pytest.raises(ValueError, match="does not exist"):
        plan_rotation(RotationProblem((Participant("a", host_table=3),), (2,), 1))
    with pytest.raises(ValueError, match="locked"):
        plan_rotation(RotationProblem((Participant("a"),), (2,), 0, locked_rounds=({"a": 0},)))


def test_pair_counts_helper_agrees_with_metrics() -> None:
    problem = RotationProblem(people(20, groups=2, hosts=4), (5,) * 4, 3, time_limit=0.3)
    plan = plan_rotation(problem)
    counts = pair_counts(plan.rounds)
    assert plan.metrics.repeated_pairs == sum(1 for c in counts.values() if c > 1)


@given(
    g=st.integers(2, 9),
    s=st.integers(2, 5),
    rounds=st.integers(1, 5),
    holes=st.integers(0, 3),
    groups=st.integers(0, 4),
    hosted=st.booleans(),
    seed=st.integers(0, 5),
)
@FAST
def test_no_repeat_on_any_instance_a_construction_covers(
    g: int, s: int, rounds: int, holes: int, groups: int, hosted: bool, seed: int
) -> None:
    n = g * s - min(holes, g - 1)
    design = modular_design(g, s, rounds, hosted, column_round=n == g * s)
    if design is None or design.tables.shape[0] < rounds:
        return
    problem = RotationProblem(
        people(n, groups, g if hosted else 0), (s,) * g, rounds, seed=seed, time_limit=0.2
    )
    plan = plan_rotation(problem)
    assert plan.metrics.repeated_pairs == 0
    check_plan(problem, plan.rounds)


def test_a_lone_visitor_leaves_a_forbidden_host() -> None:
    """Found by hypothesis: one visitor, three single hosts, the visitor forbidden with host 0.
    The swap search cannot move the visitor (the others are hosts); the repair pass must."""
    hosts = tuple(Participant(f"p{t}", host_table=t) for t in range(3))
    people = (*hosts, Participant("p3"))
    problem = RotationProblem(people, (2, 2, 2), 1, forbidden_pairs=(("p0", "p3"),), time_limit=0.2)
    plan = plan_rotation(problem)
    assert plan.metrics.forbidden_violations == 0
    assert plan.rounds[0]["p3"] != 0


def hosted_cafe(n: int, tables: int, size: int, rounds: int, groups: int, seed: int) -> RotationProblem:
    """The World Café of the issue: stakeholder groups dealt round-robin then shuffled, one host
    drawn at random for each table."""
    rng = random.Random(seed)
    labels = [f"g{i % groups}" for i in range(n)]
    rng.shuffle(labels)
    host_of = {p: t for t, p in enumerate(rng.sample(range(n), tables))}
    crowd = tuple(Participant(f"p{i}", labels[i], host_of.get(i)) for i in range(n))
    return RotationProblem(crowd, (size,) * tables, rounds, seed=seed)


@pytest.mark.parametrize(("n", "tables", "size", "rounds"), [(30, 6, 5, 4), (60, 10, 6, 5)])
def test_hosted_cafes_with_groups_have_no_repeat_for_any_seed(
    n: int, tables: int, size: int, rounds: int
) -> None:
    for seed in range(4):
        problem = hosted_cafe(n, tables, size, rounds, 5, seed)
        plan = plan_rotation(problem)
        check_plan(problem, plan.rounds)
        assert plan.metrics.repeated_pairs == 0, (seed, plan.notes)


@given(problems())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_never_more_repeats_than_a_plain_tabu_search(problem: RotationProblem) -> None:
    problem = RotationProblem(
        problem.participants,
        problem.table_capacities,
        problem.rounds,
        seed=problem.seed,
        max_steps=300,
        time_limit=600.0,
    )
    plan = plan_rotation(problem)
    _, plain = plain_tabu(problem, steps=300)
    assert plan.metrics.repeat_encounters <= plain


def test_the_plan_depends_on_steps_not_on_the_clock() -> None:
    problem = hosted_cafe(30, 6, 5, 4, 5, seed=11)
    slow = plan_rotation(replace(problem, max_steps=600, time_limit=600.0))
    fast = plan_rotation(replace(problem, max_steps=600, time_limit=300.0))
    assert slow.rounds == fast.rounds
