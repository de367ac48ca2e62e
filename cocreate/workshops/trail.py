"""What happened to the Open Space sessions a participant proposed (see
cocreate/core/input_trail.py): proposed at the marketplace, put in the programme, its report filed,
and any commitment made from the session or from its notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from cocreate.commitments.selectors import by_source
from cocreate.core.input_trail import TrailItem, TrailStep, commitment_steps, renewal_public_url
from cocreate.workshops.models import HarvestNote, Session


def contributions_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    if not guest_ids:
        return []
    sessions = list(
        Session.objects.filter(convener__participant_id__in=guest_ids)
        .select_related("workshop__renewal", "room", "slot")
        .order_by("-created_at")
    )
    if not sessions:
        return []
    notes = list(HarvestNote.objects.filter(session__in=sessions).only("pk", "session_id"))
    commitments = by_source([*sessions, *notes])
    session_type = ContentType.objects.get_for_model(Session).pk
    note_type = ContentType.objects.get_for_model(HarvestNote).pk
    items = []
    for session in sessions:
        keys = [(session_type, str(session.pk))]
        keys += [(note_type, str(n.pk)) for n in notes if n.session_id == session.pk]
        made = [commitments[k] for k in keys if k in commitments]
        items.append(_item(session, made))
    return items


def _item(session: Session, made: list[Any]) -> TrailItem:
    workshop = session.workshop
    steps = [TrailStep("received", _("Proposed at the marketplace"), session.created_at)]
    if session.room is not None and session.slot is not None:
        steps.append(
            TrailStep(
                "scheduled",
                _("In the programme: %(slot)s, %(room)s")
                % {"slot": session.slot.label, "room": session.room.name},
            )
        )
    if session.report.strip():
        steps.append(TrailStep("report", _("The session's report is filed")))
    for commitment in sorted(made, key=lambda c: c.created_at):
        steps += commitment_steps(commitment)
    renewal = workshop.renewal
    return TrailItem(
        key=f"workshops.session:{session.pk}",
        kind=_("Open Space session"),
        text=session.title,
        where=renewal.title if renewal is not None else workshop.title,
        created_at=session.created_at,
        steps=tuple(steps),
        public_url=renewal_public_url(renewal),
        details=(workshop.title,),
    )
