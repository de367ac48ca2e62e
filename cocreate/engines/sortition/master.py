"""The restricted master LP of column generation: one column per known panel, one row per
(type, condition), kept in a single highspy model that grows by columns and is re-solved warm."""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp

from ._highs import INF, new_highs, pass_model
from .grouping import FloatArray, IntArray


class Master:
    """Rows ``r`` bound the probability of type ``row_types[r]`` (plus auxiliary columns); the last
    row says the panel weights sum to one. Auxiliary columns come first, panel columns after."""

    def __init__(
        self,
        *,
        counts: IntArray,
        row_types: IntArray,
        row_lower: FloatArray,
        row_upper: FloatArray,
        aux_cost: FloatArray,
        aux_lower: FloatArray,
        aux_upper: FloatArray,
        aux_matrix: FloatArray,  # (rows, aux) coefficients of the auxiliary columns
        maximise: bool,
    ) -> None:
        self.counts = counts.astype(np.float64)
        self.row_types = row_types
        self.maximise = maximise
        self.n_aux = len(aux_cost)
        self.n_rows = len(row_types) + 1
        self.panels: list[IntArray] = []
        self._known: set[bytes] = set()
        # For each type, the master rows that refer to it (sparse gather when pricing).
        self._row_by_type = sp.csr_matrix(
            (np.ones(len(row_types)), (row_types, np.arange(len(row_types)))),
            shape=(len(counts), len(row_types)),
        )
        self.h: highspy.Highs = new_highs()
        self.h.setOptionValue("presolve", "off")
        self.h.setOptionValue("simplex_strategy", 4)
        matrix = sp.vstack([sp.csr_matrix(aux_matrix), sp.csr_matrix((1, self.n_aux))]).tocsc()
        pass_model(
            self.h,
            cost=aux_cost,
            lower=aux_lower,
            upper=aux_upper,
            matrix=matrix,
            row_lower=np.concatenate([row_lower, [1.0]]),
            row_upper=np.concatenate([row_upper, [1.0]]),
            maximise=maximise,
        )
        self.objective = float("nan")
        self.col_value: FloatArray = np.zeros(0)
        self.row_dual: FloatArray = np.zeros(0)
        self.col_dual: FloatArray = np.zeros(0)

    def add_panel(self, panel: IntArray) -> bool:
        """Add a panel column unless it is already there; True if added."""
        key = panel.astype(np.int64).tobytes()
        if key in self._known:
            return False
        self._known.add(key)
        rows = np.flatnonzero(panel[self.row_types] > 0)
        values = panel[self.row_types[rows]] / self.counts[self.row_types[rows]]
        idx = np.concatenate([rows, [self.n_rows - 1]]).astype(np.int32)
        val = np.concatenate([values, [1.0]])
        self.h.addCol(0.0, 0.0, INF, len(idx), idx, val)
        self.panels.append(panel)
        return True

    def solve(self) -> None:
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(
                f"The master LP did not solve to optimality ({self.h.modelStatusToString(status)})."
            )
        sol = self.h.getSolution()
        self.col_value = np.asarray(sol.col_value, dtype=np.float64)
        self.row_dual = np.asarray(sol.row_dual, dtype=np.float64)
        self.objective = float(self.h.getInfo().objective_function_value)
        self.col_dual = np.asarray(sol.col_dual, dtype=np.float64)

    def prune(self, keep: int) -> None:
        """Drop unused panel columns (weight 0, least attractive reduced cost) down to ``keep``, so
        simplex pivots stay cheap; the basis of the remaining columns is kept."""
        n = len(self.panels)
        if n <= keep:
            return
        lam = self.col_value[self.n_aux :]
        unattractive = self.col_dual[self.n_aux :] * (-1.0 if self.maximise else 1.0)
        unused = np.flatnonzero(lam <= 0.0)
        excess = n - keep
        if len(unused) == 0 or excess <= 0:
            return
        drop = unused[np.argsort(-unattractive[unused], kind="stable")[:excess]]
        drop.sort()
        self.h.deleteCols(len(drop), (drop + self.n_aux).astype(np.int32))
        gone = set(drop.tolist())
        for j in drop:
            self._known.discard(self.panels[j].astype(np.int64).tobytes())
        self.panels = [p for j, p in enumerate(self.panels) if j not in gone]
        self.col_value = np.delete(self.col_value, drop + self.n_aux)
        self.col_dual = np.delete(self.col_dual, drop + self.n_aux)

    def pricing(self) -> tuple[FloatArray, float]:
        """Weights per type and a threshold: a panel improves the master iff weights @ panel > threshold.

        HiGHS reports duals y with reduced cost d = c - A'y; a new panel column has c = 0, so for a
        maximisation it improves iff -y'a > 0, for a minimisation iff -y'a < 0.
        """
        sign = -1.0 if self.maximise else 1.0
        y = self.row_dual
        weights = sign * (self._row_by_type @ y[:-1]) / self.counts
        return np.asarray(weights, dtype=np.float64), -sign * float(y[-1])

    def weights_of_panels(self) -> FloatArray:
        lam = np.clip(self.col_value[self.n_aux :], 0.0, None)
        # columns added since the last solve carry no weight yet
        lam = np.concatenate([lam, np.zeros(len(self.panels) - len(lam))])
        total = lam.sum()
        return lam / total if total > 0 else lam

    def aux(self, j: int) -> float:
        return float(self.col_value[j])

    def type_probabilities(self) -> FloatArray:
        lam = self.weights_of_panels()
        if not self.panels:
            return np.zeros(len(self.counts))
        comp = np.vstack(self.panels).astype(np.float64)
        return np.asarray((lam @ comp) / self.counts, dtype=np.float64)
