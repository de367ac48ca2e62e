"""Open Space scheduling (issue 7): speed and quality of cocreate.engines.agenda.

Cases: 80 people / 15 sessions / 4 rooms x 4 slots (fast mode against the certified optimum of the
exact mode), 300 people / 40 sessions / 8 rooms x 5 slots (fast mode), and, when the
``conference-scheduler`` package is installed, its schedule of the small instance measured by our
satisfaction metric beside ours.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import numpy as np

from benchmarks._table import Row
from cocreate.engines.agenda import AgendaProblem, Room, Session, agenda_metrics, schedule_sessions

NAME = "agenda"


def open_space(people: int, sessions: int, rooms: int, slots: int, seed: int) -> AgendaProblem:
    """Zipf-popular sessions, each person wanting 2-5; rooms from 45 % down to 15 % of the crowd;
    one person in ten away for one slot."""
    rng = np.random.default_rng(seed)
    popularity = rng.zipf(1.6, sessions).astype(float)
    popularity /= popularity.sum()
    proposed = tuple(Session(f"s{j}", (f"p{int(rng.integers(people))}",)) for j in range(sessions))
    caps = np.linspace(people * 0.45, people * 0.15, rooms).astype(int)
    room_list = tuple(Room(f"r{i}", int(caps[i])) for i in range(rooms))
    slot_ids = tuple(f"t{i}" for i in range(slots))
    interests = {
        f"p{p}": frozenset(
            f"s{j}"
            for j in rng.choice(sessions, int(rng.integers(2, 6)), replace=False, p=popularity).tolist()
        )
        for p in range(people)
    }
    away = {
        f"p{int(rng.integers(people))}": frozenset({slot_ids[int(rng.integers(slots))]})
        for _ in range(people // 10)
    }
    return AgendaProblem(proposed, room_list, slot_ids, interests, person_unavailable=away)


def conference_scheduler_placements(problem: AgendaProblem) -> dict[str, tuple[str, str]] | None:
    """The same instance through conference-scheduler (PuLP + CBC), if it is installed: demand 0 so
    that any room fits, sessions sharing a convener kept apart, conveners' absences respected."""
    try:
        import pulp  # type: ignore[import-not-found, import-untyped, unused-ignore]
        from conference_scheduler import scheduler  # type: ignore[import-not-found, import-untyped, unused-ignore]
        from conference_scheduler.resources import Event, Slot  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    start = datetime(2026, 1, 1, 9, 0)
    slots = [
        Slot(venue=r.id, starts_at=start + timedelta(hours=k), duration=60, capacity=r.capacity, session=t)
        for r in problem.rooms
        for k, t in enumerate(problem.slots)
    ]
    events = [Event(s.id, duration=60, demand=0) for s in problem.sessions]
    for i, a in enumerate(problem.sessions):
        for j, b in enumerate(problem.sessions):
            if i != j and set(a.conveners) & set(b.conveners):
                events[i].add_unavailability(events[j])
        for slot in slots:
            if any(slot.session in problem.person_unavailable.get(c, frozenset()) for c in a.conveners):
                events[i].add_unavailability(slot)
    items = scheduler.schedule(events, slots, solver=pulp.PULP_CBC_CMD(msg=False))
    return {item.event.name: (item.slot.venue, item.slot.session) for item in items}


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    small = open_space(30, 8, 3, 3, 1) if quick else open_space(80, 15, 4, 4, 0)
    case = "30p/8 sessions/3x3" if quick else "80p/15 sessions/4x4"
    t0 = time.perf_counter()
    exact = schedule_sessions(small, mode="exact", time_limit=20.0 if quick else 300.0)
    t_exact = time.perf_counter() - t0
    t0 = time.perf_counter()
    fast = schedule_sessions(small, mode="fast", time_limit=0.45)
    t_fast = time.perf_counter() - t0
    gap = (exact.metrics.objective - fast.metrics.objective) / abs(exact.metrics.objective)
    rows += [
        Row(NAME, case + " exact", "time", t_exact, "s"),
        Row(NAME, case + " exact", "certified optimal", float(exact.optimal), "", "1", exact.optimal),
        Row(NAME, case + " exact", "satisfaction mean", exact.metrics.satisfaction_mean),
        Row(NAME, case + " fast", "time", t_fast, "s", "<= 0.5 s", t_fast <= 0.5),
        Row(NAME, case + " fast", "gap to exact objective", 100 * gap, "%", "<= 1 %", gap <= 0.01),
        Row(NAME, case + " fast", "satisfaction mean", fast.metrics.satisfaction_mean),
        Row(NAME, case + " fast", "satisfaction min", fast.metrics.satisfaction_min),
    ]
    t0 = time.perf_counter()
    other = conference_scheduler_placements(small)
    t_other = time.perf_counter() - t0
    if other is not None:
        m = agenda_metrics(small, other)
        rows += [
            Row(NAME, case + " conference-scheduler", "time", t_other, "s"),
            Row(NAME, case + " conference-scheduler", "satisfaction mean", m.satisfaction_mean),
            Row(NAME, case + " conference-scheduler", "satisfaction min", m.satisfaction_min),
        ]
    if not quick:
        big = open_space(300, 40, 8, 5, 0)
        t0 = time.perf_counter()
        plan = schedule_sessions(big, mode="fast", time_limit=1.8)
        dt = time.perf_counter() - t0
        case = "300p/40 sessions/8x5 fast"
        rows += [
            Row(NAME, case, "time", dt, "s", "<= 2 s", dt <= 2.0),
            Row(NAME, case, "satisfaction mean", plan.metrics.satisfaction_mean),
            Row(NAME, case, "satisfaction min", plan.metrics.satisfaction_min),
            Row(NAME, case, "sessions over capacity", plan.metrics.over_capacity_sessions),
        ]
    return rows
