"""World Café rotation (issue 7): speed and quality of cocreate.engines.tables.

Cases: 200 people at 40 tables of 5 for 5 rounds with 5 stakeholder groups and fixed hosts (20
seeds), 300 at 50 x 6 for 6 rounds, skewed groups (40 % in one), and the Social Golfer Problem
32 golfers in 8 groups of 4 for 9 and 10 rounds.
"""

from __future__ import annotations

import time

import numpy as np

from benchmarks._table import Row
from cocreate.engines.tables import Participant, RotationPlan, RotationProblem, plan_rotation

NAME = "tables"


def cafe(
    n: int, tables: int, size: int, rounds: int, groups: int, seed: int, skew: float = 0.0
) -> RotationProblem:
    """n people in ``groups`` stakeholder groups (one group holding ``skew`` of them if set), one
    randomly chosen host per table."""
    rng = np.random.default_rng(seed)
    if skew:
        big = round(skew * n)
        labels = ["g0"] * big + [f"g{1 + i % (groups - 1)}" for i in range(n - big)]
    else:
        labels = [f"g{i % groups}" for i in range(n)]
    rng.shuffle(labels)
    hosts = rng.choice(n, tables, replace=False).tolist()
    host_of = {p: t for t, p in enumerate(hosts)}
    people = tuple(Participant(f"p{i}", labels[i], host_of.get(i)) for i in range(n))
    return RotationProblem(people, (size,) * tables, rounds, seed=seed, time_limit=5.0)


def timed(problem: RotationProblem) -> tuple[RotationPlan, float]:
    t0 = time.perf_counter()
    plan = plan_rotation(problem)
    return plan, time.perf_counter() - t0


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    plan_rotation(cafe(50, 10, 5, 3, 5, 0))  # warm-up: imports, ring tables

    seeds = 5 if quick else 20
    times, repeats, distinct = [], [], []
    for seed in range(seeds):
        plan, dt = timed(cafe(200, 40, 5, 5, 5, seed))
        times.append(dt)
        repeats.append(plan.metrics.repeated_pairs)
        distinct.append(plan.metrics.min_distinct_groups)
    case = f"cafe 200p 40x5 5 rounds 5 groups hosts, {seeds} seeds"
    p95 = float(np.percentile(times, 95))
    rows += [
        Row(NAME, case, "p95 time", p95, "s", "<= 0.3 s", p95 <= 0.3),
        Row(NAME, case, "max repeated pairs", max(repeats), "", "0", max(repeats) == 0),
        Row(NAME, case, "min distinct groups/table", min(distinct), "", ">= 5", min(distinct) >= 5),
    ]

    big_seeds = 2 if quick else 5
    worst, rep, dist = 0.0, 0, 99
    for seed in range(big_seeds):
        plan, dt = timed(cafe(300, 50, 6, 6, 5, seed))
        worst, rep, dist = (
            max(worst, dt),
            max(rep, plan.metrics.repeated_pairs),
            min(dist, plan.metrics.min_distinct_groups),
        )
    case = f"cafe 300p 50x6 6 rounds 5 groups hosts, {big_seeds} seeds"
    rows += [
        Row(NAME, case, "max time", worst, "s", "<= 1 s", worst <= 1.0),
        Row(NAME, case, "max repeated pairs", rep, "", "0", rep == 0),
        Row(NAME, case, "min distinct groups/table", dist, "", ">= 5", dist >= 5),
    ]

    worst, gap, rep = 0.0, 0, 0
    for seed in range(big_seeds):
        plan, dt = timed(cafe(200, 40, 5, 5, 5, seed, skew=0.4))
        worst = max(worst, dt)
        gap = max(gap, plan.metrics.same_group_gap)
        rep = max(rep, plan.metrics.repeated_pairs)
    case = f"cafe 200p 40x5 skewed 40% one group, {big_seeds} seeds"
    rows += [
        Row(NAME, case, "max time", worst, "s", "<= 2 s", worst <= 2.0),
        Row(NAME, case, "same-group pairs above bound", gap, "", "0", gap == 0),
        Row(NAME, case, "max repeated pairs", rep, "", "0", rep == 0),
    ]

    golfers = tuple(Participant(f"g{i}") for i in range(32))
    plan, dt = timed(RotationProblem(golfers, (4,) * 8, 9))
    rows += [
        Row(NAME, "golfers 32 = 8x4, 9 rounds", "time", dt, "s", "<= 0.1 s", dt <= 0.1),
        Row(
            NAME,
            "golfers 32 = 8x4, 9 rounds",
            "repeated pairs",
            plan.metrics.repeated_pairs,
            "",
            "0",
            plan.metrics.repeated_pairs == 0,
        ),
    ]
    limit = 10.0 if quick else 30.0
    plan, dt = timed(RotationProblem(golfers, (4,) * 8, 10, time_limit=limit))
    case = f"golfers 32 = 8x4, 10 rounds ({plan.method})"
    rows += [
        Row(NAME, case, "time", dt, "s"),
        Row(
            NAME,
            case,
            "repeated pairs",
            plan.metrics.repeated_pairs,
            "",
            "0",
            plan.metrics.repeated_pairs == 0,
        ),
    ]
    return rows
