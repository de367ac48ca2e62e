"""plan_rotation / replan_rotation: the entry points of the World Café engine."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from cocreate.engines.tables.baseline import plain_tabu
from cocreate.engines.tables.construction import label_design, modular_design
from cocreate.engines.tables.golfers import conflicts, golfer_design, golfer_search
from cocreate.engines.tables.metrics import rotation_metrics
from cocreate.engines.tables.model import Participant, RotationPlan, RotationProblem
from cocreate.engines.tables.repair import separate_forbidden
from cocreate.engines.tables.search import (
    FloatArray,
    IntArray,
    SearchInput,
    _greedy,
    _same_group_floor,
    tabu_search,
    total_cost,
)
from cocreate.engines.tables.sizes import table_sizes


def _group_ids(people: Sequence[Participant]) -> tuple[np.ndarray, int]:
    names = sorted({p.group for p in people if p.group})
    index = {name: i for i, name in enumerate(names)}
    ng = len(names)
    return np.array([index.get(p.group, ng) if p.group else ng for p in people], dtype=np.int64), ng


def plan_rotation(problem: RotationProblem, start: Sequence[Mapping[str, int]] | None = None) -> RotationPlan:
    """Seat everyone for every round still to come.

    The pure Social Golfer Problem (no hosts, groups or forbidden pairs, equal tables) takes the
    design of its shape (golfers.golfer_design), seated in an order drawn from the seed. Every other
    case goes to ``_plan_free``: a modular design where one fits, a joint tabu search, and restarts
    of a search on repeats while repeats remain (see README.md). Budgets are counted in steps
    (``max_steps``); ``time_limit`` is a safety stop. ``start`` optionally gives the rounds to come
    as previously planned (person -> table); the search begins there, which keeps changes small
    when re-planning.
    """
    t0 = time.perf_counter()
    deadline = t0 + max(0.0, problem.time_limit)
    rng = np.random.default_rng(problem.seed)
    people = list(problem.participants)
    ids = [p.id for p in people]
    if len(set(ids)) != len(ids):
        raise ValueError("participant ids must be unique")
    g = len(problem.table_capacities)
    if g == 0:
        raise ValueError("there must be at least one table")
    if any(c < 0 for c in problem.table_capacities):
        raise ValueError("table capacities cannot be negative")
    held = len(problem.locked_rounds)
    if held > problem.rounds:
        raise ValueError(f"{held} rounds are locked but only {problem.rounds} are planned")
    index = {pid: i for i, pid in enumerate(ids)}
    n = len(people)
    host = np.array([p.host_table if p.host_table is not None else -1 for p in people], dtype=np.int64)
    if ((host >= g) | (host < -1)).any():
        raise ValueError("a host is assigned to a table that does not exist")
    host_counts = np.bincount(host[host >= 0], minlength=g).tolist()
    free = problem.rounds - held
    sizes = np.array(
        [table_sizes(n, problem.table_capacities, host_counts, offset=k) for k in range(free)], dtype=np.int64
    ).reshape(free, g)
    group, ng = _group_ids(people)
    forbidden = np.zeros((n, n))
    forbidden_sets: list[set[int]] = [set() for _ in range(n)]
    for a, b in problem.forbidden_pairs:
        if a in index and b in index and a != b:
            forbidden[index[a], index[b]] = forbidden[index[b], index[a]] = 1.0
            forbidden_sets[index[a]].add(index[b])
            forbidden_sets[index[b]].add(index[a])
    base = np.zeros((n, n))
    for assignment in problem.locked_rounds:
        seated = [(index[p], t) for p, t in assignment.items() if p in index]
        if not seated:
            continue
        ps = np.array([i for i, _ in seated])
        ts = np.array([t for _, t in seated])
        together = (ts[:, None] == ts[None, :]).astype(float)
        np.fill_diagonal(together, 0.0)
        base[np.ix_(ps, ps)] += together

    notes: list[str] = []
    tab = np.full((free, n), -1, dtype=np.int64)
    method = "search"
    if start is not None:
        for k, assignment in enumerate(list(start)[:free]):
            for pid, t in assignment.items():
                if pid in index and 0 <= t < g:
                    tab[k, index[pid]] = t
    steps = max(1, problem.max_steps)
    if (
        free > 0
        and start is None
        and held == 0
        and ng == 0
        and _pure_golfers(n, g, problem, host_counts, free)
    ):
        design, left, how = golfer_design(g, n // g, free, (1 + RESTART_BUDGET) * steps, deadline)
        # the design does not depend on the seed; the seed decides who takes which seat
        tab = design[:, rng.permutation(n)]
        method = "construction" if how.startswith("modular") else "search"
        notes.append(f"social golfer: {how}, {left} repeat encounters")
    elif free > 0:
        tab, method, notes = _plan_free(
            n,
            g,
            problem,
            host,
            group,
            ng,
            base,
            forbidden,
            forbidden_sets,
            sizes,
            tab,
            start is None,
            deadline,
            rng,
        )
    rounds: list[dict[str, int]] = [dict(r) for r in problem.locked_rounds]
    for k in range(free):
        rounds.append({ids[i]: int(tab[k, i]) for i in range(n)})
    rounds = separate_forbidden(problem, rounds, first_free=len(problem.locked_rounds))
    metrics = rotation_metrics(problem, rounds)
    return RotationPlan(tuple(rounds), metrics, method, tuple(notes))


def _plan_free(
    n: int,
    g: int,
    problem: RotationProblem,
    host: IntArray,
    group: IntArray,
    ng: int,
    base: FloatArray,
    forbidden: FloatArray,
    forbidden_sets: list[set[int]],
    sizes: IntArray,
    tab: IntArray,
    fresh: bool,
    deadline: float,
    rng: np.random.Generator,
) -> tuple[IntArray, str, list[str]]:
    """Every case but the pure Social Golfer Problem: a design where one fits, a joint tabu search
    on (forbidden, repeats, same-group pairs), then, while repeats remain above their lower bound
    and the budget lasts, restarts from diverse greedy starts of a search on repeats alone whose
    result is relabelled for the stakeholder mix and polished by the joint search."""
    held = len(problem.locked_rounds)
    free = sizes.shape[0]
    steps = _steps(problem, n, free)
    host_counts = np.bincount(host[host >= 0], minlength=g)
    constructible = fresh and held == 0 and n > 0 and int(host_counts.max(initial=0)) <= 1
    mixing = ng >= 2 or bool(forbidden.any())
    notes: list[str] = []
    method = "search"
    built_all: IntArray | None = None
    if constructible:
        built = _construct(n, g, problem, host, group, ng, forbidden_sets, free, steps, deadline, rng)
        if built is not None:
            tab_c, rounds_built, optimal, ring = built
            if rounds_built == free:
                note = f"modular design over {ring}: {free} repeat-free rounds"
                if not mixing or optimal:
                    return tab_c, "construction", [note]
                built_all = tab_c
                sizes = np.array([np.bincount(r, minlength=g) for r in tab_c], dtype=np.int64)
                tab = tab_c.copy()  # the joint search polishes the design's stakeholder mix
                notes.append(note)
                method = "construction+search"
            elif not mixing:
                tab[:rounds_built] = tab_c
                sizes = sizes.copy()
                sizes[:rounds_built] = [np.bincount(r, minlength=g) for r in tab_c]
                notes.append(
                    f"modular design over {ring}: {rounds_built} repeat-free rounds, search for the rest"
                )
                method = "construction+search"
    inp = SearchInput(n, g, sizes, host, group, ng, base, forbidden, tab)
    best_tab, _ = tabu_search(inp, deadline, rng, max_iterations=steps)
    base_i = base.astype(np.int64)

    def key(t: IntArray) -> tuple[int, int, int, int]:
        # forbidden pairs, then repeat encounters as the metrics count them, then the search's
        # spread of repeats (sum of C(m, 2)), then same-group pairs
        forb, spread, same = total_cost(inp, t)
        return forb, conflicts(t, n, g, base_i), spread, same

    best_cost = key(best_tab)
    if built_all is not None:
        cost_c = key(built_all)
        if cost_c < best_cost:
            best_tab, best_cost = built_all, cost_c
    target = _repeat_target(sizes, host, base)
    repeats = best_cost[1]
    if repeats <= target:
        return best_tab, method, notes
    # Repeats remain: spend the rest of the budget on restarts. A restart seats everyone greedily
    # at random (the first one starts from the joint search's plan), searches on repeats alone, then
    # relabels the visitors for the stakeholder mix and polishes with the joint search.
    movable = host < 0
    blank = SearchInput(n, g, sizes, host, group, ng, base, forbidden, np.full_like(tab, -1))
    relabel = fresh and held == 0
    floor = _same_group_floor(inp)
    budget = RESTART_BUDGET * steps
    used = 0
    restarts = 0
    while used < budget and repeats > target and time.perf_counter() < deadline:
        # one restart spends `steps`: half on repeats, a quarter on relabelling, a quarter polishing
        begin = best_tab if restarts == 0 else _greedy(blank, rng)[0]
        skeleton, _ = golfer_search(
            begin,
            g,
            0,
            deadline,
            rng,
            max_iterations=max(1, steps // 2),
            movable=movable,
            base=base_i,
            target=target,
        )
        used += steps
        restarts += 1
        if relabel:
            skeleton = _relabel(
                skeleton, host, group, ng, forbidden_sets, floor, max(1, steps // 4), deadline, rng
            )
        polish = SearchInput(n, g, sizes, host, group, ng, base, forbidden, skeleton)
        cand, _ = tabu_search(polish, deadline, rng, max_iterations=max(1, steps // 4))
        for option in (skeleton, cand):  # the polish may trade repeats for their spread
            cost = key(option)
            if cost < best_cost:
                best_tab, best_cost = option, cost
            repeats = best_cost[1]
    if restarts:
        notes.append(f"{restarts} restart(s) of the repeat search; {repeats} repeat encounters left")
    if repeats > target and relabel and not forbidden.any():
        # Last, the plain tabu search itself (baseline.py, the yardstick), with at least the steps
        # the yardstick is given: the plan never leaves more repeats than it does.
        plain, _ = plain_tabu(problem, max(steps, problem.max_steps))
        mixed = _relabel(plain, host, group, ng, forbidden_sets, floor, max(1, steps // 4), deadline, rng)
        for option in (plain, mixed):
            cost = key(option)
            if cost < best_cost:
                best_tab, best_cost = option, cost
        if best_cost[1] < repeats:
            notes.append(f"the plain tabu search left fewer: {best_cost[1]} repeat encounters")
        repeats = best_cost[1]
    return best_tab, method, notes


RESTART_BUDGET = 3  # the restarts together take this many times the steps of one search phase
STEPS_PER_SEAT = 20  # a search phase takes at most this many steps per person and round to plan


def _steps(problem: RotationProblem, n: int, free: int) -> int:
    """Steps of one search phase: ``max_steps``, fewer for small problems (whose neighbourhoods are
    small too). Deterministic, so that the plan does not depend on the machine's speed."""
    return max(1, min(problem.max_steps, STEPS_PER_SEAT * n * max(1, free)))


