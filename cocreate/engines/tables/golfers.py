"""Local search for the pure Social Golfer Problem: n = g*s golfers, g groups of s, w weeks, no
hosts, no stakeholder groups, no forbidden pairs -- only "no two golfers meet twice".

After Dotú & Van Hentenryck, "Scheduling Social Golfers Locally" (CPAIOR 2005): the cost is the
number of extra meetings, sum over pairs of max(0, meetings - 1); a move swaps two golfers of
different groups within one week, one of them at least in conflict; each step takes the best move
that is not tabu (a swap stays tabu for a random number of steps) unless it beats the best cost so
far (aspiration); when the best cost has not improved for a while the search goes back to the best
schedule and perturbs it with a few random swaps. The whole neighbourhood (every week, every pair)
is scored at once with a few matrix products. In numpy a step costs some hundred microseconds,
too slow for this neighbourhood to finish 32 golfers in 8 groups of 4 for 10 weeks (it stalls
around 16 repeats); ``developed_search`` below runs the same kind of tabu search over whole weeks
that are invariant under a group of translations, which solves that case in about a second.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from cocreate.engines.tables.construction import modular_design
from cocreate.engines.tables.designs import known_design

IntArray = NDArray[np.int64]

TENURE = (4, 100)
STABLE = 500
RESTART = 1000
PERTURB = 10


def _meetings(tab: IntArray, n: int, g: int, base: IntArray | None = None) -> IntArray:
    meet = np.zeros((n, n), dtype=np.int64) if base is None else base.astype(np.int64).copy()
    for row in tab:
        together = (row[:, None] == row[None, :]).astype(np.int64)
        np.fill_diagonal(together, 0)
        meet += together
    np.fill_diagonal(meet, 0)
    return meet


def conflicts(tab: IntArray, n: int, g: int, base: IntArray | None = None) -> int:
    """Extra meetings of a schedule: sum over pairs of max(0, meetings - 1)."""
    meet = _meetings(tab, n, g, base)
    return int(np.maximum(meet - 1, 0).sum()) // 2


def golfer_search(
    tab: IntArray,
    g: int,
    fixed: int,
    deadline: float,
    rng: np.random.Generator,
    max_iterations: int = 10_000_000,
    movable: NDArray[np.bool_] | None = None,
    base: IntArray | None = None,
    target: int = 0,
) -> tuple[IntArray, int]:
    """Improve ``tab`` (weeks x golfers -> group) towards no repeated pair.

    Weeks before ``fixed`` are not changed (they may be rounds of a design already free of repeats;
    passing 0 lets the search change every week). Only golfers in ``movable`` move (hosts stay at
    their tables); ``base`` counts meetings in rounds already held. Swaps keep every group's size,
    so groups of unequal sizes stay as they were. The search stops after ``max_iterations`` steps
    (the budget that decides the result), at ``target`` extra meetings, or at ``deadline`` (a safety
    stop). Returns the best schedule found and its extra meetings.
    """
    tab = tab.copy()
    weeks, n = tab.shape
    free = weeks - fixed
    mov = np.ones(n, dtype=bool) if movable is None else movable.astype(bool)
    if free <= 0 or n < 2 or mov.sum() < 2:
        return tab, conflicts(tab, n, g, base)
    meet = _meetings(tab, n, g, base)
    cost = int(np.maximum(meet - 1, 0).sum()) // 2
    best_cost, best_tab = cost, tab.copy()
    if cost <= target:
        return tab, cost
    mov_idx = np.flatnonzero(mov)
    tabu = np.zeros((free, n, n), dtype=np.int64)
    tenure_low, tenure_high = TENURE
    stable_limit = STABLE
    last_gain = 0
    it = 0
    big = np.int64(1 << 40)
    wk = np.arange(free)
    while it < max_iterations:
        if it % 64 == 0 and time.perf_counter() > deadline:
            break
        it += 1
        sub = tab[fixed:]  # (free, n)
        onehot = np.zeros((free, n, g))
        onehot[wk[:, None], np.arange(n)[None, :], sub] = 1.0
        met = (meet >= 1).astype(np.float64)
        rep = (meet >= 2).astype(np.float64)
        # own2[w, a]: people at a's own table in week w whom a has met twice or more
        own2 = np.take_along_axis(rep @ onehot, sub[:, :, None], axis=2)[:, :, 0]
        hot = own2 > 0.5
        rows = mov_idx[hot[:, mov_idx].any(axis=0)]  # movable golfers in conflict in some week
        if len(rows) == 0:
            break  # the only golfers in conflict cannot move
        # only swaps with a golfer in conflict can help: score those, (week, hot golfer a, any b)
        by_table = met[rows] @ onehot  # (free, h, g): a's met people at each table
        cross_ab = np.take_along_axis(
            by_table, np.broadcast_to(sub[:, None, :], (free, len(rows), n)), axis=2
        )
        at_table = onehot.transpose(0, 2, 1) @ met  # (free, g, n): met people of b at each table
        cross_ba = np.take_along_axis(at_table, sub[:, rows][:, :, None].repeat(n, axis=2), axis=1)
        delta = cross_ab + cross_ba - own2[:, rows][:, :, None] - own2[:, None, :] - 2.0 * met[rows][None]
        delta_i = np.rint(delta).astype(np.int64)
        valid = hot[:, rows][:, :, None] & (sub[:, rows][:, :, None] != sub[:, None, :]) & mov[None, None, :]
        tabu_rows = tabu[:, rows, :]
        allowed = valid & ((tabu_rows < it) | (cost + delta_i < best_cost))
        if not allowed.any():
            allowed = valid
        masked = np.where(allowed, delta_i, big)
        low = masked.min()
        choices = np.flatnonzero(masked == low)
        wi, ai, bi = np.unravel_index(int(rng.choice(choices)), masked.shape)
        w, a, b = int(wi), int(rows[int(ai)]), int(bi)
        _swap(tab, meet, fixed + w, a, b)
        cost += int(low)
        tabu[w, a, b] = tabu[w, b, a] = it + int(rng.integers(tenure_low, tenure_high + 1))
        if cost < best_cost:
            best_cost, best_tab = cost, tab.copy()
            last_gain = it
            if cost <= target:
                break
        elif it - last_gain > stable_limit:
            # back to the best schedule, shaken by a few random swaps
            tab[:] = best_tab
            meet = _meetings(tab, n, g, base)
            movers = np.flatnonzero(mov)
            for _ in range(PERTURB):
                wr = int(rng.integers(fixed, weeks))
                x = int(rng.choice(movers))
                others = movers[tab[wr, movers] != tab[wr, x]]
                if len(others):
                    _swap(tab, meet, wr, x, int(rng.choice(others)))
            cost = int(np.maximum(meet - 1, 0).sum()) // 2
            tabu[:] = 0
            last_gain = it
    return best_tab, best_cost


def _swap(tab: IntArray, meet: IntArray, w: int, a: int, b: int) -> None:
    """Swap golfers a and b (at different tables) in week w, keeping the meeting counts current."""
    row = tab[w]
    ta, tb = int(row[a]), int(row[b])
    mates_a = np.flatnonzero(row == ta)
    mates_a = mates_a[mates_a != a]
    mates_b = np.flatnonzero(row == tb)
    mates_b = mates_b[mates_b != b]
    meet[a, mates_a] -= 1
    meet[mates_a, a] -= 1
    meet[b, mates_b] -= 1
    meet[mates_b, b] -= 1
    meet[a, mates_b] += 1
    meet[mates_b, a] += 1
    meet[b, mates_a] += 1
    meet[mates_a, b] += 1
    row[a], row[b] = tb, ta


# --- developed weeks: the same search over a symmetry-reduced space -----------------------------
#
# Golfer (x, j) sits in row x (an element of the group Z_2^m, g = 2^m) and column j (s = 4). A week
# is "developed" when adding any group element to every row maps its groups onto its groups. Then
# all pairs of one orbit -- same columns, same row difference x ^ y -- meet in the same weeks, so a
# week is a set of orbit "types" and a schedule has no repeat exactly when its weeks use disjoint
# types. Each developed week splits the 4 columns into parts: a part of 4 is one group per row
# across the columns (a transversal), a part of 2 takes two rows {x, x^a} of each of two columns, a
# part of 1 takes a coset of a subgroup of order 4 within one column. The tabu search then swaps
# whole weeks (one of a few thousand candidates) instead of golfers.


def _subgroups4(g: int) -> list[tuple[int, int, int, int]]:
    out: list[tuple[int, int, int, int]] = []
    for a in range(1, g):
        for b in range(a + 1, g):
            h = tuple(sorted((0, a, b, a ^ b)))
            if len(set(h)) == 4 and h not in out:
                out.append(h)  # type: ignore[arg-type]
    return out


def _developed_candidates(g: int) -> list[list[list[int]]]:
    """Every developed week for g rows (a power of two) and 4 columns, as lists of groups of cells."""
    cols = 4
    pairs = [(0, 1), (2, 3)], [(0, 2), (1, 3)], [(0, 3), (1, 2)]

    def cell(x: int, j: int) -> int:
        return x * cols + j

    def halves(j: int, m: int) -> list[list[list[int]]]:
        out = []
        for a in range(1, g):
            for e in range(g):
                if e > e ^ a:
                    continue
                reps = [x for x in range(g) if x < x ^ a]
                out.append([[cell(x, j), cell(x ^ a, j), cell(x ^ e, m), cell(x ^ e ^ a, m)] for x in reps])
        return out

    def column(j: int) -> list[list[list[int]]]:
        out = []
        for h in _subgroups4(g):
            reps = [x for x in range(g) if all(x <= x ^ d for d in h)]
            out.append([[cell(x ^ d, j) for d in h] for x in reps])
        return out

    weeks: list[list[list[int]]] = []
    for b in np.ndindex(g, g, g):
        offsets = (0, *b)
        weeks.append([[cell(x ^ offsets[j], j) for j in range(cols)] for x in range(g)])
    for first, second in pairs:
        for h1 in halves(*first):
            for h2 in halves(*second):
                weeks.append(h1 + h2)
    cs = [column(j) for j in range(cols)]
    for j in range(cols):
        for m in range(j + 1, cols):
            rest = [k for k in range(cols) if k not in (j, m)]
            for h in halves(j, m):
                for c1 in cs[rest[0]]:
                    for c2 in cs[rest[1]]:
                        weeks.append(h + c1 + c2)
    for c0 in cs[0]:
        for c1 in cs[1]:
            for c2 in cs[2]:
                for c3 in cs[3]:
                    weeks.append(c0 + c1 + c2 + c3)
    return weeks


def _candidate_tables(g: int) -> tuple[IntArray, NDArray[np.float64], NDArray[np.float64]]:
    """(K, n) table per cell of each candidate week, (K, types) orbit incidence, pairs per type."""
    cols = 4
    weeks = np.array(_developed_candidates(g), dtype=np.int64)  # (K, g, 4)
    k, n = weeks.shape[0], g * cols
    tables = np.empty((k, n), dtype=np.int64)
    kk = np.arange(k)[:, None, None]
    tables[kk, weeks] = np.arange(g)[None, :, None]
    rows, col = weeks // cols, weeks % cols
    pair_index = np.full((cols, cols), -1, dtype=np.int64)
    for i, (u, v) in enumerate(combinations(range(cols), 2)):
        pair_index[u, v] = pair_index[v, u] = i
    incidence = np.zeros((k, cols * g + 6 * g))
    for u in range(cols):
        for v in range(u + 1, cols):
            x = rows[:, :, u] ^ rows[:, :, v]
            cu, cv = col[:, :, u], col[:, :, v]
            t = np.where(cu == cv, cu * g + x, cols * g + pair_index[cu, np.where(cu == cv, 0, cv)] * g + x)
            incidence[np.arange(k)[:, None], t] = 1.0
    weight = np.concatenate([np.full(cols * g, g / 2), np.full(6 * g, float(g))])
    return tables, incidence, weight


_CANDIDATES: dict[int, tuple[IntArray, NDArray[np.float64], NDArray[np.float64]]] = {}


def developed_search(
    g: int, weeks: int, deadline: float, rng: np.random.Generator, max_steps: int = 10_000_000
) -> IntArray | None:
    """A schedule of ``weeks`` developed weeks for 4g golfers (g = 4 or 8) in g groups of 4 with no
    repeated pair, by tabu search over whole weeks; None if none found in time.

    Golfer x*4 + j is row x, column j. A step replaces one week in conflict by a candidate week,
    the best such (week, candidate) move over all weeks in conflict (fewest repeated meetings) that
    is not tabu for that week unless it beats the best so far; every 300 steps without progress the
    search goes back to the best schedule with one week redrawn at random, and after RESTART steps
    it starts again from random weeks. ``max_steps`` (over all restarts) is the budget that decides
    the result; ``deadline`` is a safety stop.
    """
    if g not in (4, 8) or weeks < 1:
        return None
    if g not in _CANDIDATES:
        _CANDIDATES[g] = _candidate_tables(g)
    tables, inc, weight = _CANDIDATES[g]
    k = inc.shape[0]
    sparse_inc = csr_matrix(inc)  # 6 to 12 orbit types per week out of 10g: scoring stays cheap

    def cost_of(cnt: NDArray[np.float64]) -> float:
        return float((weight * np.maximum(cnt - 1.0, 0.0)).sum())

    steps = 0
    while steps < max_steps and time.perf_counter() < deadline:
        sel = rng.integers(k, size=weeks)
        cnt = inc[sel].sum(axis=0)
        cur = cost_of(cnt)
        best, best_sel = cur, sel.copy()
        tabu = np.zeros((weeks, k), dtype=np.int64)
        it = last = 0
        while best > 0 and it - last < RESTART and steps < max_steps:
            if it % 32 == 0 and time.perf_counter() > deadline:
                break
            it += 1
            steps += 1
            used = inc[sel]  # (weeks, types)
            clash = (used * weight * ((cnt[None, :] - used) >= 1)).sum(axis=1)
            hot = np.flatnonzero(clash > 0)
            others = cnt[None, :] - used[hot]  # (hot weeks, types)
            # score[c, h]: the cost with hot week h replaced by candidate c
            score = (cur - clash[hot])[None, :] + sparse_inc @ (weight[:, None] * (others.T >= 1))
            ok = (it > tabu[hot].T) | (score < best)
            ok[sel[hot], np.arange(len(hot))] = False
            score = np.where(ok, score, np.inf)
            low = score.min()
            c, h = divmod(int(rng.choice(np.flatnonzero(score == low))), len(hot))
            i = int(hot[h])
            tabu[i, sel[i]] = it + int(rng.integers(5, 30))
            cnt = cnt - used[i] + inc[c]
            sel[i] = c
            cur = cost_of(cnt)
            if cur < best:
                best, best_sel, last = cur, sel.copy(), it
            elif it - last > 0 and (it - last) % 300 == 0:
                sel = best_sel.copy()
                sel[int(rng.integers(weeks))] = int(rng.integers(k))
                cnt = inc[sel].sum(axis=0)
                cur = cost_of(cnt)
        if best == 0:
            return tables[best_sel].copy()
    return None


# --- the design for a golfer shape ---------------------------------------------------------------

_DESIGNS: dict[tuple[int, int, int, int], tuple[IntArray, int, str]] = {}
RESTARTS = 4  # the golfer search's budget is split over this many diverse starts


def golfer_design(g: int, s: int, weeks: int, max_steps: int, deadline: float) -> tuple[IntArray, int, str]:
    """A schedule of ``weeks`` weeks for g*s golfers in g groups of s, as free of repeats as found,
    with its extra meetings and how it was made. Golfer i is a seat ("cell"): the caller decides
    who sits where.

    In order: the modular design (an affine plane and its relatives) where it reaches ``weeks``; a
    known design (designs.py: 18 golfers in 6 threes, 28 in 7 fours) where one fits; developed
    weeks (4 to a group at 4 or 8 groups, e.g. the 32 golfers' 10 weeks); otherwise the
    golfer tabu search from the design's weeks plus random ones, restarted from new random weeks
    until ``max_steps`` are spent or no repeat is left. The searches draw from a generator seeded by
    the shape alone, so a shape solved once is solved for every seed of the caller and on every
    machine (``deadline`` is only a safety stop); results are kept for the life of the process.
    """
    key = (g, s, weeks, max_steps)
    if key in _DESIGNS:
        return _DESIGNS[key]
    rng = np.random.default_rng([g, s, weeks])
    design = modular_design(g, s, weeks, hosts=False, column_round=True)
    built = 0 if design is None else design.tables.shape[0]
    result: tuple[IntArray, int, str] | None = None
    if design is not None and built >= weeks:
        result = (design.tables[:weeks].copy(), 0, f"modular design over {design.ring}")
    if result is None:
        known = known_design(g, s, weeks)
        if known is not None:
            result = (known[0], 0, known[1])
    if result is None and s == 4 and g in (4, 8):
        found = developed_search(g, weeks, deadline, rng, max_steps=max_steps)
        if found is not None:
            result = (found, 0, "developed weeks over Z_2^m")
    if result is None:
        seats = np.repeat(np.arange(g, dtype=np.int64), s)
        best: tuple[IntArray, int] | None = None
        chunk = max(1, max_steps // RESTARTS)
        for attempt in range(RESTARTS):
            start = np.array([rng.permutation(seats) for _ in range(weeks)], dtype=np.int64)
            if attempt == 0 and design is not None:
                start[:built] = design.tables  # the first start keeps the design's repeat-free weeks
            tab, left = golfer_search(start, g, 0, deadline, rng, max_iterations=chunk)
            if best is None or left < best[1]:
                best = (tab, left)
            if left == 0 or time.perf_counter() > deadline:
                break
        assert best is not None
        result = (best[0], best[1], f"golfer tabu search, {RESTARTS} starts at most")
    if time.perf_counter() <= deadline:
        _DESIGNS[key] = result  # a result cut short by the safety stop is not kept
    return result
