"""Open Space scheduling: put proposed sessions into rooms and time slots so that people can attend
what they want, no convener is double-booked and rooms fit. No Django here."""

from cocreate.engines.agenda.model import (
    AgendaMetrics,
    AgendaPlan,
    AgendaProblem,
    AgendaWeights,
    Room,
    Session,
)
from cocreate.engines.agenda.planner import agenda_metrics, schedule_sessions

__all__ = [
    "AgendaMetrics",
    "AgendaPlan",
    "AgendaProblem",
    "AgendaWeights",
    "Room",
    "Session",
    "agenda_metrics",
    "schedule_sessions",
]
