"""Fast pricing: the panel of (nearly) largest weight by an LP dive instead of an integer program.

The LP relaxation of "the panel of largest weight" (one small LP over types, kept in one highspy
model whose costs and bounds change between calls, re-solved warm by the dual simplex) is nearly
integral: a vertex has a few fractional types. The dive rounds the most nearly integral of them up
(several at once when they are close to 1), re-solves, and repeats until the LP answer is a panel.
A few milliseconds instead of the integer program's hundreds, typically within a fraction of a
percent of the best panel; its LP bound is a proven upper bound on every panel's weight.

Everything is counted in LP solves, never in seconds, so the answers are the same on every machine.
"""

from __future__ import annotations

import highspy
import numpy as np

from ._highs import new_highs, pass_model
from .grouping import FloatArray, IntArray, TypeTable
from .oracle import constraint_matrix

# Types whose LP value is at least this far towards the next integer are rounded up together.
ROUND_TOGETHER = 0.6
INTEGRAL = 1e-7


class PanelDiver:
    """``bounds`` (row lower, row upper, column lower, column upper) restricts the panels, e.g. to
    the face of the panel polytope that a target lies on (see relaxation.Face)."""

    def __init__(
        self, table: TypeTable, bounds: tuple[FloatArray, FloatArray, FloatArray, FloatArray] | None = None
    ) -> None:
        matrix, lo, hi = constraint_matrix(table)
        n = table.n_types
        col_lo, col_hi = np.zeros(n), table.counts.astype(np.float64)
        if bounds is not None:
            lo, hi, col_lo, col_hi = bounds
        self.n = n
        self.col_lower = np.asarray(col_lo, dtype=np.float64)
        self.col_upper = np.asarray(col_hi, dtype=np.float64)
        self.idx = np.arange(n, dtype=np.int32)
        self.h = new_highs()
        pass_model(
            self.h,
            cost=np.zeros(n),
            lower=self.col_lower,
            upper=self.col_upper,
            matrix=matrix,
            row_lower=lo,
            row_upper=hi,
            maximise=True,
        )
        self.calls = 0

    def _run(self) -> FloatArray | None:
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.h.getSolution().col_value, dtype=np.float64)

    def best(self, weights: FloatArray) -> tuple[IntArray | None, float]:
        """A panel of large weight (None if the dive fails) and the LP's upper bound on any panel's
        weight (-inf if no panel fits the bounds even fractionally). A dive that rounds several
        types at once and fails is repeated one type at a time."""
        self.calls += 1
        panel, bound = self._dive(weights, ROUND_TOGETHER)
        if panel is None and np.isfinite(bound):
            panel, bound = self._dive(weights, 2.0)
        return panel, bound

    def _dive(self, weights: FloatArray, together: float) -> tuple[IntArray | None, float]:
        h = self.h
        h.changeColsCost(self.n, self.idx, np.asarray(weights, dtype=np.float64))
        lo, hi = self.col_lower.copy(), self.col_upper.copy()
        h.changeColsBounds(self.n, self.idx, lo, hi)
        x = self._run()
        if x is None:
            return None, float("-inf")
        bound = float(weights @ x)
        while True:
            frac = x - np.floor(x + INTEGRAL)
            open_ = np.flatnonzero((frac > INTEGRAL) & (frac < 1.0 - INTEGRAL))
            if len(open_) == 0:
                return np.rint(x).astype(np.int64), bound
            closest = open_[[int(np.argmax(frac[open_]))]]
            up = open_[frac[open_] >= together]
            if len(up) < 2:
                up = closest
            y = self._fix(up, np.ceil(x[up]), hi[up], lo, hi)
            if y is None and len(up) > 1:
                up = closest
                y = self._fix(up, np.ceil(x[up]), hi[up], lo, hi)
            if y is None:  # cannot round it up: round it down instead
                y = self._fix(up, lo[up], np.floor(x[up]), lo, hi)
            if y is None:
                return None, bound
            x = y

    def _fix(
        self, cols: IntArray, new_lo: FloatArray, new_hi: FloatArray, lo: FloatArray, hi: FloatArray
    ) -> FloatArray | None:
        """Tighten the bounds of ``cols`` and re-solve; undo and return None if that is infeasible."""
        idx = cols.astype(np.int32)
        self.h.changeColsBounds(len(idx), idx, new_lo, new_hi)
        y = self._run()
        if y is None:
            self.h.changeColsBounds(len(idx), idx, lo[cols], hi[cols])
            return None
        lo[cols], hi[cols] = new_lo, new_hi
        return y
