"""The problem as arrays, and the one objective both modes optimise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from cocreate.engines.agenda.model import AgendaMetrics, AgendaProblem

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass
class Compiled:
    problem: AgendaProblem
    people: list[str]
    want: FloatArray  # (P, S) 1.0 where a participant wants a session (not their own)
    convenes: FloatArray  # (P, S) 1.0 where a participant convenes a session
    available: BoolArray  # (P, T)
    feasible: BoolArray  # (S, R, T): room fits the session and everyone needed is free
    demand: FloatArray  # (S,) expected attendance
    overflow: FloatArray  # (S, R) demand beyond the room's capacity
    capacity: FloatArray  # (R,)
    previous: IntArray  # (S, 2) room, slot of the previous schedule or -1
    best: FloatArray  # (P,) most wanted sessions a person could attend
    counted: BoolArray  # (P,) participants with something to attend

    @property
    def shape(self) -> tuple[int, int, int]:
        s, r, t = self.feasible.shape
        return s, r, t


def compile_problem(problem: AgendaProblem) -> Compiled:
    sessions = problem.sessions
    s_index = {s.id: i for i, s in enumerate(sessions)}
    if len(s_index) != len(sessions):
        raise ValueError("session ids must be unique")
    r_index = {r.id: i for i, r in enumerate(problem.rooms)}
    if len(r_index) != len(problem.rooms):
        raise ValueError("room ids must be unique")
    t_index = {t: i for i, t in enumerate(problem.slots)}
    if len(t_index) != len(problem.slots):
        raise ValueError("slot ids must be unique")
    people = sorted(set(problem.interests) | {c for s in sessions for c in s.conveners})
    p_index = {p: i for i, p in enumerate(people)}
    n_p, n_s, n_r, n_t = len(people), len(sessions), len(problem.rooms), len(problem.slots)
    want = np.zeros((n_p, n_s))
    for person, wanted in problem.interests.items():
        for sid in wanted:
            if sid in s_index:
                want[p_index[person], s_index[sid]] = 1.0
    convenes = np.zeros((n_p, n_s))
    for j, s in enumerate(sessions):
        for c in s.conveners:
            convenes[p_index[c], j] = 1.0
    want[convenes > 0] = 0.0  # a convener is at their own session anyway
    available = np.ones((n_p, n_t), dtype=bool)
    for person, slots in problem.person_unavailable.items():
        if person in p_index:
            for t in slots:
                if t in t_index:
                    available[p_index[person], t_index[t]] = False
    room_free = np.ones((n_r, n_t), dtype=bool)
    for room, slots in problem.room_unavailable.items():
        if room in r_index:
            for t in slots:
                if t in t_index:
                    room_free[r_index[room], t_index[t]] = False
    capacity = np.array([float(r.capacity) for r in problem.rooms])
    demand = problem.attendance_rate * want.sum(axis=0)
    feasible = np.zeros((n_s, n_r, n_t), dtype=bool)
    for j, s in enumerate(sessions):
        rooms_ok = np.array([s.needs <= r.features and r.capacity >= s.min_capacity for r in problem.rooms])
        slots_ok = np.ones(n_t, dtype=bool)
        for c in s.conveners:
            slots_ok &= available[p_index[c]]
        feasible[j] = rooms_ok[:, None] & room_free & slots_ok[None, :]
    overflow = np.maximum(0.0, demand[:, None] - capacity[None, :])
    previous = np.full((n_s, 2), -1, dtype=np.int64)
    for sid, (room, slot) in problem.previous.items():
        if sid in s_index and room in r_index and slot in t_index:
            previous[s_index[sid]] = (r_index[room], t_index[slot])
    free_slots = available.sum(axis=1) - convenes.sum(axis=1)
    best = np.maximum(0.0, np.minimum(want.sum(axis=1), free_slots)).astype(float)
    counted = best > 0
    return Compiled(
        problem,
        people,
        want,
        convenes,
        available,
        feasible,
        demand,
        overflow,
        capacity,
        previous,
        best,
        counted,
    )


@dataclass
class Tallies:
    """What the objective reads off a schedule; the fast mode keeps these up to date move by move."""

    wanted_here: FloatArray  # (P, T) wanted sessions placed in each slot
    busy: FloatArray  # (P, T) sessions convened in each slot
    overflow: float
    moves: int
    unscheduled: int


def tallies(c: Compiled, room_of: IntArray, slot_of: IntArray) -> Tallies:
    n_s, _, n_t = c.feasible.shape
    placed = slot_of >= 0
    onehot = np.zeros((n_s, n_t))
    onehot[np.flatnonzero(placed), slot_of[placed]] = 1.0
    had = c.previous[:, 0] >= 0
    return Tallies(
        wanted_here=c.want @ onehot,
        busy=c.convenes @ onehot,
        overflow=float(c.overflow[np.flatnonzero(placed), room_of[placed]].sum()),
        moves=int((had & ((c.previous[:, 0] != room_of) | (c.previous[:, 1] != slot_of))).sum()),
        unscheduled=int((~placed).sum()),
    )


def evaluate(c: Compiled, room_of: IntArray, slot_of: IntArray) -> float:
    """The objective of a schedule (higher is better); see AgendaWeights."""
    return score(c, tallies(c, room_of, slot_of))[0]


def search_score(c: Compiled, t: Tallies) -> float:
    """The objective plus a small pull towards the worst-off: the minimum alone is a plateau that a
    local search cannot climb, the sum of squared shortfalls is not."""
    total, sat = score(c, t)
    shortfall = 1.0 - sat[c.counted]
    return total - 0.5 * c.problem.weights.fairness * float((shortfall * shortfall).sum())


def score(c: Compiled, t: Tallies) -> tuple[float, FloatArray]:
    """The objective and each person's satisfaction."""
    w = c.problem.weights
    attend = ((t.wanted_here > 0) & c.available & (t.busy == 0)).sum(axis=1).astype(float)
    sat = np.ones(len(c.people))
    sat[c.counted] = np.minimum(attend[c.counted], c.best[c.counted]) / c.best[c.counted]
    counted = int(c.counted.sum())
    total = float(sat[c.counted].sum())
    if counted:
        total += w.fairness * counted * float(sat[c.counted].min())
    total -= w.overflow * t.overflow + w.move * t.moves + w.unscheduled * t.unscheduled
    return total, sat


