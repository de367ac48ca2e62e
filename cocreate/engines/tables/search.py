"""Greedy seating plus tabu search on swaps, for every case no construction covers.

Cost, in lexicographic order through its weights: forbidden pairs seated together, then repeated
meetings (each pair costs C(m, 2) for m meetings, so repeats are spread over many pairs rather than
piled on a few), then same-group pairs at a table. Moves swap two non-hosts of one round, so table
sizes never change once the greedy start has fixed them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

FORBIDDEN_WEIGHT = 1_000_000
REPEAT_WEIGHT = 1_000


@dataclass
class SearchInput:
    n: int
    tables: int
    sizes: IntArray  # (rounds, tables) target sizes of the rounds to plan
    host_table: IntArray  # per person, -1 for visitors
    group: IntArray  # per person, n_groups for "no group"
    n_groups: int
    base_meetings: FloatArray  # (n, n) meetings in rounds already held
    forbidden: FloatArray  # (n, n) 1.0 where a pair must be kept apart
    start: IntArray  # (rounds, n) table per person, -1 where the greedy start decides


def _same_group_cost(cnt: IntArray, n_groups: int) -> int:
    c = cnt[..., :n_groups]
    return int((c * (c - 1) // 2).sum())


def total_cost(inp: SearchInput, tab: IntArray) -> tuple[int, int, int]:
    """(forbidden pairs together, repeat cost sum C(m,2), same-group pairs) of a full assignment."""
    rounds = tab.shape[0]
    meet = inp.base_meetings.copy()
    forb = 0.0
    same = 0
    for k in range(rounds):
        e = np.zeros((inp.n, inp.tables))
        e[np.arange(inp.n), tab[k]] = 1.0
        together = e @ e.T
        np.fill_diagonal(together, 0.0)
        meet += together
        forb += float((together * inp.forbidden).sum()) / 2
        cnt = np.zeros((inp.tables, inp.n_groups + 1), dtype=np.int64)
        np.add.at(cnt, (tab[k], inp.group), 1)
        same += _same_group_cost(cnt, inp.n_groups)
    rep = float((meet * (meet - 1) / 2).sum()) / 2
    return round(forb), round(rep), same


def _greedy(inp: SearchInput, rng: np.random.Generator) -> tuple[IntArray, FloatArray]:
    rounds = inp.sizes.shape[0]
    tab = inp.start.copy()
    meet = inp.base_meetings.copy()
    has_forbidden = bool(inp.forbidden.any())
    for k in range(rounds):
        row = tab[k]
        hosts = inp.host_table >= 0
        row[hosts] = inp.host_table[hosts]
        placed = np.flatnonzero(row >= 0)
        # drop people beyond a table's target size (from an out-of-date start)
        load = np.bincount(row[placed], minlength=inp.tables)
        for over in np.flatnonzero(load > inp.sizes[k]).tolist():
            extra = [q for q in np.flatnonzero(row == over).tolist() if not hosts[q]]
            rng.shuffle(extra)
            for q in extra[: int(load[over] - inp.sizes[k, over])]:
                row[q] = -1
        placed = np.flatnonzero(row >= 0)
        e = np.zeros((inp.n, inp.tables))
        e[placed, row[placed]] = 1.0
        # weighted meetings of everyone with each table so far; kept up to date as people sit down
        score_all = REPEAT_WEIGHT * (meet @ e)
        if has_forbidden:
            score_all += FORBIDDEN_WEIGHT * (inp.forbidden @ e)
        load = np.bincount(row[placed], minlength=inp.tables)
        cnt = np.zeros((inp.tables, inp.n_groups + 1), dtype=np.int64)
        np.add.at(cnt, (row[placed], inp.group[placed]), 1)
        todo = np.flatnonzero(row < 0)
        rng.shuffle(todo)
        noise = rng.random((len(todo), inp.tables)) * 0.5
        full = load >= inp.sizes[k]
        for i, p in enumerate(todo.tolist()):
            score = score_all[p] + noise[i]
            if inp.group[p] < inp.n_groups:
                score = score + cnt[:, inp.group[p]]
            score[full] = np.inf
            t = int(np.argmin(score))
            row[p] = t
            e[p, t] = 1.0
            load[t] += 1
            full[t] = load[t] >= inp.sizes[k, t]
            cnt[t, inp.group[p]] += 1
            score_all[:, t] += REPEAT_WEIGHT * meet[:, p]
            if has_forbidden:
                score_all[:, t] += FORBIDDEN_WEIGHT * inp.forbidden[:, p]
        together = e @ e.T
        np.fill_diagonal(together, 0.0)
        meet += together
    return tab, meet


def tabu_search(
    inp: SearchInput, deadline: float, rng: np.random.Generator, max_iterations: int = 1_000_000
) -> tuple[IntArray, tuple[int, int, int]]:
    """Plan the rounds of ``inp``; returns (tables per round and person, cost triple).

    Each step takes a person in conflict (a repeat, a forbidden mate, or more of their group at the
    table than an even spread allows) in a random round and makes the best non-tabu swap for them.
    Work per step is O(n * table size): meetings are read through a padded table-member array.
    """
    rounds = inp.sizes.shape[0]
    tab, meet_core = _greedy(inp, rng)
    forb, rep, same = total_cost(inp, tab)
    n, g, ng = inp.n, inp.tables, inp.n_groups
    movable = np.flatnonzero(inp.host_table < 0)
    if rounds == 0 or len(movable) < 2:
        return tab, (forb, rep, same)
    grouped = inp.group < ng
    # index n is an always-empty seat: row and column n of these matrices stay zero
    meet = np.zeros((n + 1, n + 1))
    meet[:n, :n] = meet_core
    has_forbidden = bool(inp.forbidden.any())
    fmat = np.zeros((n + 1, n + 1))
    fmat[:n, :n] = inp.forbidden
    width = int(inp.sizes.max())
    members = np.full((rounds, g, width), n, dtype=np.int64)
    slot = np.zeros((rounds, n), dtype=np.int64)  # position of each person in their table's row
    cnt = np.zeros((rounds, g, ng + 1), dtype=np.int64)
    for k in range(rounds):
        fill = np.zeros(g, dtype=np.int64)
        for p in range(n):
            t = tab[k, p]
            members[k, t, fill[t]] = p
            slot[k, p] = fill[t]
            fill[t] += 1
        np.add.at(cnt[k], (tab[k], inp.group), 1)
    cnt[:, :, ng] = 0
    counts = np.bincount(inp.group, minlength=ng + 1)
    used = np.maximum(1, (inp.sizes > 0).sum(axis=1))
    spread_cap = -(-counts[None, :] // used[:, None])  # (rounds, groups): most of a group per table
    spread_cap[:, ng] = n
    cost = FORBIDDEN_WEIGHT * forb + REPEAT_WEIGHT * rep + same
    floor = _same_group_floor(inp)
    best_cost, best_tab = cost, tab.copy()
    tabu = np.zeros((rounds, n), dtype=np.int64)
    tenure = max(4, min(15, len(movable) // 6))
    arange = np.arange(n)
    it = 0
    calm: set[int] = set()
    while best_cost > floor and it < max_iterations and time.perf_counter() < deadline:
        it += 1
        k = int(rng.integers(rounds))
        if k in calm:
            continue
        row = tab[k]
        size = inp.sizes[k]
        mates = members[k][row]  # (n, width), includes the person
        own = meet[arange[:, None], mates].sum(axis=1)
        conf = REPEAT_WEIGHT * (own - (size[row] - 1))
        own_f = fmat[arange[:, None], mates].sum(axis=1) if has_forbidden else None
        if own_f is not None:
            conf = conf + FORBIDDEN_WEIGHT * own_f
        here = cnt[k, row, inp.group]
        conf = conf + np.where(grouped & (here > spread_cap[k, inp.group]), here - 1, 0)
        hot = movable[conf[movable] > 0.5]
        if len(hot) == 0:
            # no one is over an even spread, yet the cost is above the floor: anyone sharing a group
            hot = movable[(grouped & (here > 1))[movable]]
            if len(hot) == 0:
                calm.add(k)
                if len(calm) >= rounds:
                    break
                continue
        calm.clear()
        top = hot[conf[hot] >= conf[hot].max() / 2] if rng.random() < 0.5 else hot
        p = int(rng.choice(top))
        a = int(row[p])
        cand = movable[row[movable] != a]
        if len(cand) == 0:
            continue
        b = row[cand]
        s_p = np.bincount(row, weights=meet[p, :n], minlength=g)
        s_cand_a = meet[cand[:, None], members[k, a][None, :]].sum(axis=1)
        d_rep = (
            (s_p[b] - meet[p, cand])
            - (s_p[a] - (size[a] - 1))
            + (s_cand_a - meet[cand, p])
            - (own[cand] - (size[b] - 1))
        )
        delta = REPEAT_WEIGHT * d_rep
        if own_f is not None:
            f_p = np.bincount(row, weights=fmat[p, :n], minlength=g)
            f_cand_a = fmat[cand[:, None], members[k, a][None, :]].sum(axis=1)
            d_forb = (f_p[b] - fmat[p, cand]) - f_p[a] + (f_cand_a - fmat[cand, p]) - own_f[cand]
            delta = delta + FORBIDDEN_WEIGHT * d_forb
        ga = int(inp.group[p])
        gb = inp.group[cand]
        a_on = 1 if ga < ng else 0
        b_on = grouped[cand].astype(np.int64)
        d_div = a_on * (cnt[k, b, ga] - cnt[k, a, ga] + 1) + b_on * (cnt[k, a, gb] - cnt[k, b, gb] + 1)
        delta = delta + np.where(gb != ga, d_div, 0)
        delta_i = np.rint(delta).astype(np.int64)
        allowed = (tabu[k, cand] < it) | (cost + delta_i < best_cost)
        if not allowed.any():
            continue
        masked = np.where(allowed, delta_i, np.iinfo(np.int64).max)
        low = int(masked.min())
        choices = np.flatnonzero(masked == low)
        i = int(rng.choice(choices))
        q = int(cand[i])
        bq = int(b[i])
        mates_a = members[k, a]
        mates_a = mates_a[(mates_a != p) & (mates_a < n)]
        mates_b = members[k, bq]
        mates_b = mates_b[(mates_b != q) & (mates_b < n)]
        meet[p, mates_a] -= 1
        meet[mates_a, p] -= 1
        meet[q, mates_a] += 1
        meet[mates_a, q] += 1
        meet[q, mates_b] -= 1
        meet[mates_b, q] -= 1
        meet[p, mates_b] += 1
        meet[mates_b, p] += 1
        gq = int(inp.group[q])
        cnt[k, a, ga] -= 1
        cnt[k, bq, ga] += 1
        cnt[k, bq, gq] -= 1
        cnt[k, a, gq] += 1
        cnt[k, :, ng] = 0
        sp, sq = slot[k, p], slot[k, q]
        members[k, a, sp] = q
        members[k, bq, sq] = p
        slot[k, p], slot[k, q] = sq, sp
        row[p], row[q] = bq, a
        cost += low
        tabu[k, p] = it + tenure + int(rng.integers(0, 4))
        tabu[k, q] = it + tenure // 2
        if cost < best_cost:
            best_cost, best_tab = cost, tab.copy()
    return best_tab, total_cost(inp, best_tab)


def _same_group_floor(inp: SearchInput) -> int:
    """Lower bound of the cost: same-group pairs when each group is spread evenly over the tables."""
    counts = np.bincount(inp.group, minlength=inp.n_groups + 1)[: inp.n_groups]
    total = 0
    for k in range(inp.sizes.shape[0]):
        used = int((inp.sizes[k] > 0).sum())
        if used == 0:
            continue
        for c in counts.tolist():
            q, rem = divmod(c, used)
            total += (used - rem) * q * (q - 1) // 2 + rem * (q + 1) * q // 2
    return total
