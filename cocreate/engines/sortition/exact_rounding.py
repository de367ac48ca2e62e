"""Exact rounding to m equally likely panels when the panels can be listed.

Every panel is a composition (people per type, see grouping.py). When there are few of them (small
pools: at most ENUMERATION_LIMIT compositions, found by a depth-first search that visits at most
ENUMERATION_NODES nodes -- counted work, the same on every machine), one integer program over how
often each of *all* the panels is used decides the question exactly:

    uses n_P >= 0 integer, sum_P n_P = m,
    every type t: c_t * lo_t <= sum_P n_P x_Pt <= c_t * hi_t     (hard: within one panel)
    minimise d >= |sum_P n_P x_Pt / c_t - m pi_t|                 (the largest deviation per member)

where lo_t = ceil(m pi_t - 1), hi_t = floor(m pi_t + 1) are the counts within one panel of
m x the type's probability; dealing seats round-robin within a type then gives every member a count
in [lo_t, hi_t]. HiGHS solves it with no time or node limit (one thread, fixed seed): the answer is
either m panels within 1/m for everyone, or a proof that no m panels are (the program is infeasible
over all panels), in which case the panels of least largest deviation are returned and flagged.

Why not a rounding with a theorem behind it: dependent (pipage) rounding of the weights m x lambda_P
keeps their sum, not each person's sum over the panels that hold them; Beck-Fiala-style iterative
rounding bounds those sums by the number of people on a panel (k), not by one. Whether m panels
within one panel of m x pi exist depends on the quotas, so it is decided here, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from ._highs import INF, new_highs, pass_model, solve_mip
from .grouping import FloatArray, IntArray, TypeTable
from .oracle import constraint_matrix

# At most this many panels (compositions) are listed; more, and the pool is not small.
ENUMERATION_LIMIT = 2000
# At most this many search nodes are visited while listing them (counted work, not time).
ENUMERATION_NODES = 40_000


def enumerate_panels(
    table: TypeTable, limit: int = ENUMERATION_LIMIT, max_nodes: int = ENUMERATION_NODES
) -> IntArray | None:
    """Every valid panel as a composition (rows, in a fixed order), or None when there are more
    than ``limit`` of them or listing them takes more than ``max_nodes`` search nodes."""
    n_types = table.n_types
    k = table.panel_size
    counts = table.counts.astype(np.int64)
    qmat = table.quota_matrix.astype(np.int64)  # (Q, T)
    qmin = np.rint(table.quota_min).astype(np.int64)
    qmax = np.rint(table.quota_max).astype(np.int64)
    hh = table.household_of_type
    n_households = len(table.households)
    # what types t.. can still add, per quota and in total (for pruning)
    cap_q = np.zeros((n_types + 1, len(qmin)), dtype=np.int64)
    cap = np.zeros(n_types + 1, dtype=np.int64)
    for t in range(n_types - 1, -1, -1):
        room = counts[t] if hh[t] < 0 else min(int(counts[t]), 1)
        cap_q[t] = cap_q[t + 1] + qmat[:, t] * room
        cap[t] = cap[t + 1] + room
    found: list[IntArray] = []
    x = np.zeros(n_types, dtype=np.int64)
    quota = np.zeros(len(qmin), dtype=np.int64)
    used = np.zeros(n_households, dtype=np.int64)
    nodes = 0

    def ok_to_continue(t: int, left: int) -> bool:
        if left > cap[t]:
            return False
        if (quota > qmax).any():
            return False
        # every minimum still reachable with the seats left and the types left
        need = np.maximum(qmin - quota, 0)
        return bool((need <= np.minimum(cap_q[t], left)).all())

    def visit(t: int, left: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > max_nodes or len(found) > limit:
            return False
        if left == 0:
            if (quota >= qmin).all() and (quota <= qmax).all():
                found.append(x.copy())
            return True
        if t == n_types or not ok_to_continue(t, left):
            return True
        most = int(min(counts[t], left))
        if hh[t] >= 0:
            most = min(most, int(1 - used[hh[t]]))
        for take in range(most, -1, -1):
            x[t] = take
            quota[:] += qmat[:, t] * take
            if hh[t] >= 0:
                used[hh[t]] += take
            going = visit(t + 1, left - take)
            quota[:] -= qmat[:, t] * take
            if hh[t] >= 0:
                used[hh[t]] -= take
            x[t] = 0
            if not going:
                return False
        return True

    if not visit(0, k) or len(found) > limit:
        return None
    if not found:
        return np.zeros((0, n_types), dtype=np.int64)
    return np.vstack(found)


@dataclass(frozen=True)
class ExactUses:
    uses: IntArray  # how often each listed panel is used; sums to m
    within_one_panel: bool  # False only when no m panels are within one panel (proven)


def exact_uses(
    panels: IntArray, counts: FloatArray, target_t: FloatArray, lo: FloatArray, hi: FloatArray, m: int
) -> ExactUses | None:
    """The integer program of the module docstring over ``panels`` (all of them). None if HiGHS
    ends without an answer either way (not seen; the caller then rounds the other way)."""
    status, found = _solve(panels, counts, target_t, m, lo, hi)
    if found is not None:
        return ExactUses(found, True)
    if status != "infeasible":
        return None
    # Infeasible over all panels: no m panels are within one panel of m x pi for everyone.
    _status, best = _solve(panels, counts, target_t, m, None, None)
    return None if best is None else ExactUses(best, False)


def _solve(
    panels: IntArray,
    counts: FloatArray,
    target_t: FloatArray,
    m: int,
    lo: FloatArray | None,
    hi: FloatArray | None,
) -> tuple[str, IntArray | None]:
    n_panels, n_types = panels.shape
    per_member = sp.csr_matrix(panels.T.astype(np.float64) / counts[:, None])  # (T, P)
    dev = sp.csr_matrix(-np.ones((n_types, 1)))
    rows = [
        sp.hstack([sp.csr_matrix(np.ones((1, n_panels))), sp.csr_matrix((1, 1))]),
        sp.hstack([per_member, dev]),
        sp.hstack([-per_member, dev]),
    ]
    row_lo = [np.array([float(m)]), np.full(n_types, -INF), np.full(n_types, -INF)]
    row_hi = [np.array([float(m)]), m * target_t, -m * target_t]
    if lo is not None and hi is not None:
        rows.append(sp.hstack([per_member, sp.csr_matrix((n_types, 1))]))
        row_lo.append(lo - 1e-9)
        row_hi.append(hi + 1e-9)
    h = new_highs()
    pass_model(
        h,
        cost=np.concatenate([np.zeros(n_panels), [1.0]]),
        lower=np.zeros(n_panels + 1),
        upper=np.concatenate([np.full(n_panels, float(m)), [INF]]),
        matrix=sp.vstack(rows).tocsc(),
        row_lower=np.concatenate(row_lo),
        row_upper=np.concatenate(row_hi),
        maximise=False,
        integer=[True] * n_panels + [False],
    )
    res = solve_mip(h)
    if res.x is None or res.status != "optimal":
        return res.status, None
    uses = np.rint(res.x[:n_panels]).astype(np.int64)
    if uses.sum() != m or (uses < 0).any():
        return "other", None
    return res.status, uses


def two_feature_panels(table: TypeTable, target_t: FloatArray, m: int) -> IntArray | None:
    """m panels (compositions, one row each) on which every member sits floor(m p) or ceil(m p)
    times (strictly within one panel), when the quotas are on at most two features and there are no
    households; None otherwise (or if HiGHS's answer fails the exact check, not seen).

    Then the rows "panel size" and "one per quota value" form two laminar families (the size row is
    the root of the first), so the constraint matrix is totally unimodular. Two consequences make
    this constructive and exact, with LPs only: (1) the seats per type within [c floor(m p),
    c ceil(m p)] that meet m x every quota form a polytope with integral vertices (Hoffman-Kruskal)
    that contains m x p, so a vertex is an integer seat vector z; (2) the panel polytope has the
    integer decomposition property (Baum-Trotter), so z is a sum of m panels, found one at a time:
    a panel x with z - x a sum of the remaining r - 1 panels is again a vertex of a totally
    unimodular system (the panel's rows, and r - 1 times them for z - x)."""
    if table.households or table.quota_of_type.shape[1] > 2:
        return None
    matrix, row_lo, row_hi = constraint_matrix(table)
    counts = table.counts.astype(np.float64)
    low = counts * np.floor(m * target_t + 1e-9)
    high = counts * np.ceil(m * target_t - 1e-9)
    z = _vertex(matrix, m * row_lo, m * row_hi, low, np.maximum(high, low))
    if z is None:
        return None
    rows: list[IntArray] = []
    stacked = sp.vstack([matrix, matrix]).tocsc()
    for r in range(m, 0, -1):
        rest = r - 1
        x = _vertex(
            stacked,
            np.concatenate([row_lo, matrix @ z - rest * row_hi]),
            np.concatenate([row_hi, matrix @ z - rest * row_lo]),
            np.maximum(0.0, z - rest * counts),
            np.minimum(counts, z),
        )
        if x is None:
            return None
        rows.append(x.astype(np.int64))
        z = z - x
    return np.vstack(rows)


def _vertex(
    matrix: sp.csc_matrix, row_lo: FloatArray, row_hi: FloatArray, col_lo: FloatArray, col_hi: FloatArray
) -> FloatArray | None:
    """A basic (vertex) solution of row_lo <= matrix x <= row_hi, col_lo <= x <= col_hi by the
    simplex method, checked to be integral and feasible exactly; None if it is not."""
    n = matrix.shape[1]
    lo_inf = np.where(np.isfinite(row_lo), row_lo, -INF)
    hi_inf = np.where(np.isfinite(row_hi), row_hi, INF)
    h = new_highs()
    h.setOptionValue("solver", "simplex")
    pass_model(
        h,
        cost=np.zeros(n),
        lower=col_lo,
        upper=col_hi,
        matrix=matrix,
        row_lower=lo_inf,
        row_upper=hi_inf,
        maximise=False,
    )
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.asarray(h.getSolution().col_value, dtype=np.float64)
    rounded = np.rint(x)
    if np.abs(x - rounded).max(initial=0.0) > 1e-6:
        return None
    ax = matrix @ rounded
    finite_lo, finite_hi = np.isfinite(row_lo), np.isfinite(row_hi)
    if (ax[finite_lo] < row_lo[finite_lo] - 1e-6).any() or (ax[finite_hi] > row_hi[finite_hi] + 1e-6).any():
        return None
    if (rounded < col_lo - 1e-6).any() or (rounded > col_hi + 1e-6).any():
        return None
    return rounded
