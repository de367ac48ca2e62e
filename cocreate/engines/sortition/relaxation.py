"""LEXIMIN over the *fractional* relaxation of the panel polytope.

Replacing "a lottery over integer panels" by "any expected composition meeting the quotas in
expectation" gives a superset of the achievable profiles, so its leximin profile leximin-dominates
every achievable one: it is an upper bound for each level, and when a lottery reaches it, that
lottery is leximin-optimal. It costs a handful of small LPs over types (no column generation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.optimize as so
import scipy.sparse as sp

from .grouping import FloatArray, TypeTable
from .oracle import constraint_matrix


@dataclass(frozen=True)
class Level:
    value: float  # the probability of this level in the relaxation (an upper bound)
    types: tuple[int, ...]  # types fixed at this level


def fractional_leximin(table: TypeTable, covered: np.ndarray) -> tuple[FloatArray, list[Level]]:
    n_types = table.n_types
    c = table.counts.astype(np.float64)
    matrix, lo, hi = constraint_matrix(table)
    n_rows = matrix.shape[0]
    big = float(table.panel_size + 1)
    a_eq_like = sp.hstack([matrix, sp.csr_matrix((n_rows, 1))]).tocsr()
    fixed = np.full(n_types, np.nan)
    fixed[~covered] = 0.0
    levels: list[Level] = []
    upper_e = np.where(covered, c, 0.0)
    while np.isnan(fixed).any():
        free = np.isnan(fixed)
        # variables: expected counts e_t, then z; maximise z with e_t >= z c_t (free), e_t >= fixed c_t
        link = sp.hstack(
            [-sp.identity(n_types, format="csr"), sp.csr_matrix(np.where(free, c, 0.0)[:, None])]
        )
        b_link = np.where(free, 0.0, -np.nan_to_num(fixed) * c)
        a_ub = sp.vstack([link, a_eq_like, -a_eq_like]).tocsr()
        b_ub = np.concatenate([b_link, np.minimum(hi, big * n_types), np.minimum(-lo, big * n_types)])
        cost = np.zeros(n_types + 1)
        cost[-1] = -1.0
        res = so.linprog(
            cost,
            A_ub=a_ub,
            b_ub=b_ub,
            bounds=np.column_stack([np.zeros(n_types + 1), np.concatenate([upper_e, [1.0]])]),
            method="highs",
        )
        if res.status != 0:
            raise RuntimeError(f"The relaxation LP failed: {res.message}")
        z = float(res.x[-1])
        duals = np.abs(np.asarray(res.ineqlin.marginals[:n_types]))
        to_fix = free & (duals > 1e-9)
        if not to_fix.any():
            e = np.asarray(res.x[:n_types])
            ratio = np.where(free, e / np.maximum(c, 1.0), np.inf)
            to_fix = free & (ratio <= ratio.min() + 1e-9)
        fixed[to_fix] = z
        levels.append(Level(z, tuple(int(t) for t in np.flatnonzero(to_fix))))
    return fixed, levels
