"""Write the relaxation's leximin target as a lottery over panels: herding, then an exact fit.

The target (relaxation.py) is a vector of expected people per type. When some lottery reaches it,
that lottery is leximin-optimal, and every one of its panels lies on the target's face. So:

1. **Herding** (Welling 2009; Frank–Wolfe with step 1/m): panel m is the panel on the face that
   favours most the types furthest behind m x target so far (priced by an LP dive, dive.py). The
   running average tends to the target and, more to the point, the panels surround it.
2. **Exact fit**: non-negative least squares (Lawson–Hanson, scipy's ``nnls``) over the panels
   found, with the weights summing to one; once the panels surround the target the residual is 0
   to rounding error, and the fit is the lottery. It is tried once the number of panels reaches the
   face's dimension (a lottery needs about that many), then every tenth of it.

The face has a few hundred to a thousand dimensions at practice scale, so this takes about that
many dives; an integer program is asked only when a dive fails. Every limit counts steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.optimize as so

from .dive import PanelDiver
from .grouping import FloatArray, IntArray, TypeTable
from .oracle import PanelOracle
from .relaxation import Face

# The exact fit is first tried at this share of the face's dimension in panels, then every STEP.
FIRST_FIT = 1.0
FIT_STEP = 0.1
# Herding gives up (the target is probably out of reach) at this multiple of the face's dimension,
# or when this many fits in a row did not halve the best shortfall so far.
MAX_STEPS_FACTOR = 2.5
STALLED_FITS = 4
# Weight of the row "the weights sum to one" in the least-squares fit.
SUM_ROW = 10.0


@dataclass
class Decomposition:
    panels: list[IntArray]  # every distinct panel found
    weights: FloatArray  # per panel, of the best fit; sums to one when ``shortfall`` is small
    shortfall: float  # largest probability any type still lacks from its target
    steps: int = 0  # herding steps (panels priced)
    fits: int = 0
    fit_seconds: float = 0.0  # measured, never used to decide
    dive_seconds: float = 0.0
    mip_calls: int = 0
    mip_seconds: float = 0.0


def decompose(
    table: TypeTable,
    target: FloatArray,
    face: Face,
    tolerance: float,
    spend: Callable[[], bool],
) -> Decomposition:
    """Herd panels on ``face`` towards ``target`` and fit them exactly; stop when the fitted
    lottery gives every type its target within ``tolerance``, or when ``spend()`` (called once per
    step) says the budget is used up, or after MAX_STEPS_FACTOR x the face's dimension."""
    counts = table.counts.astype(np.float64)
    expected = target * counts
    bounds = (face.row_lower, face.row_upper, face.col_lower, face.col_upper)
    diver = PanelDiver(table, bounds)
    oracle: PanelOracle | None = None
    dim = face.dimension
    next_fit = max(int(FIRST_FIT * dim), 2)
    fit_every = max(int(FIT_STEP * dim), 5)
    max_steps = int(MAX_STEPS_FACTOR * dim) + 50
    total = np.zeros(table.n_types)
    panels: list[IntArray] = []
    known: set[bytes] = set()
    result = Decomposition(panels, np.zeros(0), float("inf"))
    stalled = 0
    while result.steps < max_steps and stalled < STALLED_FITS and not spend():
        result.steps += 1
        weights = (expected * result.steps - total) / counts
        started = time.perf_counter()
        panel, _bound = diver.best(weights)
        result.dive_seconds += time.perf_counter() - started
        if panel is None:
            if oracle is None:
                oracle = PanelOracle(table, bounds=bounds)
            result.mip_calls += 1
            started = time.perf_counter()
            priced = oracle.best(weights)
            result.mip_seconds += time.perf_counter() - started
            if priced.counts is None:
                break  # no panel on the face: the target is out of reach
            panel = priced.counts
        total += panel
        key = panel.tobytes()
        if key not in known:
            known.add(key)
            panels.append(panel)
        if result.steps >= next_fit:
            next_fit = result.steps + fit_every
            weights_fit, shortfall, seconds = _fit(panels, target, counts)
            result.fits += 1
            result.fit_seconds += seconds
            stalled = 0 if shortfall < 0.5 * result.shortfall else stalled + 1
            if shortfall < result.shortfall:
                result.weights, result.shortfall = weights_fit, shortfall
            if shortfall <= tolerance:
                break
    if result.fits == 0 and panels:
        result.weights, result.shortfall, seconds = _fit(panels, target, counts)
        result.fits, result.fit_seconds = 1, seconds
    # the best fit's weights, padded with 0 for the panels found after it
    result.weights = np.concatenate([result.weights, np.zeros(len(panels) - len(result.weights))])
    return result


def _fit(panels: list[IntArray], target: FloatArray, counts: FloatArray) -> tuple[FloatArray, float, float]:
    """Weights (non-negative, summing to one) whose lottery comes closest to ``target`` in least
    squares, and the largest probability a type lacks from its target under them."""
    started = time.perf_counter()
    comps = np.vstack(panels).astype(np.float64)  # (panels, types)
    a = np.vstack([(comps / counts).T, np.full((1, len(panels)), SUM_ROW)])
    b = np.concatenate([target, [SUM_ROW]])
    try:
        lam, _ = so.nnls(a, b, maxiter=20 * len(panels) + 100)
    except RuntimeError:  # iteration limit: treat as no fit
        return np.zeros(len(panels)), float("inf"), time.perf_counter() - started
    total = lam.sum()
    if total <= 0:
        return lam, float("inf"), time.perf_counter() - started
    lam = lam / total
    probabilities = (lam @ comps) / counts
    shortfall = float(np.max(target - probabilities, initial=0.0))
    return lam, shortfall, time.perf_counter() - started
