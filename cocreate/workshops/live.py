"""What a participant's phone shows in live mode, and the wall's Open Space board — built once per
change for every open page (``core.live``), then rendered per person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.template.loader import render_to_string
from django.utils import timezone

from cocreate.core import live
from cocreate.workshops import selectors
from cocreate.workshops.models import CafeRound, Interest, Workshop


def round_topic(workshop: Workshop | UUID) -> str:
    return live.topic("workshop", getattr(workshop, "pk", workshop))


def board_topic(workshop: Workshop | UUID) -> str:
    return live.topic("workshop-board", getattr(workshop, "pk", workshop))


@dataclass(frozen=True)
class LiveState:
    workshop: Workshop
    round: CafeRound | None = None
    tables: dict[UUID, int] = field(default_factory=dict)  # attendee → table in this round
    sessions: dict[UUID, list[Interest]] = field(default_factory=dict)  # attendee → chosen sessions


def live_state(workshop_id: UUID) -> LiveState:
    workshop = Workshop.objects.get(pk=workshop_id)
    if not workshop.is_live:
        return LiveState(workshop)
    sessions: dict[UUID, list[Interest]] = defaultdict(list)
    for interest in Interest.objects.filter(session__workshop=workshop).select_related(
        "session__room", "session__slot"
    ):
        sessions[interest.attendee_id].append(interest)
    return LiveState(
        workshop,
        round=workshop.rounds.filter(number=workshop.current_round).first(),
        tables=dict(
            workshop.seats.filter(round_number=workshop.current_round).values_list("attendee_id", "table")
        ),
        sessions=dict(sessions),
    )


def live_context(state: LiveState, attendee_id: UUID | None) -> dict[str, Any]:
    workshop = state.workshop
    context: dict[str, Any] = {"workshop": workshop, "round": state.round}
    if workshop.is_live:
        if state.round and workshop.round_started_at:
            elapsed = (timezone.now() - workshop.round_started_at).total_seconds()
            context["remaining"] = max(0, int(state.round.minutes * 60 - elapsed))
        if attendee_id is not None:
            context["table"] = state.tables.get(attendee_id)
            context["my_sessions"] = state.sessions.get(attendee_id, [])
    return context


def render_live(state: LiveState, attendee_id: UUID | None) -> str:
    return render_to_string("workshops/partials/live.html", live_context(state, attendee_id))


def board_state(workshop_id: UUID) -> dict[str, Any]:
    workshop = Workshop.objects.get(pk=workshop_id)
    return {"workshop": workshop, "board": selectors.board(workshop), "rooms": list(workshop.rooms.all())}


def render_board(state: dict[str, Any]) -> str:
    return render_to_string("workshops/partials/board.html", state)
