"""Exact mode: the schedule as a mixed-integer programme, solved by HiGHS (scipy.optimize.milp).

x[s,r,t] = 1 places session s in room r at slot t; y[p,t] <= 1 says participant p can attend a wanted
session at slot t (only if one is placed there and p is free then); z is the worst-off satisfaction.
At the optimum the y are 0/1 without being declared integer, which keeps the programme small.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from cocreate.engines.agenda.compiled import Compiled, IntArray


def solve_exact(c: Compiled, time_limit: float) -> tuple[IntArray, IntArray, bool, float | None]:
    """(room_of, slot_of, proven optimal, upper bound on the objective)."""
    n_s, _, n_t = c.feasible.shape
    w = c.problem.weights
    triples = np.argwhere(c.feasible)  # (X, 3)
    n_x = len(triples)
    counted = np.flatnonzero(c.counted)
    # y[p, t] exists where p could attend something at t
    reach = c.want[counted] @ c.feasible.any(axis=1).astype(float)  # (P', T)
    y_pt = [
        (int(p), t)
        for i, p in enumerate(counted)
        for t in range(n_t)
        if reach[i, t] > 0 and c.available[p, t]
    ]
    n_y = len(y_pt)
    z_col = n_x + n_y
    n_var = z_col + 1
    cost = np.zeros(n_var)
    for i, (s, r, t) in enumerate(triples):
        value = w.unscheduled - w.overflow * c.overflow[s, r]
        if c.previous[s, 0] == r and c.previous[s, 1] == t:
            value += w.move
        cost[i] = -value
    for i, (p, _) in enumerate(y_pt):
        cost[n_x + i] = -1.0 / c.best[p]
    cost[z_col] = -w.fairness * len(counted)
    constant = -w.unscheduled * n_s - w.move * int((c.previous[:, 0] >= 0).sum())

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    ub: list[float] = []
    lb: list[float] = []
    r_i = 0

    def add(entries: list[tuple[int, float]], upper: float, lower: float = -np.inf) -> None:
        nonlocal r_i
        for col, v in entries:
            rows.append(r_i)
            cols.append(col)
            vals.append(v)
        ub.append(upper)
        lb.append(lower)
        r_i += 1

    by_session: dict[int, list[int]] = {}
    by_room_slot: dict[tuple[int, int], list[int]] = {}
    by_session_slot: dict[tuple[int, int], list[int]] = {}
    for i, (s, r, t) in enumerate(triples):
        by_session.setdefault(int(s), []).append(i)
        by_room_slot.setdefault((int(r), int(t)), []).append(i)
        by_session_slot.setdefault((int(s), int(t)), []).append(i)
    for xs in by_session.values():
        add([(i, 1.0) for i in xs], 1.0)
    for xs in by_room_slot.values():
        if len(xs) > 1:
            add([(i, 1.0) for i in xs], 1.0)
    for p in range(len(c.people)):
        own = np.flatnonzero(c.convenes[p])
        if len(own) > 1:
            for t in range(n_t):
                entries = [(i, 1.0) for s in own for i in by_session_slot.get((int(s), t), [])]
                if len(entries) > 1:
                    add(entries, 1.0)
    y_of_person: dict[int, list[int]] = {}
    for k, (p, t) in enumerate(y_pt):
        col = n_x + k
        y_of_person.setdefault(p, []).append(col)
        wanted = np.flatnonzero(c.want[p])
        entries = [(col, 1.0)] + [(i, -1.0) for s in wanted for i in by_session_slot.get((int(s), t), [])]
        add(entries, 0.0)
        own = np.flatnonzero(c.convenes[p])
        if len(own):
            entries = [(col, 1.0)] + [(i, 1.0) for s in own for i in by_session_slot.get((int(s), t), [])]
            add(entries, 1.0)
    for p in counted.tolist():
        ys = y_of_person.get(p, [])
        if ys:
            add([(col, 1.0) for col in ys], float(c.best[p]))
        add([(z_col, 1.0)] + [(col, -1.0 / c.best[p]) for col in ys], 0.0)

    integrality = np.zeros(n_var)
    integrality[:n_x] = 1
    lower = np.zeros(n_var)
    upper = np.ones(n_var)
    matrix = coo_matrix((vals, (rows, cols)), shape=(r_i, n_var)).tocsr()
    constraints = [LinearConstraint(matrix, np.array(lb), np.array(ub))] if r_i else []
    result = milp(
        cost,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(lower, upper),
        options={"time_limit": max(0.1, time_limit), "mip_rel_gap": 1e-7, "disp": False},
    )
    room_of = np.full(n_s, -1, dtype=np.int64)
    slot_of = np.full(n_s, -1, dtype=np.int64)
    if result.x is None:
        return room_of, slot_of, False, None
    chosen = triples[np.flatnonzero(result.x[:n_x] > 0.5)]
    room_of[chosen[:, 0]] = chosen[:, 1]
    slot_of[chosen[:, 0]] = chosen[:, 2]
    bound = getattr(result, "mip_dual_bound", None)
    upper_bound = None if bound is None or not np.isfinite(bound) else float(-bound + constant)
    return room_of, slot_of, result.status == 0, upper_bound
