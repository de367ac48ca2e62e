"""Fair lotteries over quota-satisfying panels: LEXIMIN, MAXIMIN, NASH and GOLDILOCKS.

All four work by column generation over *types* (see grouping.py): a master LP over the panels
found so far, and the panel oracle (an integer program) that finds the panel the master's duals
value most. The oracle's proven bound turns the last master into an optimality certificate.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .decompose import decompose
from .grouping import FloatArray, IntArray, TypeTable, build_types
from .master import Master
from .model import Instance
from .oracle import PanelOracle
from .relaxation import face_of, fractional_leximin

Method = Literal["leximin", "maximin", "nash", "goldilocks"]
METHODS: tuple[Method, ...] = ("leximin", "maximin", "nash", "goldilocks")


class InfeasibleQuotasError(ValueError):
    """No panel meets every quota; ``report`` says which quotas conflict and how to relax them."""

    def __init__(self, report: object, message: str) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class Stage:
    """One step of the certificate: the objective reached and the bound HiGHS proved for it."""

    value: float
    bound: float
    fixed_people: int = 0
    minimise: bool = False

    @property
    def gap(self) -> float:
        """How far the value reached may be from the best possible (0 when the bound is met)."""
        return max(self.value - self.bound, 0.0) if self.minimise else max(self.bound - self.value, 0.0)


MEANING = {
    "leximin": "Stage j: 'bound' is an upper bound, proved by an LP (the leximin profile of the "
    "fractional relaxation, or the column-generation dual bound), on the probability any lottery can "
    "give the 'people' fixed at that stage given the earlier stages; 'value' is the lowest probability "
    "this lottery gives them.",
    "maximin": "'bound' is the dual bound HiGHS proved on the lowest selection probability of any "
    "lottery; 'value' is the lowest probability of this lottery.",
    "nash": "'value' is the sum of log selection probabilities; 'bound' is a proven upper bound "
    "(Frank-Wolfe gap with the integer program's dual bound).",
    "goldilocks": "'value' is max p/(k/n) + gamma * (k/n)/min p over people who can be selected; "
    "'bound' is a proven lower bound at the chosen probability floor.",
}


Status = Literal["optimal", "gap", "stopped"]
STATUS_MEANING: dict[str, str] = {
    "optimal": "Every stage reached its proven bound within the tolerance: the lottery is optimal.",
    "gap": "The work limit (counted in solver rounds, the same on every machine) ended the search "
    "before every stage reached its bound; 'gap' says how far from optimal it may be, proved by 'bound'.",
    "stopped": "The wall-clock safety stop ended the search: the lottery is not finished, and the same "
    "input may give a different lottery on a faster or slower machine.",
}


@dataclass
class Budget:
    """Limits on the search. ``max_rounds`` (pricing rounds of column generation) may decide the
    result and counts the same on every machine. ``deadline`` is a wall-clock safety stop only:
    when it ends a search the result is marked ``stopped``, because another machine would have gone
    further."""

    max_rounds: int
    deadline: float
    rounds: int = 0
    stopped_by: str = ""  # "", "work" (max_rounds) or "clock" (deadline)

    def spend(self) -> bool:
        """Count one round of work; True when the search must stop now."""
        if self.stopped_by:
            return True
        self.rounds += 1
        if self.rounds > self.max_rounds:
            self.stopped_by = "work"
        elif time.perf_counter() > self.deadline:
            self.stopped_by = "clock"
        return bool(self.stopped_by)

    @property
    def exhausted(self) -> bool:
        return bool(self.stopped_by)


@dataclass(frozen=True)
class Certificate:
    method: str
    tolerance: float
    stages: tuple[Stage, ...]
    status: Status = "optimal"
    rounds: int = 0  # pricing rounds used (deterministic work)

    @property
    def bound(self) -> float:
        """The proven bound of the stage with the largest gap (for LEXIMIN, MAXIMIN: the best
        possible value of the probability level where this lottery is furthest from optimal)."""
        worst = max(self.stages, key=lambda s: s.gap, default=None)
        return worst.bound if worst is not None else float("nan")

    @property
    def status_meaning(self) -> str:
        return STATUS_MEANING[self.status]

    @property
    def gap(self) -> float:
        """Largest gap over stages between the proven bound and the value reached."""
        return max((s.gap for s in self.stages), default=0.0)

    @property
    def meaning(self) -> str:
        return MEANING.get(self.method, "")


@dataclass(frozen=True)
class Lottery:
    """A probability distribution over panels. Panels are *compositions*: how many people of each
    type; a composition stands for choosing that many members of each type uniformly at random.
    ``probabilities[i]`` is person i's selection probability (input order)."""

    method: str
    panel_size: int
    person_ids: tuple[str, ...]
    table: TypeTable
    compositions: IntArray  # (panels, types)
    weights: FloatArray  # (panels,) summing to one
    probabilities: FloatArray  # (people,)
    certificate: Certificate
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def type_probabilities(self) -> FloatArray:
        return np.asarray(
            (self.weights @ self.compositions.astype(np.float64)) / self.table.counts, dtype=np.float64
        )

    def panel_members(self, j: int) -> dict[int, int]:
        """Panel j as {type index: number of members}."""
        row = self.compositions[j]
        return {int(t): int(row[t]) for t in np.flatnonzero(row)}


