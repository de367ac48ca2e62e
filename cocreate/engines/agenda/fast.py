"""Fast mode: greedy placement by demand, then local search with random kicks.

The local search moves one session (to a free place, or swapping with the one there) and, where that
cannot help, exchanges a Kempe chain between two slots: a session with every session its move would
clash with, closed under shared conveners and shared rooms. Without the chain, sessions whose conveners
tie them together (s0 and s1 share a convener, s1 and s2 another) can only move all at once, and a
schedule with the wrong one of them in a slot nobody can attend is a local optimum. Last, it exchanges
whole slots (two, or three in a ring): slots differ in who is away, and good slots in the wrong order
are a local optimum for every move of some sessions.
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from cocreate.engines.agenda.compiled import Compiled, IntArray, Tallies, score, search_score


class _State:
    """A schedule being searched, with the tallies its objective reads kept up to date by each
    placement: a move costs two column updates, not a recount of the whole schedule."""

    def __init__(self, c: Compiled) -> None:
        """An empty schedule: every session unscheduled."""
        n_s, n_r, n_t = c.feasible.shape
        self.c = c
        self.room_of = np.full(n_s, -1, dtype=np.int64)
        self.slot_of = np.full(n_s, -1, dtype=np.int64)
        self.occupant = np.full((n_r, n_t), -1, dtype=np.int64)
        # slot-major copies, so that a session's people are one contiguous row of a slot
        self.want_rows = np.ascontiguousarray(c.want.T)  # (S, P)
        self.convene_rows = np.ascontiguousarray(c.convenes.T)  # (S, P)
        self.here = np.zeros((n_t, len(c.people)))  # (T, P) wanted sessions placed in each slot
        self.busy_rows = np.zeros((n_t, len(c.people)))  # (T, P) sessions convened in each slot
        self.busy = self.busy_rows.T  # (P, T), the same numbers
        # nothing placed yet: every session unscheduled, each one placed before counted as moved
        self.tallies = Tallies(self.here.T, self.busy, 0.0, int((c.previous[:, 0] >= 0).sum()), n_s)
        self.conveners = [np.flatnonzero(c.convenes[:, s]) for s in range(n_s)]
        shared = (c.convenes.T @ c.convenes) > 0  # (S, S) sessions with a convener in common
        np.fill_diagonal(shared, False)
        self.tied = [np.flatnonzero(shared[s]) for s in range(n_s)]

    def search_value(self) -> float:
        return search_score(self.c, self.tallies)

    def value(self) -> float:
        return score(self.c, self.tallies)[0]

    def place(self, s: int, r: int, t: int) -> None:
        self._count(s, -1)
        self.room_of[s], self.slot_of[s] = r, t
        self._count(s, +1)

    def _count(self, s: int, sign: int) -> None:
        """Add (or take away) session s where it stands now to the tallies and the occupancy."""
        r, t = int(self.room_of[s]), int(self.slot_of[s])
        tallies, (prev_room, prev_slot) = self.tallies, self.c.previous[s]
        if prev_room >= 0 and (r, t) != (prev_room, prev_slot):
            tallies.moves += sign
        if t < 0:
            tallies.unscheduled += sign
            return
        self.occupant[r, t] = s if sign > 0 else -1
        self.here[t] += sign * self.want_rows[s]
        self.busy_rows[t] += sign * self.convene_rows[s]
        tallies.overflow += sign * float(self.c.overflow[s, r])

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

    def try_chain(self, s: int, t: int) -> list[tuple[int, int, int]] | None:
        """Exchange between s's slot and t the Kempe chain of s, if every one of them finds a room
        there (its own where it may); returns an undo record (session, room, slot before).

        Free of clashes by construction: a session moving into t takes along everything at t it
        shares a convener or its room with, so no convener of it stays behind there.
        """
        t0 = int(self.slot_of[s])
        if t0 < 0 or t == t0:
            return None
        chain, stack = {s}, [s]
        while stack:
            x = stack.pop()
            there = t if self.slot_of[x] == t0 else t0
            partners = [int(y) for y in self.tied[x] if self.slot_of[y] == there]
            partners.append(int(self.occupant[self.room_of[x], there]))
            for y in partners:
                if y >= 0 and y not in chain:
                    chain.add(y)
                    stack.append(y)
        return self._shift(list(chain), {t0: t, t: t0})

    def try_relabel(self, cycle: tuple[int, ...]) -> list[tuple[int, int, int]] | None:
        """Move everything at slot cycle[0] to cycle[1], at cycle[1] to cycle[2], ... and at the last
        to cycle[0], each session in its own room where it may; returns an undo record.

        Slots differ in who is away: a schedule whose every slot is good but whose slots stand in the
        wrong order (the one someone misses holds their only wanted session) is left only by moving
        whole slots, which no move of some sessions does. Free of clashes: what shared a slot still
        does.
        """
        after = {t: cycle[(i + 1) % len(cycle)] for i, t in enumerate(cycle)}
        return self._shift(np.flatnonzero(np.isin(self.slot_of, cycle)).tolist(), after)

    def _shift(self, sessions: list[int], after: dict[int, int]) -> list[tuple[int, int, int]] | None:
        """Move each of these sessions from its slot t to slot after[t], in its own room unless that
        room is closed then or taken by another of them, else in the free room that leaves the least
        demand standing outside; returns an undo record (session, room, slot before), or None and
        changes nothing if one of them finds no room."""
        record = [(x, int(self.room_of[x]), int(self.slot_of[x])) for x in sessions]
        for x, _, _ in record:
            self.place(x, -1, -1)
        for x, r, t in record:
            t = after[t]
            if not self.c.feasible[x, r, t] or self.occupant[r, t] >= 0:
                rooms = np.flatnonzero(self.c.feasible[x, :, t] & (self.occupant[:, t] < 0))
                if not len(rooms):
                    self.restore(record)
                    return None
                r = int(rooms[np.argmin(self.c.overflow[x, rooms])])
            self.place(x, r, t)
        return record

    def restore(self, record: list[tuple[int, int, int]]) -> None:
        """Put these sessions back where the record has them (session, room, slot)."""
        for x, _, _ in record:
            self.place(x, -1, -1)
        for x, r, t in record:
            self.place(x, r, t)

    def fill(self) -> list[int]:
        """Place each unscheduled session in the first free place it may take; returns those placed.

        Part of every move: a session swapped out to make room for another may free its convener
        for a session nobody could place before, and the move is judged with that one placed.
        """
        placed = []
        for s in np.flatnonzero(self.slot_of < 0).tolist():
            for r, t in np.argwhere(self.c.feasible[s] & (self.occupant < 0)).tolist():
                if self.clash_free(s, t):
                    self.place(s, r, t)
                    placed.append(s)
                    break
        return placed

    def empty(self, placed: list[int]) -> None:
        for s in placed:
            self.place(s, -1, -1)

    def undo(self, s: int, record: tuple[int, int, int]) -> None:
        r0, t0, other = record
        if other >= 0:
            r, t = int(self.room_of[s]), int(self.slot_of[s])
            self.place(other, -1, -1)
            self.place(s, r0, t0)
            self.place(other, r, t)
        else:
            self.place(s, r0, t0)


# restarts from the best schedule found, each after a ruin and recreate, without finding a better one
KICKS = 40


def solve_fast(c: Compiled, time_limit: float, seed: int) -> tuple[IntArray, IntArray]:
    rng = np.random.default_rng(seed)
    deadline = time.perf_counter() + time_limit
    n_s = c.feasible.shape[0]
    state = _State(c)
    room_of, slot_of = state.room_of, state.slot_of
    # previous placements first (re-planning keeps them unless something better turns up)
    for s in range(n_s):
        r, t = c.previous[s]
        if r >= 0 and c.feasible[s, r, t] and state.occupant[r, t] < 0 and state.clash_free(s, t):
            state.place(s, int(r), int(t))
    # the most constrained sessions first (fewest possible places), then the most wanted
    options = c.feasible.reshape(n_s, -1).sum(axis=1)
    _recreate(state, np.lexsort((-c.demand, options)).tolist())
    best_value, best_room, best_slot = state.value(), room_of.copy(), slot_of.copy()
    stale = 0
    while True:
        _descend(state, rng, deadline)
        for s in np.flatnonzero(slot_of < 0).tolist():
            _insert_with_ejection(state, s)
        value = state.value()
        stale += 1
        if value > best_value + 1e-9:
            best_value, best_room, best_slot = value, room_of.copy(), slot_of.copy()
            stale = 0
        if stale > KICKS or time.perf_counter() >= deadline or n_s < 2:
            break
        # every tenth restart in a row that found nothing better starts from nothing at all: a deep
        # local optimum is left only by rebuilding more than a few sessions
        _ruin(state, rng, best_room, best_slot, everything=stale % 10 == 0)
        _recreate(state, rng.permutation(n_s).tolist())
    return best_room, best_slot


def _recreate(state: _State, order: list[int]) -> None:
    """Put each unscheduled session, in this order, where the objective gains most (or, with no free
    place, by moving one placed session out of its way)."""
    c, slot_of = state.c, state.slot_of
    for s in order:
        if slot_of[s] >= 0:
            continue
        best: tuple[float, int, int] | None = None
        for r, t in np.argwhere(c.feasible[s] & (state.occupant < 0)).tolist():
            if not state.clash_free(s, t):
                continue
            state.place(s, r, t)
            value = state.value()
            state.place(s, -1, -1)
            if best is None or value > best[0]:
                best = (value, r, t)
        if best is not None:
            state.place(s, best[1], best[2])
        else:
            _insert_with_ejection(state, s)


def _ruin(
    state: _State, rng: np.random.Generator, room_of: IntArray, slot_of: IntArray, everything: bool
) -> None:
    """Go back to this schedule and take some of its sessions out again (between two and half of
    them, at random), or all of them."""
    n_s = len(room_of)
    state.restore([(s, int(room_of[s]), int(slot_of[s])) for s in range(n_s)])
    size = n_s if everything else int(rng.integers(2, max(3, n_s // 2 + 1)))
    for s in rng.choice(n_s, size, replace=False).tolist():
        state.place(s, -1, -1)


def _descend(state: _State, rng: np.random.Generator, deadline: float) -> None:
    """Take improving moves until none is left: moving one session, then a Kempe chain, then whole
    slots."""
    c = state.c
    n_s, n_r, n_t = c.feasible.shape
    current = state.search_value()

    def keep(filled: list[int]) -> bool:
        nonlocal current
        value = state.search_value()
        if value > current + 1e-9:
            current = value
            return True
        state.empty(filled)
        return False

    def kept(record: list[tuple[int, int, int]] | None) -> bool:
        """Whether a move of several sessions (None: it could not be made) is kept, else undone."""
        if record is None:
            return False
        if keep(state.fill()):
            return True
        state.restore(record)
        return False

    # whole slots exchanged two at a time, or three in a ring (either way round)
    cycles: list[tuple[int, ...]] = [*itertools.combinations(range(n_t), 2)]
    cycles += [
        ring for a, b, c_ in itertools.combinations(range(n_t), 3) for ring in ((a, b, c_), (a, c_, b))
    ]
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for s in rng.permutation(n_s).tolist():
            if time.perf_counter() >= deadline:
                return
            for k in rng.permutation(n_r * n_t).tolist():
                record = state.try_move(s, *divmod(k, n_t))
                if record is not None:
                    if keep(state.fill()):
                        improved = True
                    else:
                        state.undo(s, record)
        if improved:
            continue
        for s in rng.permutation(n_s).tolist():
            if time.perf_counter() >= deadline:
                return
            for t in rng.permutation(n_t).tolist():
                improved |= kept(state.try_chain(s, t))
        if improved:
            continue
        for i in rng.permutation(len(cycles)).tolist():
            if time.perf_counter() >= deadline:
                return
            improved |= kept(state.try_relabel(cycles[i]))


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
