from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import GuestParticipant, Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.journeys.models import JourneyMap, Step
from cocreate.panels.models import Panel
from cocreate.renewals.models import Renewal
from cocreate.workshops.models import Attendee, HarvestNote, Session, Workshop


def workshops_of(user: User, organisation: Organisation) -> list[Workshop]:
    return list(Workshop.objects.filter(organisation=organisation, organisation__in=organisations_for(user)))


def get_workshop_for(user: User, workshop_id: UUID) -> Workshop:
    return get_object_or_404(
        Workshop.objects.select_related("organisation", "renewal"),
        pk=workshop_id,
        organisation__in=organisations_for(user),
    )


def workshops_of_renewal(renewal: Renewal) -> QuerySet[Workshop]:
    """A renewal's workshops (its public calendar lists them among its meetings)."""
    return Workshop.objects.filter(renewal=renewal)


def can_see_harvest_note(user: User, note: HarvestNote) -> bool:
    """A harvest note (and its photo) is seen by whoever may see its workshop."""
    return Workshop.objects.filter(pk=note.workshop_id, organisation__in=organisations_for(user)).exists()


def get_workshop_by_link(workshop_id: UUID) -> Workshop:
    return get_object_or_404(Workshop.objects.select_related("organisation", "renewal"), pk=workshop_id)


def attendee_of(workshop: Workshop, participant: GuestParticipant | None) -> Attendee | None:
    if participant is None:
        return None
    return workshop.attendees.filter(participant=participant).first()


def seating(workshop: Workshop) -> dict[int, dict[int, list[Attendee]]]:
    """{round: {table: [attendees]}}"""
    out: dict[int, dict[int, list[Attendee]]] = defaultdict(lambda: defaultdict(list))
    for seat in workshop.seats.select_related("attendee").order_by("round_number", "table", "attendee__name"):
        out[seat.round_number][seat.table].append(seat.attendee)
    return {r: dict(t) for r, t in out.items()}


def itinerary(workshop: Workshop, attendee: Attendee) -> list[dict[str, Any]]:
    questions = dict(workshop.rounds.values_list("number", "question"))
    return [
        {"round": s.round_number, "table": s.table, "question": questions.get(s.round_number, "")}
        for s in attendee.seats.order_by("round_number")
    ]


def sessions_with_interest(workshop: Workshop) -> list[Session]:
    return list(
        workshop.sessions.annotate(dots=Count("interests"))
        .select_related("room", "slot", "convener")
        .order_by("-dots", "created_at")
    )


def board(workshop: Workshop) -> list[dict[str, Any]]:
    """Open Space board: slots × rooms."""
    by_cell = {(s.slot_id, s.room_id): s for s in workshop.sessions.select_related("convener") if s.slot_id}
    return [
        {"slot": slot, "cells": [by_cell.get((slot.pk, room.pk)) for room in workshop.rooms.all()]}
        for slot in workshop.slots.all()
    ]


def harvest(workshop: Workshop) -> list[HarvestNote]:
    return list(workshop.harvest.select_related("session", "idea"))


def panels_to_invite(workshop: Workshop) -> QuerySet[Panel]:
    """Panels of the workshop's organisation whose members are known (selected or closed)."""
    return workshop.organisation.panels.filter(status__in=[Panel.Status.SELECTED, Panel.Status.CLOSED])


def idea_steps(workshop: Workshop) -> QuerySet[Step]:
    """The steps of the renewal's as-is journeys that a harvest outcome may become an idea for."""
    if workshop.renewal_id is None:
        return Step.objects.none()
    return Step.objects.filter(
        stage__journey__renewal_id=workshop.renewal_id,
        stage__journey__kind=JourneyMap.Kind.AS_IS,
        deleted_at__isnull=True,
    ).select_related("stage")