def find_lottery(
    instance: Instance,
    method: Method = "leximin",
    *,
    tolerance: float = 1e-6,
    gamma: float = 1.0,
    max_rounds: int = 5000,
    max_seconds: float | None = None,
) -> Lottery:
    """Compute a fair lottery over quota-satisfying panels.

    ``tolerance`` (absolute, in probability units) is how far, per certificate stage, the value
    reached may stay from the bound proved by an LP (for LEXIMIN: every person gets at least their
    leximin level minus ``tolerance``); NASH reports its gap instead of reaching it. People who fit
    on no valid panel get probability 0.

    The result depends only on the input and ``max_rounds`` (rounds of column generation, counted
    the same on every machine), never on the speed of the machine: when the rounds run out the
    certificate's status is ``gap`` and it shows the remaining gap with its bound. ``max_seconds`` is
    a safety stop only; a run it ends has status ``stopped`` (not reproducible elsewhere).
    Raises InfeasibleQuotasError (with the feasibility report) when no panel meets the quotas."""
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; use one of {', '.join(METHODS)}.")
    started = time.perf_counter()
    table = build_types(instance)
    budget = Budget(max_rounds, started + max_seconds if max_seconds is not None else math.inf)
    stats: dict[str, float] = {}
    fast, herded = None, list[IntArray]()
    if method in ("leximin", "maximin"):
        fast, herded = _by_decomposition(table, tolerance, budget, stats)
    oracle: PanelOracle | None = None
    if fast is not None:
        comps, lam, stages = fast
        if method == "maximin":
            stages = stages[:1]
        warm = 0.0
    else:
        oracle = PanelOracle(table, abs_gap=tolerance / 100.0)
        panels, covered = _cover(table, oracle)
        if not panels:
            from .feasibility import check_feasibility

            report = check_feasibility(instance)
            raise InfeasibleQuotasError(report, report.message)
        panels += herded
        warm = time.perf_counter() - started
        if method == "leximin":
            comps, lam, stages = _leximin_via_relaxation(table, oracle, panels, covered, tolerance, budget)
        elif method == "maximin":
            master, stages = _leximin(table, oracle, panels, covered, tolerance, budget, only_first=True)
            comps, lam = np.vstack(master.panels), master.weights_of_panels()
        elif method == "nash":
            comps, lam, stages = _nash(table, oracle, panels, covered, tolerance, budget)
        else:
            comps, lam, stages = _goldilocks(
                instance, table, oracle, panels, covered, tolerance, gamma, budget
            )
    keep = lam > 1e-12
    comps, lam = comps[keep], lam[keep] / lam[keep].sum()
    type_probs = (lam @ comps.astype(np.float64)) / table.counts
    probabilities = np.clip(type_probs[table.type_of_person], 0.0, 1.0)
    return Lottery(
        method=method,
        panel_size=instance.panel_size,
        person_ids=tuple(p.id for p in instance.people),
        table=table,
        compositions=comps,
        weights=lam,
        probabilities=probabilities,
        certificate=Certificate(
            method, tolerance, tuple(stages), _status(method, stages, tolerance, budget), budget.rounds
        ),
        stats={
            **stats,
            "seconds": time.perf_counter() - started,
            "warmup_seconds": warm,
            "oracle_calls": (oracle.calls if oracle else 0) + stats.get("decomposition_mip_calls", 0.0),
            "oracle_seconds": (oracle.seconds if oracle else 0) + stats.get("decomposition_mip_seconds", 0.0),
            "rounds": float(budget.rounds),
            "types": float(table.n_types),
            "panels_generated": float(len(comps)),
        },
    )


