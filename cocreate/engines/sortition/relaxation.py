"""LEXIMIN over the *fractional* relaxation of the panel polytope, and the face it lies on.

Replacing "a lottery over integer panels" by "any expected composition meeting the quotas in
expectation" gives a superset of the achievable profiles, so its leximin profile leximin-dominates
every achievable one: it is an upper bound for each level, and when a lottery reaches it, that
lottery is leximin-optimal. It costs a handful of small LPs over types (no column generation), solved
in one highspy model that is changed between levels and re-solved warm.

Every panel of a lottery that reaches the target lies on the *face* of the panel polytope the
target lies on: a quota the target meets at its minimum (maximum) in expectation is met at that
minimum (maximum) by every panel of the lottery, and a type the target always (never) selects is on
every (no) panel. ``Face`` carries those bounds, so that panels are only searched where they can help.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from ._highs import new_highs, pass_model
from .grouping import FloatArray, TypeTable
from .oracle import constraint_matrix

# Accuracy of the relaxation's LPs: the target is met to this (in expected people per type).
LP_TOLERANCE = 1e-9
# A constraint the target meets within this (in expected people) is tight.
TIGHT = 1e-7


@dataclass(frozen=True)
class Level:
    value: float  # the probability of this level in the relaxation (an upper bound)
    types: tuple[int, ...]  # types fixed at this level


@dataclass(frozen=True)
class Face:
    """Bounds on the rows of ``oracle.constraint_matrix`` and on the people per type that every
    panel of a lottery reaching the target meets (tight constraints become equalities)."""

    row_lower: FloatArray
    row_upper: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray

    @property
    def dimension(self) -> int:
        """An upper estimate of the face's dimension: free types minus the equality quotas."""
        free = int((self.col_upper > self.col_lower).sum())
        equal = int(((self.row_upper - self.row_lower) < 0.5).sum())
        return max(free - equal, 1)


def fractional_leximin(
    table: TypeTable, covered: np.ndarray | None = None
) -> tuple[FloatArray, list[Level]] | None:
    """The leximin profile (probability per type) of the relaxation and its levels; None when even
    the relaxation has no point (the quotas cannot be met in expectation). Types not ``covered``
    (default: every type) get probability 0."""
    n_types = table.n_types
    c = table.counts.astype(np.float64)
    matrix, lo, hi = constraint_matrix(table)
    n_rows = matrix.shape[0]
    if covered is None:
        covered = np.ones(n_types, dtype=bool)
    # Variables: expected people per type e_t, then the level z. Rows: the panel's constraints on e,
    # then one link row per type, e_t - c_t z >= 0 while the type is free, e_t >= fixed_t c_t after.
    link = sp.hstack([sp.identity(n_types, format="csr"), sp.csr_matrix(-c[:, None])])
    full = sp.vstack([sp.hstack([matrix, sp.csr_matrix((n_rows, 1))]), link]).tocsc()
    h = new_highs()
    h.setOptionValue("primal_feasibility_tolerance", LP_TOLERANCE)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOLERANCE)
    cost = np.zeros(n_types + 1)
    cost[-1] = 1.0
    pass_model(
        h,
        cost=cost,
        lower=np.zeros(n_types + 1),
        upper=np.concatenate([np.where(covered, c, 0.0), [1.0]]),
        matrix=full,
        row_lower=np.concatenate([lo, np.zeros(n_types)]),
        row_upper=np.concatenate([hi, np.full(n_types, np.inf)]),
        maximise=True,
    )
    fixed = np.full(n_types, np.nan)
    fixed[~covered] = 0.0
    for t in np.flatnonzero(~covered):
        h.changeCoeff(int(n_rows + t), n_types, 0.0)
    levels: list[Level] = []
    while np.isnan(fixed).any():
        free = np.isnan(fixed)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            if not levels:
                return None
            raise RuntimeError(f"The relaxation LP failed ({h.modelStatusToString(h.getModelStatus())}).")
        sol = h.getSolution()
        x = np.asarray(sol.col_value, dtype=np.float64)
        z = float(x[-1])
        duals = np.abs(np.asarray(sol.row_dual, dtype=np.float64)[n_rows:])
        # Complementary slackness: a free type with a positive dual is at z in every optimum.
        to_fix = free & (duals > 1e-9)
        if not to_fix.any():
            ratio = np.where(free, x[:n_types] / np.maximum(c, 1.0), np.inf)
            to_fix = free & (ratio <= ratio.min() + 1e-9)
        fixed[to_fix] = z
        for t in np.flatnonzero(to_fix):
            h.changeCoeff(int(n_rows + t), n_types, 0.0)
            h.changeRowBounds(int(n_rows + t), z * c[t], np.inf)
        levels.append(Level(z, tuple(int(t) for t in np.flatnonzero(to_fix))))
    return fixed, levels


def face_of(table: TypeTable, target: FloatArray) -> Face:
    """The face of the panel polytope that every panel of a lottery reaching ``target`` lies on."""
    c = table.counts.astype(np.float64)
    expected = target * c
    matrix, lo, hi = constraint_matrix(table)
    value = matrix @ expected
    at_lo = np.abs(value - lo) <= TIGHT
    at_hi = np.abs(value - hi) <= TIGHT
    row_lower = np.where(at_hi, hi, lo)
    row_upper = np.where(at_lo, lo, hi)
    col_lower = np.where(np.abs(expected - c) <= TIGHT, c, 0.0)
    col_upper = np.where(expected <= TIGHT, 0.0, c)
    return Face(row_lower, row_upper, col_lower, col_upper)