def _repeat_target(sizes: IntArray, host: IntArray, base: FloatArray) -> int:
    """Repeat encounters no plan with these table sizes can avoid: pair meetings beyond the pairs
    that can meet at all (two hosts of different tables never do). The search stops there."""
    n = len(host)
    held = round(float(base.sum())) // 2
    planned = int((sizes * (sizes - 1) // 2).sum())
    hosts = np.bincount(host[host >= 0]) if (host >= 0).any() else np.zeros(0, dtype=np.int64)
    h = int(hosts.sum())
    apart = h * (h - 1) // 2 - int((hosts * (hosts - 1) // 2).sum())
    return max(0, held + planned - (n * (n - 1) // 2 - apart))


def _relabel(
    skeleton: IntArray,
    host: IntArray,
    group: IntArray,
    ng: int,
    forbidden_sets: list[set[int]],
    floor: int,
    steps: int,
    deadline: float,
    rng: np.random.Generator,
) -> IntArray:
    """Treat a plan as a design: visitors trade their whole schedules (which keeps every repeat
    count) so that tables mix stakeholder groups and forbidden pairs sit apart."""
    n = skeleton.shape[1]
    occupant = np.arange(n, dtype=np.int64)
    visitors = np.flatnonzero(host < 0)
    if ng < 1 and not any(forbidden_sets):
        return skeleton
    occ, _ = label_design(
        skeleton, occupant, visitors, group, ng, forbidden_sets, floor, deadline, rng, max_iterations=steps
    )
    out = np.empty_like(skeleton)
    out[:, occ] = skeleton  # the person in cell c takes cell c's schedule
    return out


def _construct(
    n: int,
    g: int,
    problem: RotationProblem,
    host: IntArray,
    group: IntArray,
    ng: int,
    forbidden_sets: list[set[int]],
    free: int,
    steps: int,
    deadline: float,
    rng: np.random.Generator,
) -> tuple[IntArray, int, bool, str] | None:
    s = -(-n // g)
    if min(problem.table_capacities) < s:
        return None
    hosted = bool((host >= 0).any())
    design = modular_design(g, s, free, hosted, column_round=g * s == n)
    if design is None:
        return None
    holes = g * s - n
    occupant = np.full(g * s, -2, dtype=np.int64)  # -2: not yet filled
    for p in np.flatnonzero(host >= 0):
        occupant[int(host[p]) * s] = p
    if holes:
        column = s - 1 if s > 1 else 0
        rows = [i for i in range(g) if occupant[i * s + column] == -2][:holes]
        if len(rows) < holes:
            return None
        for i in rows:
            occupant[i * s + column] = -1
    free_cells = np.flatnonzero(occupant == -2)
    visitors = np.flatnonzero(host < 0)
    rng.shuffle(visitors)
    if len(visitors) != len(free_cells):
        return None
    occupant[free_cells] = visitors
    movable = np.flatnonzero(occupant >= 0)
    # column 0 never moves, so its people (hosts among them) may trade rows: that only renames tables
    swap_class = (np.arange(g * s) % s != 0).astype(np.int64)
    rounds = design.tables.shape[0]
    floor = 0
    counts = np.bincount(group, minlength=ng + 1)[:ng]
    for _ in range(rounds):
        for c in counts.tolist():
            q, rem = divmod(c, g)
            floor += (g - rem) * q * (q - 1) // 2 + rem * (q + 1) * q // 2
    occupant, cost = label_design(
        design.tables,
        occupant,
        movable,
        group,
        ng,
        forbidden_sets,
        floor,
        deadline,
        rng,
        swap_class=swap_class,
        max_iterations=steps,
    )
    # ring element of row i -> the table of the host seated in that row; other rows take the rest
    rename = np.full(g, -1, dtype=np.int64)
    for i in range(g):
        p = occupant[i * s]
        if p >= 0 and host[p] >= 0:
            rename[i] = host[p]
    spare = iter(sorted(set(range(g)) - set(rename[rename >= 0].tolist())))
    for i in range(g):
        if rename[i] < 0:
            rename[i] = next(spare)
    tab = np.full((rounds, n), -1, dtype=np.int64)
    seated = occupant >= 0
    for k in range(rounds):
        tab[k, occupant[seated]] = rename[design.tables[k, seated]]
    return tab, rounds, cost <= floor, design.ring


def _pure_golfers(n: int, g: int, problem: RotationProblem, host_counts: list[int], free: int) -> bool:
    """The pure Social Golfer Problem: no hosts, stakeholder groups or forbidden pairs, everyone
    seated s = n / g to a table, and few enough rounds that no pair need meet twice."""
    if g == 0 or n % g or max(host_counts, default=0) > 0 or problem.forbidden_pairs:
        return False
    s = n // g
    return s >= 2 and min(problem.table_capacities) >= s and free <= (n - 1) // (s - 1)


def replan_rotation(problem: RotationProblem, previous: Sequence[Mapping[str, int]]) -> RotationPlan:
    """Re-plan after people arrived or left: rounds in ``problem.locked_rounds`` stay as they were,
    and the rounds to come start from ``previous`` (the whole earlier plan) so few seats change."""
    held = len(problem.locked_rounds)
    return plan_rotation(problem, start=list(previous)[held:])
