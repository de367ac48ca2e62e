"""The panel oracle: an integer program over type counts whose feasible points are exactly the
quota-satisfying, household-respecting panels. Column generation asks it for the panel of largest
weight; the model is built once and only its objective changes between calls."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._highs import INF, new_highs, pass_model, solve_mip
from .grouping import FloatArray, IntArray, TypeTable
from .swaps import SwapSearch


@dataclass(frozen=True)
class Priced:
    counts: IntArray | None  # best panel found, as people per type (None: no panel exists)
    value: float  # its weight
    bound: float  # proven upper bound on the weight of any panel


def constraint_matrix(table: TypeTable) -> tuple[sp.csc_matrix, FloatArray, FloatArray]:
    """Rows: panel size, one per quota, one per household (at most one member)."""
    n_types = table.n_types
    blocks: list[sp.spmatrix] = [sp.csr_matrix(np.ones((1, n_types))), sp.csr_matrix(table.quota_matrix)]
    lo = [np.array([table.panel_size], dtype=np.float64), table.quota_min]
    hi = [np.array([table.panel_size], dtype=np.float64), table.quota_max]
    if table.households:
        rows = np.concatenate([np.full(len(h), r) for r, h in enumerate(table.households)])
        cols = np.concatenate(table.households)
        blocks.append(
            sp.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(table.households), n_types))
        )
        lo.append(np.full(len(table.households), -INF))
        hi.append(np.ones(len(table.households)))
    matrix = sp.vstack(blocks).tocsc()
    return matrix, np.concatenate(lo), np.concatenate(hi)


class PanelOracle:
    """``bounds`` (row lower, row upper, column lower, column upper; default: the quotas and the
    people per type) restricts the panels searched, e.g. to a face of the panel polytope."""

    def __init__(
        self,
        table: TypeTable,
        *,
        abs_gap: float = 1e-9,
        bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray] | None = None,
    ) -> None:
        self.table = table
        self.calls = 0
        self.seconds = 0.0  # time spent in the integer program (reported, never used to decide)
        self._h = new_highs()
        self._h.setOptionValue("mip_rel_gap", 0.0)
        self.abs_gap = abs_gap
        self._h.setOptionValue("mip_abs_gap", abs_gap)
        matrix, lo, hi = constraint_matrix(table)
        n_types = table.n_types
        col_lo, col_hi = np.zeros(n_types), table.counts.astype(np.float64)
        if bounds is not None:
            lo, hi, col_lo, col_hi = bounds
        pass_model(
            self._h,
            cost=np.zeros(n_types),
            lower=col_lo,
            upper=col_hi,
            matrix=matrix,
            row_lower=lo,
            row_upper=hi,
            maximise=True,
            integer=[True] * n_types,
        )
        self._idx = np.arange(n_types, dtype=np.int32)
        self.swaps = SwapSearch(table)

    def best(
        self, weights: FloatArray, *, start: IntArray | None = None, abs_gap: float | None = None
    ) -> Priced:
        """The panel maximising sum_t weights[t] * count[t], with HiGHS's proven bound.

        ``start`` (a valid panel, e.g. from swaps) lets the search begin with an incumbent;
        ``abs_gap`` loosens how close to optimal the answer must be proven (default: the oracle's)."""
        self.calls += 1
        started = time.perf_counter()
        try:
            return self._best(weights, start, abs_gap)
        finally:
            self.seconds += time.perf_counter() - started

    def _best(self, weights: FloatArray, start: IntArray | None, abs_gap: float | None) -> Priced:
        w = np.asarray(weights, dtype=np.float64)
        self._h.changeColsCost(len(w), self._idx, w)
        self._h.setOptionValue("mip_abs_gap", self.abs_gap if abs_gap is None else max(abs_gap, self.abs_gap))
        if start is not None:
            self._h.setSolution(len(start), self._idx, start.astype(np.float64))
        res = solve_mip(self._h)
        if res.x is None:
            if res.status == "infeasible":
                return Priced(None, float("-inf"), float("-inf"))
            raise RuntimeError(f"HiGHS stopped without a panel (status {res.status}).")
        counts = np.rint(res.x).astype(np.int64)
        value = float(w @ counts)
        bound = max(res.bound, value) if np.isfinite(res.bound) else value
        return Priced(counts, value, bound)
