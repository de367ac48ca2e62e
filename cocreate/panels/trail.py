"""What happened to a person's volunteering for a panel (see cocreate/core/input_trail.py):
registered, the draw announced, drawn or not, confirmed or declined.

Volunteers have no guest identity: they are found by the keyed fingerprint of an e-mail address the
person proved (with a code, or as their account's address), as the privacy app finds them. Only the
person's own state is told; never their answers, never anybody else's."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any
from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.core.input_trail import TrailItem, TrailStep, renewal_public_url
from cocreate.panels.models import Panel, Volunteer
from cocreate.panels.privacy import volunteers_of

DRAWN = (Panel.Status.SELECTED, Panel.Status.CLOSED)


def contributions_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    if not emails:
        return []
    who = SimpleNamespace(emails=list(emails), user=None, participants=[])
    volunteers = volunteers_of(who).select_related("panel__renewal").order_by("-created_at")
    return [_item(v) for v in volunteers]


def _item(v: Volunteer) -> TrailItem:
    panel = v.panel
    registered = v.source == Volunteer.Source.REGISTRATION
    steps = [
        TrailStep(
            "received",
            _("You registered as a volunteer") if registered else _("The organisers added you to the pool"),
            v.created_at,
        )
    ]
    if panel.draw_announced_at is not None:
        steps.append(TrailStep("announced", _("The draw was announced"), panel.draw_announced_at))
    drawn = panel.status in DRAWN
    status = Volunteer.Status(v.status)
    if status == Volunteer.Status.POOL:
        if drawn:
            steps.append(TrailStep("not_selected", _("Not drawn this time")))
    elif status == Volunteer.Status.REPLACEMENT:
        steps.append(TrailStep("selected", _("Drawn as a replacement")))
    else:
        steps.append(TrailStep("selected", _("Drawn for the panel")))
        if status == Volunteer.Status.CONFIRMED:
            steps.append(TrailStep("confirmed", _("You said you will take part")))
        elif status == Volunteer.Status.DECLINED:
            steps.append(TrailStep("declined", _("You said you cannot take part")))
    if drawn and panel.is_public and steps[-1].code != "announced":
        last = steps.pop()
        steps.append(
            TrailStep(
                last.code,
                last.label,
                last.at,
                last.text,
                link=reverse("panels_public:report", args=[panel.pk]),
                link_label=_("How the panel was drawn"),
            )
        )
    hint = ""
    if not drawn and status == Volunteer.Status.POOL:
        hint = _("The panel is drawn by lottery from everyone in the pool; you will see the result here.")
    renewal = panel.renewal
    return TrailItem(
        key=f"panels.volunteer:{v.pk}",
        kind=_("Panel volunteering"),
        text="",
        where=renewal.title if renewal is not None else panel.title,
        created_at=v.created_at,
        steps=tuple(steps),
        public_url=renewal_public_url(renewal),
        next_hint=hint,
        details=(panel.title,),
    )