def _status(method: str, stages: list[Stage], tol: float, budget: Budget) -> Status:
    if budget.stopped_by == "clock":
        return "stopped"
    # NASH stops at a gap of tol per person (its value is a sum over people); the others per stage.
    allowed = [tol * max(s.fixed_people, 1) if method == "nash" else tol for s in stages]
    if budget.stopped_by == "work" or any(
        s.gap > a * (1 + 1e-9) for s, a in zip(stages, allowed, strict=True)
    ):
        return "gap"
    return "optimal"


def _cover(table: TypeTable, oracle: PanelOracle) -> tuple[list[IntArray], np.ndarray]:
    """Warm-up: panels until every type that fits in some panel is in one (the others get
    probability 0 under any lottery). Swaps from the panels found so far cover most types; the
    integer program covers the rest, each time the panel with most uncovered types (ties towards
    types seen least), and finally proves that the types still uncovered fit in no panel."""
    n_types = table.n_types
    covered = np.zeros(n_types, dtype=bool)
    seen = np.zeros(n_types)
    panels: list[IntArray] = []
    cap = np.minimum(table.counts, table.panel_size).astype(np.float64)
    while True:
        uncovered = ~covered
        if not uncovered.any():
            break
        # 1 per uncovered type (at most one counted via the cap below), small bonus for rarely used types.
        weights = np.where(uncovered, 1.0, 0.0) / cap + 1e-3 / (1.0 + seen)
        found = None
        for start in reversed(panels[-COVER_SWAP_STARTS:]):
            candidate = oracle.swaps.climb(start, weights)
            if ((candidate > 0) & uncovered).any():
                found = candidate
                break
        if found is None:
            priced = oracle.best(weights)
            if priced.counts is None:
                return [], covered
            found = priced.counts
        newly = (found > 0) & uncovered
        panels.append(found)
        seen += found > 0
        if not newly.any():
            # Confirm with an exact test that no remaining type can be in any panel.
            probe = oracle.best(np.where(uncovered, 1.0, 0.0))
            if probe.counts is None or probe.bound < 0.5:
                break
            panels.append(probe.counts)
            newly = (probe.counts > 0) & uncovered
            seen += probe.counts > 0
        covered |= newly
    return panels, covered


# Swaps from this many of the latest panels are tried before the integer program when covering.
COVER_SWAP_STARTS = 4


def _leximin(
    table: TypeTable,
    oracle: PanelOracle,
    panels: list[IntArray],
    covered: np.ndarray,
    tol: float,
    budget: Budget,
    *,
    only_first: bool,
) -> tuple[Master, list[Stage]]:
    types = np.flatnonzero(covered)
    n_rows = len(types)
    master = Master(
        counts=table.counts,
        row_types=types,
        row_lower=np.zeros(n_rows),
        row_upper=np.full(n_rows, np.inf),
        aux_cost=np.array([1.0]),
        aux_lower=np.array([0.0]),
        aux_upper=np.array([1.0]),
        aux_matrix=-np.ones((n_rows, 1)),
        maximise=True,
    )
    for p in panels:
        master.add_panel(p)
    fixed = np.zeros(n_rows, dtype=bool)
    stages: list[Stage] = []
    while not fixed.all():
        value, bound = _column_generation(master, oracle, tol, budget)
        duals = np.abs(master.row_dual[:n_rows])
        probs = master.type_probabilities()[types]
        # Complementary slackness: a type with positive dual sits at the optimum in *every* optimal
        # solution of this stage, so its probability can be fixed without losing leximin optimality.
        to_fix = (~fixed) & (duals > 1e-9)
        if not to_fix.any():
            to_fix = (~fixed) & (probs <= probs[~fixed].min() + tol)
        floor = max(value - tol / 10.0, 0.0)
        for r in np.flatnonzero(to_fix):
            master.h.changeCoeff(int(r), 0, 0.0)
            master.h.changeRowBounds(int(r), floor, np.inf)
        fixed |= to_fix
        stages.append(Stage(value, bound, int(table.counts[types[to_fix]].sum())))
        if only_first or budget.exhausted:
            break
    master.solve()
    return master, stages


