"""Every write of Co-Master."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import GuestParticipant, User
from cocreate.assessments import services as assessment_services
from cocreate.assessments.models import ModelVersion, Response
from cocreate.core import audit
from cocreate.quality import shipped
from cocreate.quality.models import QualityAction, QualityAssessment
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Cycle, Renewal


def comaster_version() -> ModelVersion:
    return assessment_services.shipped_version(shipped.MODEL)


@transaction.atomic
def open_assessment(*, actor: User, renewal: Renewal) -> QualityAssessment:
    """Co-Master for the renewal's current cycle (one per cycle)."""
    existing = renewal.quality_assessments.filter(cycle_number=renewal.cycle_number).first()
    if existing is not None:
        return existing
    version = comaster_version()
    try:
        with transaction.atomic():
            assessment = QualityAssessment.objects.create(
                renewal=renewal,
                cycle_number=renewal.cycle_number,
                organisers=assessment_services.open_collection(version=version, audience=shipped.ORGANISERS),
                participants=assessment_services.open_collection(
                    version=version, audience=shipped.PARTICIPANTS
                ),
                opened_by=actor,
            )
    except IntegrityError:  # a parallel request opened it first
        return renewal.quality_assessments.get(cycle_number=renewal.cycle_number)
    audit.record(
        actor=actor,
        action="comaster.open",
        target=renewal,
        organisation=renewal.organisation,
        params={"n": renewal.cycle_number},
        public=renewal.is_public,
    )
    return assessment


def answer_as_organiser(
    *, assessment: QualityAssessment, user: User, answers: Mapping[str, Any], submit: bool
) -> Response:
    if not user.memberships.filter(organisation=assessment.organisation).exists():
        raise ValidationError(_("Organisers are members of the organisation that runs the renewal."))
    return assessment_services.save_answers(
        collection=assessment.organisers, answers=answers, respondent=user, submit=submit
    )


def answer_as_participant(
    *, assessment: QualityAssessment, participant: GuestParticipant, answers: Mapping[str, Any], submit: bool
) -> Response:
    """Anonymous: the response hangs on the browser's participant identity, one per participant."""
    return assessment_services.save_answers(
        collection=assessment.participants, answers=answers, participant=participant, submit=submit
    )


@transaction.atomic
def close_assessment(*, actor: User, assessment: QualityAssessment) -> QualityAssessment:
    submitted = sum(
        c.responses.filter(submitted_at__isnull=False).count()
        for c in (assessment.organisers, assessment.participants)
    )
    if submitted == 0:
        raise ValidationError(_("Nobody has answered yet."))
    for collection in (assessment.organisers, assessment.participants):
        assessment_services.close_collection(actor=actor, collection=collection)
    audit.record(
        actor=actor,
        action="comaster.close",
        target=assessment.renewal,
        organisation=assessment.organisation,
        params={"n": assessment.cycle_number},
    )
    assessment.organisers.refresh_from_db()
    assessment.participants.refresh_from_db()
    return assessment


@transaction.atomic
def publish(*, actor: User, assessment: QualityAssessment, summary: str) -> QualityAssessment:
    """Put the summary (levels per phase from both views, and the team's words) on the public page."""
    if assessment.is_open:
        raise ValidationError(_("Close the questionnaires before publishing the result."))
    assessment.summary = summary.strip()
    assessment.published_at = timezone.now()
    assessment.full_clean()
    assessment.save(update_fields=["summary", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="comaster.publish",
        target=assessment.renewal,
        organisation=assessment.organisation,
        params={"n": assessment.cycle_number},
        public=True,
    )
    return assessment


@transaction.atomic
def unpublish(*, actor: User, assessment: QualityAssessment) -> QualityAssessment:
    assessment.published_at = None
    assessment.save(update_fields=["published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="comaster.unpublish",
        target=assessment.renewal,
        organisation=assessment.organisation,
        params={"n": assessment.cycle_number},
    )
    return assessment


@transaction.atomic
def add_action(
    *, actor: User, assessment: QualityAssessment, attribute: str, title: str, owner: User, deadline: date
) -> QualityAction:
    if not owner.memberships.filter(organisation=assessment.organisation).exists():
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})
    if attribute not in assessment.organisers.version.compiled.position:
        raise ValidationError({"attribute": _("Unknown attribute.")})
    action = QualityAction(
        assessment=assessment, attribute=attribute, title=title.strip(), owner=owner, deadline=deadline
    )
    action.full_clean()
    action.save()
    audit.record(
        actor=actor,
        action="comaster.action",
        target=assessment.renewal,
        organisation=assessment.organisation,
        params={"title": action.title},
        public=assessment.renewal.is_public,
    )
    return action


def _locked_renewal(assessment: QualityAssessment) -> Renewal:
    """The assessment's renewal under its row lock: the cycle it is at cannot move meanwhile."""
    return Renewal.objects.select_for_update().get(pk=assessment.renewal_id)


@transaction.atomic
def close_cycle(*, actor: User, assessment: QualityAssessment, note: str = "") -> Cycle:
    """The assessment closes its cycle: the renewals' `close_cycle` with the titles of the
    improvements planned here as the plan for the next cycle. Under the renewal's row lock; a cycle
    closed already (a double tap, a retry) is returned as it was closed the first time."""
    if assessment.is_open:
        raise ValidationError(_("Close the questionnaires before closing the cycle."))
    renewal = _locked_renewal(assessment)
    if renewal.cycle_number != assessment.cycle_number:
        done = renewal.cycles.filter(number=assessment.cycle_number, closed_at__isnull=False).first()
        if done is None:  # pragma: no cover — a cycle before the current one is always closed
            raise ValidationError(_("This cycle is not the renewal's current cycle."))
        return done
    plan = list(assessment.actions.order_by("deadline", "created_at").values_list("title", flat=True))
    return renewal_services.close_cycle(actor=actor, renewal=renewal, plan=plan, note=note)


@transaction.atomic
def start_next_cycle(*, actor: User, assessment: QualityAssessment) -> Renewal:
    """Start the cycle after the assessment's one, once that is closed. Exactly one new cycle
    however often it is asked: the renewals' service starts the cycle after the given one only
    while that one is the current (under the renewal's row lock)."""
    renewal = _locked_renewal(assessment)
    if renewal.cycle_number != assessment.cycle_number:
        return renewal  # started already
    if not renewal.current_cycle.is_closed:
        raise ValidationError(_("Close the cycle first: it hands its improvements to the next one."))
    return renewal_services.start_next_cycle(actor=actor, renewal=renewal, after=assessment.cycle_number)
