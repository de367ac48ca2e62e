"""Fast mode: greedy placement by demand, then local search (relocate / swap) with random kicks."""

from __future__ import annotations

import time

import numpy as np

from cocreate.engines.agenda.compiled import Compiled, IntArray, evaluate, search_value


class _State:
    def __init__(self, c: Compiled, room_of: IntArray, slot_of: IntArray) -> None:
        n_s, n_r, n_t = c.feasible.shape
        self.c = c
        self.room_of = room_of
        self.slot_of = slot_of
        self.occupant = np.full((n_r, n_t), -1, dtype=np.int64)
        self.busy = np.zeros((len(c.people), n_t), dtype=np.int64)  # sessions convened per slot
        self.conveners = [np.flatnonzero(c.convenes[:, s]) for s in range(n_s)]
        for s in range(n_s):
            if slot_of[s] >= 0:
                self.occupant[room_of[s], slot_of[s]] = s
                self.busy[self.conveners[s], slot_of[s]] += 1

    def place(self, s: int, r: int, t: int) -> None:
        if self.slot_of[s] >= 0:
            self.occupant[self.room_of[s], self.slot_of[s]] = -1
            self.busy[self.conveners[s], self.slot_of[s]] -= 1
        self.room_of[s], self.slot_of[s] = r, t
        if t >= 0:
            self.occupant[r, t] = s
            self.busy[self.conveners[s], t] += 1

    def clash_free(self, s: int, t: int, leaving: int = -1) -> bool:
        """Can s's conveners run it at slot t (``leaving`` is a session vacating t at the same time)?"""
        if t < 0:
            return True
        load = self.busy[self.conveners[s], t].copy()
        if self.slot_of[s] == t:
            load -= 1
        if leaving >= 0 and self.slot_of[leaving] == t:
            load -= self.c.convenes[self.conveners[s], leaving].astype(np.int64)
        return bool((load <= 0).all())

    def try_move(self, s: int, r: int, t: int) -> tuple[int, int, int] | None:
        """Apply moving s to (r, t) -- swapping with its occupant -- if legal; returns an undo record."""
        other = int(self.occupant[r, t]) if t >= 0 else -1
        if other == s:
            return None
        if t >= 0 and not self.c.feasible[s, r, t]:
            return None
        r0, t0 = int(self.room_of[s]), int(self.slot_of[s])
        if other >= 0:
            if t0 >= 0 and not self.c.feasible[other, r0, t0]:
                return None
            if not self.clash_free(s, t, leaving=other) or not self.clash_free(other, t0, leaving=s):
                return None
            self.place(other, -1, -1)
            self.place(s, r, t)
            self.place(other, r0, t0)
        else:
            if not self.clash_free(s, t):
                return None
            self.place(s, r, t)
        return (r0, t0, other)

    def undo(self, s: int, record: tuple[int, int, int]) -> None:
        r0, t0, other = record
        if other >= 0:
            r, t = int(self.room_of[s]), int(self.slot_of[s])
            self.place(other, -1, -1)
            self.place(s, r0, t0)
            self.place(other, r, t)
        else:
            self.place(s, r0, t0)


def solve_fast(c: Compiled, time_limit: float, seed: int) -> tuple[IntArray, IntArray]:
    rng = np.random.default_rng(seed)
    deadline = time.perf_counter() + time_limit
    n_s, n_r, n_t = c.feasible.shape
    room_of = np.full(n_s, -1, dtype=np.int64)
    slot_of = np.full(n_s, -1, dtype=np.int64)
    state = _State(c, room_of, slot_of)
    # previous placements first (re-planning keeps them unless something better turns up)
    for s in range(n_s):
        r, t = c.previous[s]
        if r >= 0 and c.feasible[s, r, t] and state.occupant[r, t] < 0 and state.clash_free(s, t):
            state.place(s, int(r), int(t))
    current = evaluate(c, room_of, slot_of)
    # the most constrained sessions first (fewest possible places), then the most wanted
    options = c.feasible.reshape(n_s, -1).sum(axis=1)
    for s in np.lexsort((-c.demand, options)).tolist():
        if slot_of[s] >= 0:
            continue
        best: tuple[float, int, int] | None = None
        for r, t in np.argwhere(c.feasible[s] & (state.occupant < 0)).tolist():
            if not state.clash_free(s, t):
                continue
            state.place(s, r, t)
            value = evaluate(c, room_of, slot_of)
            state.place(s, -1, -1)
            if best is None or value > best[0]:
                best = (value, r, t)
        if best is not None:
            state.place(s, best[1], best[2])
            current = best[0]
        else:
            _insert_with_ejection(state, s)
            current = evaluate(c, room_of, slot_of)
    best_value, best_room, best_slot = current, room_of.copy(), slot_of.copy()
    current = search_value(c, room_of, slot_of)
    positions = [(r, t) for r in range(n_r) for t in range(n_t)]
    kicks = 0
    while time.perf_counter() < deadline:
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            for s in rng.permutation(n_s).tolist():
                for k in rng.permutation(len(positions)).tolist():
                    r, t = positions[k]
                    record = state.try_move(s, r, t)
                    if record is None:
                        continue
                    value = search_value(c, room_of, slot_of)
                    if value > current + 1e-9:
                        current = value
                        improved = True
                    else:
                        state.undo(s, record)
        for s in np.flatnonzero(slot_of < 0).tolist():
            if _insert_with_ejection(state, s):
                current = search_value(c, room_of, slot_of)
        true_value = evaluate(c, room_of, slot_of)
        if true_value > best_value + 1e-9:
            best_value, best_room, best_slot = true_value, room_of.copy(), slot_of.copy()
        kicks += 1
        if kicks > 40 or n_s < 2:
            break
        # restart from the best with a few random legal moves
        for s in range(n_s):
            state.place(s, -1, -1)
        for s in range(n_s):
            if best_slot[s] >= 0:
                state.place(s, int(best_room[s]), int(best_slot[s]))
        for _ in range(max(2, n_s // 8)):
            s = int(rng.integers(n_s))
            r, t = positions[int(rng.integers(len(positions)))]
            state.try_move(s, r, t)
        current = search_value(c, room_of, slot_of)
    return best_room, best_slot


def _insert_with_ejection(state: _State, s: int) -> bool:
    """Place an unscheduled session by moving one placed session to a free place; True if done."""
    c = state.c
    for r, t in np.argwhere(c.feasible[s]).tolist():
        other = int(state.occupant[r, t])
        if other < 0:
            if state.clash_free(s, t):
                state.place(s, r, t)
                return True
            continue
        for r2, t2 in np.argwhere(c.feasible[other] & (state.occupant < 0)).tolist():
            if not state.clash_free(other, t2):
                continue
            state.place(other, r2, t2)
            if state.clash_free(s, t):
                state.place(s, r, t)
                return True
            state.place(other, r, t)
    return False