def _heuristic_columns(
    master: Master, oracle: PanelOracle, weights: FloatArray, threshold: float, tol: float
) -> int:
    """Improve the best panels of the current lottery by swaps; add those that now improve the master."""
    comps = np.vstack(master.panels)
    lam = master.weights_of_panels()
    scores = comps @ weights
    candidates = np.flatnonzero(lam > 1e-12)
    recent = np.arange(max(0, len(comps) - 3), len(comps))
    candidates = np.union1d(candidates, recent)
    top = candidates[np.argsort(-scores[candidates], kind="stable")][:6]
    added = 0
    for j in top:
        better = oracle.swaps.climb(comps[j], weights)
        if float(weights @ better) - threshold > tol and master.add_panel(better):
            added += 1
    return added


def _column_generation(
    master: Master, oracle: PanelOracle, tol: float, budget: Budget, good_enough: float | None = None
) -> tuple[float, float]:
    """Add improving panels until the oracle proves none improves by more than ``tol``.
    Returns (objective, proven bound on the objective over all panels).

    Pricing is heuristic first (swaps from the panels in use); the integer program runs only when
    the swaps find nothing that improves, so it mostly serves to prove that nothing is left."""
    bound = float("inf") if master.maximise else float("-inf")
    streak = 0  # rounds in a row priced by swaps alone
    loose = True  # prove the oracle's answer only roughly until that no longer decides anything
    last_gain = float("inf")
    while True:
        master.solve()
        objective = master.objective
        if good_enough is not None and objective <= good_enough:
            return objective, float("-inf")
        weights, threshold = master.pricing()
        master.prune(int(PRUNE_FACTOR * master.n_rows))
        if budget.spend():
            return objective, bound
        if streak < SWAP_ROUNDS and _heuristic_columns(master, oracle, weights, threshold, tol):
            streak += 1
            continue
        streak = 0
        start = _best_in_use(master, oracle, weights)
        gap = max(tol / 2.0, 0.25 * last_gain) if loose else tol / 2.0
        priced = oracle.best(weights, start=start, abs_gap=gap)
        assert priced.counts is not None
        gain_bound = max(priced.bound - threshold, 0.0)
        # Every round's value plus the oracle's bound is a valid (Lagrangian) bound: keep the best.
        bound = min(bound, objective + gain_bound) if master.maximise else max(bound, objective - gain_bound)
        if gain_bound <= tol:
            return objective, bound
        gain = priced.value - threshold
        if gain <= tol / 10.0:
            if loose:
                loose = False  # the rough proof was not enough: ask again, exactly
                continue
            return objective, bound  # the oracle found no improving panel; keep the proven bound
        last_gain = gain
        master.add_panel(priced.counts)
        master.add_panel(oracle.swaps.climb(priced.counts, weights))


def _best_in_use(master: Master, oracle: PanelOracle, weights: FloatArray) -> IntArray:
    """The best panel of the master, improved by swaps: a starting incumbent for the oracle."""
    comps = np.vstack(master.panels)
    best = comps[int(np.argmax(comps @ weights))]
    return oracle.swaps.climb(best, weights)


# Rounds priced by swaps alone before the integer program is asked again (for its bound).
SWAP_ROUNDS = 3
NASH_ITERATIONS = 200
# Keep at most this many panel columns per master row (unused ones go; pivots stay cheap).
PRUNE_FACTOR = 1.5


