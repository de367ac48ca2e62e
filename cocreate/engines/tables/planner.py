"""plan_rotation / replan_rotation: the entry points of the World Café engine."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence

import numpy as np

from cocreate.engines.tables.construction import label_design, modular_design
from cocreate.engines.tables.golfers import conflicts, developed_search, golfer_search
from cocreate.engines.tables.metrics import rotation_metrics
from cocreate.engines.tables.model import Participant, RotationPlan, RotationProblem
from cocreate.engines.tables.repair import separate_forbidden
from cocreate.engines.tables.search import IntArray, SearchInput, tabu_search, total_cost


def table_sizes(n: int, capacities: Sequence[int], host_counts: Sequence[int], offset: int = 0) -> list[int]:
    """Sizes as even as the capacities allow (differing by at most one where they can), hosts seated.

    ``offset`` rotates which tables take the extra person, so that over several rounds the extras
    move around.
    """
    g = len(capacities)
    if n > sum(capacities):
        raise ValueError(f"{n} people do not fit at tables seating {sum(capacities)} in all")
    for t in range(g):
        if host_counts[t] > capacities[t]:
            raise ValueError(f"table {t} has {host_counts[t]} hosts but only {capacities[t]} seats")
    if sum(host_counts) > n:
        raise ValueError("more hosts than people")

    def fill(level: int) -> list[int]:
        return [max(h, min(c, level)) for c, h in zip(capacities, host_counts, strict=True)]

    level = 0
    while sum(fill(level + 1)) <= n and level < max(capacities, default=0):
        level += 1
    sizes = fill(level)
    left = n - sum(sizes)
    order = [(t + offset) % g for t in range(g)] if g else []
    for pass_level in (level, None):
        for t in order:
            if left == 0:
                break
            if sizes[t] < capacities[t] and (pass_level is None or sizes[t] == pass_level):
                sizes[t] += 1
                left -= 1
    return sizes


def _group_ids(people: Sequence[Participant]) -> tuple[np.ndarray, int]:
    names = sorted({p.group for p in people if p.group})
    index = {name: i for i, name in enumerate(names)}
    ng = len(names)
    return np.array([index.get(p.group, ng) if p.group else ng for p in people], dtype=np.int64), ng


def plan_rotation(problem: RotationProblem, start: Sequence[Mapping[str, int]] | None = None) -> RotationPlan:
    """Seat everyone for every round still to come.

    Uses a modular design when one fits (no rounds held yet, at most one host per table, every table
    seats the even size), labelled by a tabu search for the stakeholder mix; otherwise (or for the
    rounds the design cannot cover) a greedy start and tabu search. The pure Social Golfer Problem
    (no hosts, groups or forbidden pairs, equal tables) beyond the design's rounds goes to the
    golfer searches of golfers.py first. ``start`` optionally gives the
    rounds to come as previously planned (person -> table); the search begins there, which keeps
    changes small when re-planning.
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
    constructible = start is None and held == 0 and free > 0 and n > 0 and max(host_counts) <= 1
    mixing = ng >= 2 or bool(forbidden.any())
    if free > 0 and constructible and not mixing:
        # nothing to balance but repeats: the design is exact wherever it reaches
        built = _construct(n, g, problem, host, group, ng, forbidden_sets, free, deadline, rng)
        if built is not None:
            tab_c, rounds_built, _, ring = built
            tab[:rounds_built] = tab_c
            sizes[:rounds_built] = [np.bincount(r, minlength=g) for r in tab_c]
            notes.append(f"modular design over {ring}: {rounds_built} repeat-free rounds")
            method = "construction"
            if rounds_built < free:
                method = "construction+search"
                pure = _pure_golfers(n, g, problem, host_counts, free)
                found = _developed(n, g, free, deadline, rng) if pure else None
                if found is not None:
                    tab = found
                    method = "search"
                    notes.pop()  # the design's rounds are not used
                    notes.append(f"social golfer: {free} developed weeks found by tabu search")
                else:
                    now = time.perf_counter()
                    share = now + 0.5 * (deadline - now) if pure else deadline
                    inp = SearchInput(n, g, sizes, host, group, ng, base, forbidden, tab)
                    tab, cost = tabu_search(inp, share, rng)
                    if pure and cost[1] > 0:
                        # the golfer tabu search counts repeats the way the metrics do
                        tab_g, left = golfer_search(tab, g, 0, deadline, rng)
                        if left < conflicts(tab, n, g):
                            tab = tab_g
                            notes.append(f"social golfer search: {left} repeat encounters left")
        else:
            inp = SearchInput(n, g, sizes, host, group, ng, base, forbidden, tab)
            tab, _ = tabu_search(inp, deadline, rng)
    elif free > 0:
        # mixing groups needs the freedom of the search; the design is the fallback that is sure
        # to avoid repeats when the search did not manage to
        share = 0.6 if constructible else 1.0
        search_deadline = t0 + share * (deadline - t0)
        inp = SearchInput(n, g, sizes, host, group, ng, base, forbidden, tab)
        tab, cost = tabu_search(inp, search_deadline, rng)
        if constructible and cost[1] > 0:
            built = _construct(n, g, problem, host, group, ng, forbidden_sets, free, deadline, rng)
            if built is not None and built[1] == free:
                tab_c, _, _, ring = built
                sizes_c = np.array([np.bincount(r, minlength=g) for r in tab_c], dtype=np.int64)
                inp_c = SearchInput(n, g, sizes_c, host, group, ng, base, forbidden, tab_c)
                cost_c = total_cost(inp_c, tab_c)
                if cost_c < cost:
                    tab = tab_c
                    method = "construction"
                    notes.append(f"modular design over {ring}: {free} repeat-free rounds")
    rounds: list[dict[str, int]] = [dict(r) for r in problem.locked_rounds]
    for k in range(free):
        rounds.append({ids[i]: int(tab[k, i]) for i in range(n)})
    rounds = separate_forbidden(problem, rounds, first_free=len(problem.locked_rounds))
    metrics = rotation_metrics(problem, rounds)
    return RotationPlan(tuple(rounds), metrics, method, tuple(notes))


def _construct(
    n: int,
    g: int,
    problem: RotationProblem,
    host: IntArray,
    group: IntArray,
    ng: int,
    forbidden_sets: list[set[int]],
    free: int,
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
    # leave time for a search on rounds the design does not cover
    share = 1.0 if rounds >= free else 0.4
    label_deadline = time.perf_counter() + share * max(0.0, deadline - time.perf_counter())
    occupant, cost = label_design(
        design.tables,
        occupant,
        movable,
        group,
        ng,
        forbidden_sets,
        floor,
        label_deadline,
        rng,
        swap_class=swap_class,
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


def _developed(n: int, g: int, free: int, deadline: float, rng: np.random.Generator) -> IntArray | None:
    """Developed weeks (see golfers.py) where they apply: 4 to a table at 4 or 8 tables."""
    if n != 4 * g or g not in (4, 8):
        return None
    now = time.perf_counter()
    return developed_search(g, free, now + 0.8 * max(0.0, deadline - now), rng)


def replan_rotation(problem: RotationProblem, previous: Sequence[Mapping[str, int]]) -> RotationPlan:
    """Re-plan after people arrived or left: rounds in ``problem.locked_rounds`` stay as they were,
    and the rounds to come start from ``previous`` (the whole earlier plan) so few seats change."""
    held = len(problem.locked_rounds)
    return plan_rotation(problem, start=list(previous)[held:])
