"""A plain tabu search on repeats: the yardstick the planner is measured against.

What a practitioner would write first (after Dotú & Van Hentenryck, CPAIOR 2005, without their
restarts): seat people at random (hosts at their tables, sizes as the planner would choose them),
then repeatedly make the best swap of two visitors of one round, at least one of them in a repeated
meeting, that is not tabu (or beats the best so far); a swapped pair stays tabu for a random 5-15
steps. No construction, no restarts, no stakeholder groups. The benchmarks and tests check that the
planner never leaves more repeats than this does with the same number of steps; the planner makes
sure of it by running this search (with at least as many steps; more steps from the same seed can
only improve its best) as its last restart when its own searches leave repeats.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from cocreate.engines.tables.model import RotationProblem
from cocreate.engines.tables.sizes import table_sizes

IntArray = NDArray[np.int64]


def plain_tabu(problem: RotationProblem, steps: int) -> tuple[IntArray, int]:
    """Seat ``problem`` (no locked rounds) by plain tabu search; (tables per round and person,
    repeat encounters = sum over pairs of max(0, meetings - 1))."""
    rng = np.random.default_rng(problem.seed)
    people = problem.participants
    n, g, rounds = len(people), len(problem.table_capacities), problem.rounds
    host = np.array([-1 if p.host_table is None else p.host_table for p in people], dtype=np.int64)
    host_counts = np.bincount(host[host >= 0], minlength=g).tolist()
    visitors = np.flatnonzero(host < 0)
    tab = np.empty((rounds, n), dtype=np.int64)
    for k in range(rounds):
        sizes = table_sizes(n, problem.table_capacities, host_counts, offset=k)
        seats = np.repeat(np.arange(g), [s - h for s, h in zip(sizes, host_counts, strict=True)])
        tab[k, host >= 0] = host[host >= 0]
        tab[k, visitors] = rng.permutation(seats)
    meet = np.zeros((n, n), dtype=np.int64)
    for row in tab:
        meet += row[:, None] == row[None, :]
    np.fill_diagonal(meet, 0)
    cost = int(np.maximum(meet - 1, 0).sum()) // 2
    best, best_tab = cost, tab.copy()
    tabu = np.zeros((rounds, n, n), dtype=np.int64)
    movable = host < 0
    pair_ok = movable[:, None] & movable[None, :]
    for it in range(1, steps + 1):
        if best == 0:
            break
        delta = np.full((rounds, n, n), np.iinfo(np.int64).max // 4, dtype=np.int64)
        for k in range(rounds):
            row = tab[k]
            same = row[:, None] == row[None, :]
            met1 = (meet >= 1).astype(np.int64)
            met2 = meet >= 2
            own2 = (met2 & same).sum(axis=1)  # repeated mates at one's own table
            cross = met1 @ same.astype(np.int64)  # cross[a, b]: b's tablemates (b too) a has met
            d = cross + cross.T - own2[:, None] - own2[None, :] - 2 * met1
            hot = own2 > 0
            ok = pair_ok & ~same & (hot[:, None] | hot[None, :])
            free = (tabu[k] < it) | (cost + d < best)
            delta[k] = np.where(ok & free, d, delta[k])
        low = int(delta.min())
        if low >= np.iinfo(np.int64).max // 4:
            break
        k, a, b = (
            int(x) for x in np.unravel_index(int(rng.choice(np.flatnonzero(delta == low))), delta.shape)
        )
        row = tab[k]
        mates_a = np.flatnonzero((row == row[a]) & (np.arange(n) != a))
        mates_b = np.flatnonzero((row == row[b]) & (np.arange(n) != b))
        for x, leave, join in ((a, mates_a, mates_b), (b, mates_b, mates_a)):
            meet[x, leave] -= 1
            meet[leave, x] -= 1
            meet[x, join] += 1
            meet[join, x] += 1
        row[a], row[b] = row[b], row[a]
        cost += low
        tabu[k, a, b] = tabu[k, b, a] = it + int(rng.integers(5, 16))
        if cost < best:
            best, best_tab = cost, tab.copy()
    return best_tab, best
