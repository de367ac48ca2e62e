"""What happened to a participant's answers to a Co-Master questionnaire (see
cocreate/core/input_trail.py): saved, counted once sent, and the results once published. The
answers are anonymous and counted together: nothing more is told of them, and they are not quoted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _

from cocreate.assessments.models import Response
from cocreate.core.input_trail import TrailItem, TrailStep, renewal_public_url
from cocreate.quality.models import QualityAssessment


def contributions_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    if not guest_ids:
        return []
    responses = list(
        Response.objects.filter(
            participant_id__in=guest_ids, collection__quality_as_participants__isnull=False
        ).order_by("-created_at")
    )
    if not responses:
        return []
    assessments = {
        a.participants_id: a
        for a in QualityAssessment.objects.filter(
            participants_id__in={r.collection_id for r in responses}
        ).select_related("renewal")
    }
    return [_item(assessments[r.collection_id], r) for r in responses if r.collection_id in assessments]


def _item(assessment: QualityAssessment, response: Response) -> TrailItem:
    renewal = assessment.renewal
    public_url = renewal_public_url(renewal)
    steps = [TrailStep("received", _("Your answers were saved"), response.created_at)]
    hint = ""
    if response.submitted_at is not None:
        steps.append(
            TrailStep("counted", _("Sent and counted with everyone's answers"), response.submitted_at)
        )
    else:
        hint = _("Not sent yet: open the questionnaire again and send it to have your answers counted.")
    if assessment.is_published:
        steps.append(
            TrailStep(
                "published",
                _("The results were published"),
                assessment.published_at,
                link=public_url,
                link_label=_("See the results") if public_url else "",
            )
        )
    return TrailItem(
        key=f"quality.response:{response.pk}",
        kind=_("Questionnaire on the quality of co-creation"),
        text="",
        where=renewal.title,
        created_at=response.created_at,
        steps=tuple(steps),
        public_url=public_url,
        next_hint=hint,
    )
