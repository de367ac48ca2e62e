"""Modular (resolvable) designs that seat people with no repeated pair, and a labelling search that
decides who takes which seat of the design so that every table mixes stakeholder groups.

A seat ("cell") is (row i, column j). In round k it sits at table ``i + r_k * c_j`` of a ring of
order g (the number of tables). Two cells of different columns meet in two rounds only if
``(r_k - r_l)(c_j - c_m) = 0``, which never happens when the label differences are units -- always
in a field, and for small label sets in Z_g. Column 0 (label 0) never moves: hosts sit there.
Without hosts and when s divides g, one more round groups each column into tables of its own, since
cells of one column never meet in the modular rounds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from cocreate.engines.tables.rings import Ring, rings_for

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Design:
    groups: int  # g tables
    size: int  # s seats (columns) per table
    tables: IntArray  # (rounds, g*s): table of cell i*s+j in each round
    ring: str


@lru_cache(maxsize=32)
def _rings(g: int) -> tuple[Ring, ...]:
    return tuple(rings_for(g))


def _pair_codes(round_tables: IntArray, g: int, s: int) -> IntArray:
    cells = g * s
    order = np.argsort(round_tables, kind="stable").reshape(g, s)
    codes = []
    for a in range(s):
        for b in range(a + 1, s):
            lo = np.minimum(order[:, a], order[:, b])
            hi = np.maximum(order[:, a], order[:, b])
            codes.append(lo * cells + hi)
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def modular_design(g: int, s: int, rounds: int, hosts: bool, column_round: bool = True) -> Design | None:
    """The design with the most repeat-free rounds (at most ``rounds``), or None if g or s is too small.

    ``column_round`` allows the extra round that seats each column at tables of its own (only
    without hosts; it needs every seat filled to keep table sizes even).
    """
    if g < 1 or s < 1 or rounds < 1:
        return None
    best: Design | None = None
    rows = np.repeat(np.arange(g), s)
    cols = np.tile(np.arange(s), g)
    for ring in _rings(g):
        if len(ring.labels) < s:
            continue
        col_labels = np.array(ring.labels[:s])[cols]
        chosen: list[IntArray] = []
        seen: set[int] = set()
        for r in ring.labels:
            if len(chosen) == rounds:
                break
            t = ring.add[rows, ring.mul[r, col_labels]]
            codes = _pair_codes(t, g, s)
            fresh = set(codes.tolist())
            if len(fresh) != len(codes) or fresh & seen:
                continue
            seen |= fresh
            chosen.append(t)
        if column_round and not hosts and len(chosen) < rounds and g % s == 0 and s > 1:
            # same-column cells never met: one more round groups each column into its own tables
            chosen.append(cols * (g // s) + rows // s)
        if chosen and (best is None or len(chosen) > best.tables.shape[0]):
            best = Design(g, s, np.stack(chosen), ring.name)
        if best is not None and best.tables.shape[0] >= rounds:
            break
    return best


def label_design(
    design: IntArray,
    occupant: IntArray,
    movable: IntArray,
    group: IntArray,
    n_groups: int,
    forbidden: list[set[int]],
    groups_lower_bound: int,
    deadline: float,
    rng: np.random.Generator,
    forbidden_weight: int = 1000,
    swap_class: IntArray | None = None,
    max_iterations: int = 10_000_000,
) -> tuple[IntArray, int]:
    """Swap people between the cells of ``movable`` to minimise same-group pairs plus forbidden pairs.

    ``occupant[c]`` is the person in cell c (-1 for an empty seat); ``group`` is per person with
    ``n_groups`` meaning "no group". Tabu search on swaps of two movable people: every round moves
    with the person, so the design's zero repeats are kept. At most ``max_iterations`` steps (the
    budget that decides the result; ``deadline`` is a safety stop). Returns the best occupant array
    and its cost.
    """
    rounds, cells = design.shape
    g = int(design.max()) + 1
    occ = occupant.copy()
    n = len(group)
    cell_of = np.full(n, -1, dtype=np.int64)
    for c in range(cells):
        if occ[c] >= 0:
            cell_of[occ[c]] = c
    grouped = group < n_groups
    cnt = np.zeros((rounds, g, n_groups + 1), dtype=np.int64)
    kk = np.arange(rounds)
    for p in range(n):
        if cell_of[p] >= 0:
            cnt[kk, design[:, cell_of[p]], group[p]] += 1
    cnt[:, :, n_groups] = 0
    has_forbidden = [bool(f) for f in forbidden]
    any_forbidden = any(has_forbidden)
    movable = movable[occ[movable] >= 0]
    people = occ[movable]
    klass = np.zeros(cells, dtype=np.int64) if swap_class is None else swap_class
    person_class = np.zeros(n, dtype=np.int64)
    person_class[people] = klass[movable]
    if len(people) < 2:
        return occ, 0

    def person_conflicts(ps: IntArray) -> IntArray:
        t = design[:, cell_of[ps]]  # (rounds, m)
        same = cnt[kk[:, None], t, group[ps][None, :]] - 1
        return np.where(grouped[ps], same.sum(axis=0), 0)

    def forbidden_conflicts(p: int) -> int:
        if not has_forbidden[p]:
            return 0
        mates = np.fromiter(forbidden[p], dtype=np.int64)
        mates = mates[cell_of[mates] >= 0]
        if len(mates) == 0:
            return 0
        here = design[:, cell_of[p]][:, None]
        return int((design[:, cell_of[mates]] == here).sum())

    def total_cost() -> int:
        same = int(sum(int((c * (c - 1) // 2).sum()) for c in cnt[:, :, :n_groups]))
        forb = sum(forbidden_conflicts(int(p)) for p in range(n) if cell_of[p] >= 0) // 2
        return same + forbidden_weight * forb

    cost = total_cost()
    best_cost, best_occ = cost, occ.copy()
    floor = groups_lower_bound
    tabu = np.zeros(n, dtype=np.int64)
    tenure = max(5, min(20, len(people) // 8))
    it = 0
    while cost > floor and it < max_iterations:
        if it % 32 == 0 and time.perf_counter() > deadline:
            break
        it += 1
        conf = person_conflicts(people)
        extra = np.array([forbidden_conflicts(int(p)) for p in people]) if any_forbidden else 0
        conf = conf + forbidden_weight * extra
        hot = people[conf > 0]
        if len(hot) == 0:
            break
        p = int(rng.choice(hot))
        x = int(cell_of[p])
        a = int(group[p])
        cand = people[(people != p) & (person_class[people] == person_class[p])]
        if len(cand) == 0:
            continue
        ys = cell_of[cand]
        b = group[cand]
        tx = design[:, x][:, None]  # (rounds, 1)
        ty = design[:, ys]  # (rounds, m)
        moves = ty != tx
        a_on = 1 if a < n_groups else 0
        b_on = grouped[cand].astype(np.int64)[None, :]
        d = a_on * (cnt[kk[:, None], ty, a] - cnt[kk[:, None], tx, a] + 1)
        d = d + b_on * (cnt[kk[:, None], tx, b[None, :]] - cnt[kk[:, None], ty, b[None, :]] + 1)
        d = np.where(moves & (b[None, :] != a), d, 0)
        delta = d.sum(axis=0)
        if any_forbidden:
            delta = delta + forbidden_weight * _forbidden_swap_delta(
                design, cell_of, p, cand, forbidden, has_forbidden
            )
        allowed = (tabu[cand] < it) | (cost + delta < best_cost)
        if not allowed.any():
            allowed[:] = True
        masked = np.where(allowed, delta, np.iinfo(np.int64).max)
        low = masked.min()
        choices = np.flatnonzero(masked == low)
        q = int(cand[int(rng.choice(choices))])
        y = int(cell_of[q])
        bq = int(group[q])
        tq = design[:, y]
        tp = design[:, x]
        # one table per round in each index array, so plain fancy indexing adds up correctly
        if a < n_groups:
            cnt[kk, tp, a] -= 1
            cnt[kk, tq, a] += 1
        if bq < n_groups:
            cnt[kk, tq, bq] -= 1
            cnt[kk, tp, bq] += 1
        occ[x], occ[y] = q, p
        cell_of[p], cell_of[q] = y, x
        cost += int(low)
        tabu[p] = it + tenure + int(rng.integers(0, 3))
        tabu[q] = it + tenure
        if cost < best_cost:
            best_cost, best_occ = cost, occ.copy()
    return best_occ, best_cost


def _forbidden_swap_delta(
    design: IntArray,
    cell_of: IntArray,
    p: int,
    cand: IntArray,
    forbidden: list[set[int]],
    has_forbidden: list[bool],
) -> IntArray:
    """Change in forbidden pairs seated together if p swaps seats with each candidate, all rounds."""
    rounds = design.shape[0]
    g = int(design.max()) + 1
    kk = np.arange(rounds)[:, None]
    out = np.zeros(len(cand), dtype=np.int64)
    x = int(cell_of[p])
    tx = design[:, x]
    ty = design[:, cell_of[cand]]  # (rounds, m)
    moved = ty != tx[:, None]
    if has_forbidden[p]:
        mates = np.fromiter(forbidden[p], dtype=np.int64)
        mates = mates[cell_of[mates] >= 0]
        if len(mates):
            at = np.zeros((rounds, g), dtype=np.int64)
            for k in range(rounds):
                at[k] = np.bincount(design[k, cell_of[mates]], minlength=g)
            join = (moved * at[kk, ty]).sum(axis=0) - np.isin(cand, mates) * moved.sum(axis=0)
            leave = (moved * at[kk, tx[:, None]]).sum(axis=0)
            out += join - leave
    for i, q in enumerate(cand.tolist()):
        if not has_forbidden[q]:
            continue
        mates = np.fromiter(forbidden[q], dtype=np.int64)
        mates = mates[(cell_of[mates] >= 0) & (mates != p)]
        if len(mates) == 0:
            continue
        y = int(cell_of[q])
        mate_tables = design[:, cell_of[mates]]
        here = moved[:, i][:, None]
        join = int(((mate_tables == tx[:, None]) & here).sum())
        leave = int(((mate_tables == design[:, y][:, None]) & here).sum())
        out[i] += join - leave
    return out