def metrics(c: Compiled, room_of: IntArray, slot_of: IntArray) -> AgendaMetrics:
    t = tallies(c, room_of, slot_of)
    objective, sat = score(c, t)
    placed = slot_of >= 0
    wanted_here, busy = t.wanted_here, t.busy
    free = c.available & (busy == 0)
    attend = ((wanted_here > 0) & free).sum(axis=1)
    # people split evenly between the wanted sessions of a slot: the expected head count per session
    share = np.where((wanted_here > 0) & free, 1.0 / np.maximum(wanted_here, 1.0), 0.0)  # (P, T)
    over = 0
    for j in np.flatnonzero(placed):
        expected = c.problem.attendance_rate * float((c.want[:, j] * share[:, slot_of[j]]).sum())
        if expected > c.capacity[room_of[j]] + 1e-9:
            over += 1
    counted = c.counted
    return AgendaMetrics(
        objective=objective,
        satisfaction_mean=float(sat[counted].mean()) if counted.any() else 1.0,
        satisfaction_min=float(sat[counted].min()) if counted.any() else 1.0,
        attendable=int(np.minimum(attend, c.best)[counted].sum()),
        best_possible=int(c.best[counted].sum()),
        overflow=t.overflow,
        over_capacity_sessions=over,
        unscheduled=t.unscheduled,
        moves=t.moves,
    )
