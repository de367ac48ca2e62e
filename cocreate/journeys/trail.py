"""What happened to the ideas, pain points and comments a participant gave on a journey map (see
cocreate/core/input_trail.py): received, held or hidden by a moderator, merged with a similar one,
answered (with the organisation's public answer), made a commitment, done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from cocreate.commitments.selectors import by_source
from cocreate.core.input_trail import TrailItem, TrailStep, commitment_steps, renewal_public_url
from cocreate.journeys.models import Contribution

ANSWERS = {
    Contribution.Status.UNDER_REVIEW: ("under_review", lambda: _("The organisation is looking at it")),
    Contribution.Status.ACCEPTED: ("accepted", lambda: _("Accepted")),
    Contribution.Status.REJECTED: ("rejected", lambda: _("Not taken up")),
    Contribution.Status.IMPLEMENTED: ("implemented", lambda: _("Done: put into practice")),
}


def contributions_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    if not guest_ids:
        return []
    mine = list(
        Contribution.objects.filter(participant_id__in=guest_ids)
        .select_related("step__stage__journey__renewal", "merged_into")
        .order_by("-created_at")
    )
    sources = [c for c in mine] + [c.merged_into for c in mine if c.merged_into is not None]
    commitments = by_source(sources)
    type_id = ContentType.objects.get_for_model(Contribution).pk
    return [_item(c, commitments, type_id) for c in mine]


def _answer(answered: Contribution) -> list[TrailStep]:
    """The organisation's answer: its status in plain words and the public reason."""
    if answered.answered_at is None:
        return []
    code, label = ANSWERS.get(
        Contribution.Status(answered.status), ("answered", lambda: _("The organisation answered"))
    )
    return [TrailStep(code, label(), answered.answered_at, text=answered.reason)]


def _item(c: Contribution, commitments: dict[tuple[int, str], Any], type_id: int) -> TrailItem:
    renewal = c.step.stage.journey.renewal
    steps = [TrailStep("received", _("Received"), c.created_at)]
    if c.visibility == Contribution.Visibility.HELD:
        steps.append(TrailStep("held", _("Waiting for a moderator before it is shown")))
    elif c.visibility == Contribution.Visibility.HIDDEN:
        steps.append(TrailStep("hidden", _("Hidden by a moderator"), text=c.moderation_reason))
    # A contribution merged into a similar one follows that one: its answer, its commitment.
    answered = c
    if c.merged_into is not None:
        steps.append(TrailStep("merged", _("Merged with a similar contribution"), c.answered_at))
        answered = c.merged_into
    steps += _answer(answered)
    commitment = commitments.get((type_id, str(c.pk))) or commitments.get((type_id, str(answered.pk)))
    steps += commitment_steps(commitment)
    hint = ""
    if answered.answered_at is None and c.visibility != Contribution.Visibility.HIDDEN:
        hint = _("The organisation will answer; you will see the answer here.")
    return TrailItem(
        key=f"journeys.contribution:{c.pk}",
        kind=c.get_kind_display(),
        text=c.text,
        where=renewal.title,
        created_at=c.created_at,
        steps=tuple(steps),
        public_url=renewal_public_url(renewal),
        next_hint=hint,
        details=(c.step.stage.journey.title, c.step.title),
    )