def _nash(
    table: TypeTable,
    oracle: PanelOracle,
    panels: list[IntArray],
    covered: np.ndarray,
    tol: float,
    budget: Budget,
) -> tuple[IntArray, FloatArray, list[Stage]]:
    """Maximise sum_i log p_i over people who can be selected (Frank–Wolfe with a fully corrective
    EM step). The Frank–Wolfe gap is a proven bound on the distance to the optimum."""
    cnt = table.counts.astype(np.float64)
    mass = float(cnt[covered].sum())
    comps = [p.astype(np.float64) for p in panels]
    lam = np.full(len(comps), 1.0 / len(comps))
    value, bound = -math.inf, math.inf
    for iteration in range(NASH_ITERATIONS):
        m = np.vstack(comps)  # (P, T) counts
        for _ in range(50):
            expected = lam @ m
            ratio = np.where(covered, 1.0 / np.maximum(expected, 1e-300), 0.0)
            lam = lam * (m @ ratio) / mass  # EM step: stays on the simplex, never decreases the objective
        expected = lam @ m
        value = float(np.sum(cnt[covered] * np.log(expected[covered] / cnt[covered])))
        gradient_w = np.where(covered, 1.0 / np.maximum(expected, 1e-300), 0.0)
        out_of_time = budget.spend() or iteration == NASH_ITERATIONS - 1
        priced = oracle.best(gradient_w)
        assert priced.counts is not None
        gap = max(priced.bound - mass, 0.0)
        bound = value + gap
        if gap <= tol * mass or out_of_time:
            break
        comps.append(priced.counts.astype(np.float64))
        lam = np.concatenate([lam * (1.0 - 1.0 / len(comps)), [1.0 / len(comps)]])
    return np.vstack(comps).astype(np.int64), lam, [Stage(value, bound, int(mass))]


def _goldilocks(
    instance: Instance,
    table: TypeTable,
    oracle: PanelOracle,
    panels: list[IntArray],
    covered: np.ndarray,
    tol: float,
    gamma: float,
    budget: Budget,
) -> tuple[IntArray, FloatArray, list[Stage]]:
    """Minimise  max_i p_i / (k/n)  +  gamma * (k/n) / min_i p_i  over people who can be selected.

    For a fixed floor l on every probability, the smallest possible ceiling U(l) is an LP (solved by
    column generation); U is convex and non-decreasing in l and gamma/l is convex, so the objective
    is convex in l and a golden-section search over l finds the optimum."""
    share = instance.panel_size / instance.n
    types = np.flatnonzero(covered)
    n = len(types)
    row_types = np.concatenate([types, types])
    aux = np.concatenate([np.zeros((n, 1)), -np.ones((n, 1))])
    master = Master(
        counts=table.counts,
        row_types=row_types,
        row_lower=np.concatenate([np.zeros(n), np.full(n, -np.inf)]),
        row_upper=np.concatenate([np.full(n, np.inf), np.zeros(n)]),
        aux_cost=np.array([1.0]),
        aux_lower=np.array([0.0]),
        aux_upper=np.array([1.0]),
        aux_matrix=aux,
        maximise=False,
    )
    maximin, first_panels = _leximin_value(table, oracle, panels, covered, tol, budget)
    for p in first_panels:
        master.add_panel(p)
    evaluations: dict[float, tuple[float, float, float, FloatArray]] = {}

    def evaluate(floor: float) -> float:
        for r in range(n):
            master.h.changeRowBounds(r, floor, np.inf)
        ceiling, ceiling_bound = _column_generation(master, oracle, tol, budget)
        score = ceiling / share + gamma * share / floor
        evaluations[floor] = (score, ceiling, ceiling_bound, master.weights_of_panels().copy())
        return score

    lo, hi = maximin * 1e-3, maximin - tol
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = lo + (1 - ratio) * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = evaluate(a), evaluate(b)
    evaluate(hi)
    while hi - lo > max(tol, 1e-4 * maximin) and not budget.exhausted:
        if fa <= fb:
            hi, b, fb = b, a, fa
            a = lo + (1 - ratio) * (hi - lo)
            fa = evaluate(a)
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = evaluate(b)
    best = min(evaluations, key=lambda f: evaluations[f][0])
    score, _ceiling, ceiling_bound, lam = evaluations[best]
    comps = np.vstack(master.panels)
    lam = np.concatenate([lam, np.zeros(len(comps) - len(lam))])
    bound_score = ceiling_bound / share + gamma * share / best
    return comps, lam, [Stage(score, bound_score, int(table.counts[types].sum()), minimise=True)]


def _leximin_value(
    table: TypeTable,
    oracle: PanelOracle,
    panels: list[IntArray],
    covered: np.ndarray,
    tol: float,
    budget: Budget,
) -> tuple[float, list[IntArray]]:
    master, stages = _leximin(table, oracle, list(panels), covered, tol, budget, only_first=True)
    return stages[0].value, master.panels


