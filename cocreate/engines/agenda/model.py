"""Plain data in and out of the Open Space scheduling engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Session:
    """A proposed session. ``needs`` are room features it requires (e.g. "projector")."""

    id: str
    conveners: tuple[str, ...] = ()
    needs: frozenset[str] = frozenset()
    min_capacity: int = 0


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    features: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AgendaWeights:
    """How the objective trades its parts; the unit is one participant's full satisfaction.

    fairness: weight of the worst-off participant's satisfaction, times the number of participants.
    overflow: per person of expected demand beyond a room's capacity.
    move: per session placed elsewhere than in ``previous`` (re-planning after late proposals).
    unscheduled: per session left without a room and slot.
    """

    fairness: float = 0.25
    overflow: float = 0.05
    move: float = 1.0
    unscheduled: float = 100.0


@dataclass(frozen=True)
class AgendaProblem:
    sessions: tuple[Session, ...]
    rooms: tuple[Room, ...]
    slots: tuple[str, ...]
    interests: Mapping[str, frozenset[str]]  # participant id -> ids of sessions they want
    person_unavailable: Mapping[str, frozenset[str]] = field(default_factory=dict)  # id -> slot ids
    room_unavailable: Mapping[str, frozenset[str]] = field(default_factory=dict)  # room id -> slot ids
    previous: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # session -> (room, slot)
    weights: AgendaWeights = AgendaWeights()
    attendance_rate: float = 1.0  # share of interested people expected to come (demand per session)


@dataclass(frozen=True)
class AgendaMetrics:
    objective: float
    satisfaction_mean: float  # attendable wanted sessions / best possible, averaged over participants
    satisfaction_min: float  # the worst-off participant
    attendable: int  # wanted sessions attendable, summed (one per slot and person at most)
    best_possible: int  # sum over participants of min(wanted, free slots)
    overflow: float  # expected demand beyond room capacity, summed over sessions
    over_capacity_sessions: int  # sessions whose split-aware expected attendance exceeds the room
    unscheduled: int
    moves: int  # sessions placed elsewhere than in the previous schedule


@dataclass(frozen=True)
class AgendaPlan:
    placements: dict[str, tuple[str, str]]  # session id -> (room id, slot id)
    unscheduled: tuple[str, ...]
    metrics: AgendaMetrics
    method: str  # "exact" or "fast": which mode produced the placements
    optimal: bool  # certified optimal (exact mode that finished)
    upper_bound: float | None = None  # best bound on the objective known to the solver
