"""Small helpers around highspy: one place that knows how models are passed and results read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
INF = highspy.kHighsInf


def new_highs() -> highspy.Highs:
    h = highspy.Highs()  # type: ignore[no-untyped-call, unused-ignore]
    h.silent()
    # One thread and a fixed seed: the same input gives the same panels on every run.
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    return h


def pass_model(
    h: highspy.Highs,
    *,
    cost: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    matrix: sp.csc_matrix,
    row_lower: FloatArray,
    row_upper: FloatArray,
    maximise: bool,
    integer: Sequence[bool] | None = None,
) -> None:
    n_rows, n_cols = matrix.shape
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = np.asarray(cost, dtype=np.float64)
    lp.col_lower_ = np.asarray(lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(row_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n_cols
    lp.a_matrix_.num_row_ = n_rows
    lp.a_matrix_.start_ = np.asarray(matrix.indptr, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(matrix.indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(matrix.data, dtype=np.float64)
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    if integer is not None:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if f else highspy.HighsVarType.kContinuous for f in integer
        ]
    h.passModel(lp)


@dataclass(frozen=True)
class MipResult:
    status: str  # "optimal", "infeasible", "time_limit", "other"
    x: FloatArray | None
    value: float
    bound: float  # the dual bound HiGHS proved (for a maximisation: no solution is better)


def solve_mip(h: highspy.Highs) -> MipResult:
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return MipResult("infeasible", None, float("nan"), float("nan"))
    name = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
        highspy.HighsModelStatus.kObjectiveTarget: "target",
    }.get(status, "other")
    if info.primal_solution_status == 0:
        return MipResult(name, None, float("nan"), float(info.mip_dual_bound))
    x = np.asarray(h.getSolution().col_value, dtype=np.float64)
    return MipResult(name, x, float(info.objective_function_value), float(info.mip_dual_bound))