def _by_decomposition(
    table: TypeTable, tol: float, budget: Budget, stats: dict[str, float]
) -> tuple[tuple[IntArray, FloatArray, list[Stage]] | None, list[IntArray]]:
    """LEXIMIN the fast way: the relaxation's leximin target (an upper bound on every level),
    written as a lottery by herding and an exact fit on the target's face (decompose.py). When the
    fit reaches the target within ``tol`` the lottery is leximin-optimal, and every stage's bound is
    proved by the relaxation's LPs. Returns None (and the panels found) when it does not."""
    started = time.perf_counter()
    relaxed = fractional_leximin(table)
    stats["relaxation_seconds"] = time.perf_counter() - started
    if relaxed is None:
        return None, []
    target, levels = relaxed
    face = face_of(table, target)
    found = decompose(table, target, face, tol / 10.0, budget.spend)
    stats.update(
        herding_steps=float(found.steps),
        fits=float(found.fits),
        fit_seconds=found.fit_seconds,
        dive_seconds=found.dive_seconds,
        decomposition_mip_calls=float(found.mip_calls),
        decomposition_mip_seconds=found.mip_seconds,
        face_dimension=float(face.dimension),
        decomposition_shortfall=found.shortfall,
    )
    if found.shortfall > tol / 10.0:
        return None, found.panels
    comps = np.vstack(found.panels)
    probs = (found.weights @ comps.astype(np.float64)) / table.counts
    stages = [
        Stage(float(probs[list(level.types)].min()), level.value, int(table.counts[list(level.types)].sum()))
        for level in levels
        if level.types and level.value > 0
    ]
    return (comps, found.weights, stages), found.panels


def _leximin_via_relaxation(
    table: TypeTable,
    oracle: PanelOracle,
    panels: list[IntArray],
    covered: np.ndarray,
    tol: float,
    budget: Budget,
) -> tuple[IntArray, FloatArray, list[Stage]]:
    """Find a lottery reaching the fractional leximin profile (an upper bound, see relaxation.py):
    minimise the largest shortfall s below the target by column generation. When s <= tol the
    lottery is leximin-optimal within tol; otherwise fall back to exact leximin, warm-started."""
    relaxed = fractional_leximin(table, covered)
    assert relaxed is not None  # the covering panels meet the quotas
    target, levels = relaxed
    types = np.flatnonzero(covered)
    n_rows = len(types)
    master = Master(
        counts=table.counts,
        row_types=types,
        row_lower=target[types] - tol / 10.0,
        row_upper=np.full(n_rows, np.inf),
        aux_cost=np.array([1.0]),
        aux_lower=np.array([-1.0]),
        aux_upper=np.array([1.0]),
        aux_matrix=np.ones((n_rows, 1)),
        maximise=False,
    )
    for p in panels:
        master.add_panel(p)
    for p in _herd(table, oracle, target * table.counts, panels[-1], steps=herd_steps(table)):
        master.add_panel(p)
    shortfall, _ = _column_generation(master, oracle, tol / 10.0, budget, good_enough=tol / 2.0)
    if shortfall > tol / 2.0 and not budget.exhausted:
        exact, stages = _leximin(table, oracle, master.panels, covered, tol, budget, only_first=False)
        return np.vstack(exact.panels), exact.weights_of_panels(), stages
    probs = master.type_probabilities()
    stages = [
        Stage(float(probs[list(level.types)].min()), level.value, int(table.counts[list(level.types)].sum()))
        for level in levels
        if level.types and level.value > 0
    ]
    return np.vstack(master.panels), master.weights_of_panels(), stages


def herd_steps(table: TypeTable) -> int:
    return int(min(2 * table.n_types, 4000))


def _herd(
    table: TypeTable, oracle: PanelOracle, expected: FloatArray, start: IntArray, steps: int
) -> list[IntArray]:
    """Warm-up columns by herding: each panel favours the types furthest behind their expected count
    so far, so the running average of the panels tracks the target and the master LP starts with
    columns whose convex hull (nearly) contains it."""
    total = np.zeros(table.n_types)
    panel = start
    out: list[IntArray] = []
    scale = np.maximum(table.counts, 1).astype(np.float64)
    for m in range(1, steps + 1):
        deficit = (expected * m - total) / scale
        panel = oracle.swaps.climb(panel, deficit, max_swaps=10)
        total += panel
        out.append(panel)
    return out
