"""schedule_sessions: the entry point of the Open Space engine."""

from __future__ import annotations

from typing import Literal

import numpy as np

from cocreate.engines.agenda.compiled import compile_problem, evaluate, metrics
from cocreate.engines.agenda.exact import solve_exact
from cocreate.engines.agenda.fast import solve_fast
from cocreate.engines.agenda.model import AgendaMetrics, AgendaPlan, AgendaProblem

Mode = Literal["auto", "exact", "fast"]

# sessions x rooms x slots up to which "auto" certifies with the integer programme
EXACT_AUTO_LIMIT = 400


def schedule_sessions(
    problem: AgendaProblem, *, mode: Mode = "auto", time_limit: float = 2.0, seed: int = 0
) -> AgendaPlan:
    """Place sessions into rooms and slots.

    Hard rules: a convener is never in two places, rooms and people are used only when available,
    a room has the features and size a session asks for. The objective (see AgendaWeights) favours
    wanted sessions being attendable, the worst-off participant, demand within room capacity, and
    few moves from ``problem.previous``.
    """
    c = compile_problem(problem)
    n_s, n_r, n_t = c.feasible.shape
    optimal = False
    bound: float | None = None
    method: str = mode
    if mode == "exact":
        room_of, slot_of, optimal, bound = solve_exact(c, time_limit)
    elif mode == "fast" or n_s * n_r * n_t > EXACT_AUTO_LIMIT:
        room_of, slot_of = solve_fast(c, time_limit, seed)
        method = "fast"
    else:
        # small enough to try to certify; keep the fast answer in case the solver runs out of time
        room_fast, slot_fast = solve_fast(c, 0.3 * time_limit, seed)
        room_of, slot_of, optimal, bound = solve_exact(c, 0.7 * time_limit)
        method = "exact"
        if not optimal and evaluate(c, room_fast, slot_fast) > evaluate(c, room_of, slot_of):
            room_of, slot_of, method = room_fast, slot_fast, "fast"
    sessions = problem.sessions
    placements = {
        sessions[s].id: (problem.rooms[int(room_of[s])].id, problem.slots[int(slot_of[s])])
        for s in range(n_s)
        if slot_of[s] >= 0
    }
    unscheduled = tuple(sessions[s].id for s in range(n_s) if slot_of[s] < 0)
    return AgendaPlan(placements, unscheduled, metrics(c, room_of, slot_of), method, optimal, bound)


def agenda_metrics(problem: AgendaProblem, placements: dict[str, tuple[str, str]]) -> AgendaMetrics:
    """Measure any schedule (for instance one edited by hand) with the engine's objective."""
    c = compile_problem(problem)
    n_s = len(problem.sessions)
    r_index = {r.id: i for i, r in enumerate(problem.rooms)}
    t_index = {t: i for i, t in enumerate(problem.slots)}
    room_of = np.full(n_s, -1, dtype=np.int64)
    slot_of = np.full(n_s, -1, dtype=np.int64)
    for s, session in enumerate(problem.sessions):
        if session.id in placements:
            room, slot = placements[session.id]
            room_of[s], slot_of[s] = r_index[room], t_index[slot]
    return metrics(c, room_of, slot_of)
