from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cocreate.accounts.access import user_of
from cocreate.accounts.participants import get_or_create_participant
from cocreate.assessments.forms import QuestionnaireForm
from cocreate.commitments import services as commitment_services
from cocreate.core import links
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.quality import evidence, selectors, services, shipped
from cocreate.quality.forms import CloseCycleForm, PublishForm, QualityActionForm
from cocreate.quality.models import QualityAction, QualityAssessment
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_renewal_for


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return get_renewal_for(user_of(request), renewal_id)


def _assessment(request: HttpRequest, assessment_id: UUID) -> QualityAssessment:
    return selectors.get_assessment_for(user_of(request), assessment_id)


def _renewal_trail(renewal: Renewal) -> Trail:
    return trail(renewal.title, "renewals:renewal", renewal.pk)


def _assessment_trail(assessment: QualityAssessment) -> Trail:
    return _renewal_trail(assessment.renewal).then("Co-Master", "quality:assessment", assessment.pk)


def participant_link(request: HttpRequest, assessment: QualityAssessment) -> str:
    return links.absolute_url(request, reverse("quality_public:participate", args=[assessment.pk]))


@require_POST
@rule("quality.manage", _renewal)
def open_assessment(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    assessment = services.open_assessment(actor=user_of(request), renewal=renewal)
    messages.success(request, _("Co-Master is open for cycle %(n)s.") % {"n": assessment.cycle_number})
    return redirect("quality:assessment", assessment.pk)


@rule("quality.view_results", _assessment)
def assessment_detail(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    user = user_of(request)
    link = participant_link(request, assessment)
    return render(
        request,
        "quality/assessment.html",
        {
            "assessment": assessment,
            "renewal": assessment.renewal,
            "link": link,
            "organisers_count": assessment.organisers.responses.filter(submitted_at__isnull=False).count(),
            "participants_count": assessment.participants.responses.filter(
                submitted_at__isnull=False
            ).count(),
            "own": assessment.organisers.responses.filter(respondent=user).first(),
            "can_manage": user.has_perm("quality.manage", assessment),
            "can_answer": user.has_perm("quality.answer_as_organiser", assessment),
            "evidence": evidence.of_assessment(assessment),
            "breadcrumbs": _renewal_trail(assessment.renewal).here("Co-Master"),
        },
    )


@rule("quality.view_results", _assessment)
def poster(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    link = participant_link(request, assessment)
    return render(
        request,
        "quality/poster.html",
        {"assessment": assessment, "link": link},
    )


def _questionnaire(
    request: HttpRequest, *, version: Any, audience: str, initial: dict[str, str]
) -> QuestionnaireForm:
    submitting = request.method == "POST" and "submit" in request.POST
    return QuestionnaireForm(
        request.POST or None, version=version, audience=audience, submitting=submitting, initial=initial
    )


@rule("quality.answer_as_organiser", _assessment)
def answer_as_organiser(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    user = user_of(request)
    own = assessment.organisers.responses.filter(respondent=user).first()
    form = _questionnaire(
        request,
        version=assessment.organisers.version,
        audience=shipped.ORGANISERS,
        initial=own.answers if own else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_as_organiser(
                assessment=assessment, user=user, answers=form.answers(), submit=form.submitting
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. Your answers are counted.") if form.submitting else _("Saved.")
            )
            return redirect("quality:assessment", assessment.pk)
    return render(
        request,
        "quality/answer_organiser.html",
        {
            "assessment": assessment,
            "form": form,
            "breadcrumbs": _assessment_trail(assessment).here(_("Organisers")),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@rule("quality.answer_as_organiser", _assessment)
def organiser_autosave(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    form = QuestionnaireForm(request.POST, version=assessment.organisers.version, audience=shipped.ORGANISERS)
    saved = False
    if form.is_valid():
        try:
            services.answer_as_organiser(
                assessment=assessment, user=user_of(request), answers=form.answers(), submit=False
            )
            saved = True
        except ValidationError:
            saved = False
    return render(
        request, "core/components/autosave_status.html", {"saved": saved, "time": timezone.localtime()}
    )


@public
def participate(request: HttpRequest, assessment_id: UUID) -> HttpResponse:
    """Service users and stakeholders answer here by link or QR code: no account, anonymous,
    one response per browser identity (a second visit edits the same response)."""
    assessment = selectors.get_for_participants(assessment_id)
    if not assessment.participants.is_open:
        return render(request, "quality/participate_closed.html", {"assessment": assessment})
    participant = getattr(request, "participant", None)
    own = assessment.participants.responses.filter(participant=participant).first() if participant else None
    form = _questionnaire(
        request,
        version=assessment.participants.version,
        audience=shipped.PARTICIPANTS,
        initial=own.answers if own else {},
    )
    if request.method == "POST" and form.is_valid():
        participant = get_or_create_participant(request)
        try:
            services.answer_as_participant(
                assessment=assessment, participant=participant, answers=form.answers(), submit=form.submitting
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if form.submitting:
                return render(request, "quality/participate_thanks.html", {"assessment": assessment})
            messages.success(request, _("Saved. You can come back to this page and finish later."))
            return redirect("quality_public:participate", assessment.pk)
    return render(
        request,
        "quality/participate.html",
        {"assessment": assessment, "form": form, "own": own},
        status=400 if form.errors else 200,
    )


@require_safe
@rule("quality.view_results", _assessment)
def results(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    return _results_page(request, assessment)


def _results_page(
    request: HttpRequest, assessment: QualityAssessment, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    """The results page. An action whose form is invalid (or refused by the service) shows it again
    here with its errors and what was typed (status 400); the other forms start afresh."""
    views = selectors.two_views(assessment)
    cycles = evidence.windows(assessment.renewal)
    user = user_of(request)
    areas = selectors.improvement_areas(views)
    # The area whose improvement form came back with errors opens again with what was typed; errors
    # of a form whose area is not on the page (any more) are said above the areas.
    action_form = bound.get("action_form")
    posted_area = action_form.data.get("attribute", "") if action_form is not None else ""
    action_area = posted_area if any(area.attribute == posted_area for area in areas) else ""
    stray_errors = [e for errors in action_form.errors.values() for e in errors] if action_form else []
    context: dict[str, Any] = {
        "assessment": assessment,
        "renewal": assessment.renewal,
        "views": views,
        "areas": areas,
        "evidence": evidence.of_assessment(assessment, views),
        "comparison": evidence.compare(assessment.renewal) if len(cycles) > 1 else None,
        "window": next((w for w in cycles if w.number == assessment.cycle_number), None),
        "actions": assessment.actions.select_related("owner"),
        "can_manage": user.has_perm("quality.manage", assessment),
        "action_form": QualityActionForm(organisation=assessment.organisation),
        "action_area": action_area,
        "stray_action_errors": [] if action_area else stray_errors,
        "publish_form": PublishForm(initial={"summary": assessment.summary}),
        "close_cycle_form": CloseCycleForm(),
        "breadcrumbs": _assessment_trail(assessment).here(_("Results")),
        **bound,
    }
    return render(request, "quality/results.html", context, status=status)


def _invalid(request: HttpRequest, assessment: QualityAssessment, **bound: forms.Form) -> HttpResponse:
    assessment.refresh_from_db()  # a refused service call may have changed the object in memory
    return _results_page(request, assessment, status=400, **bound)


@require_POST
@rule("quality.manage", _assessment)
def close(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    try:
        services.close_assessment(actor=user_of(request), assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quality:assessment", assessment.pk)
    messages.success(request, _("Both questionnaires are closed."))
    return redirect("quality:results", assessment.pk)


@require_POST
@rule("quality.manage", _assessment)
def publish(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish(
                actor=user_of(request), assessment=assessment, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Published on the renewal's public page."))
            return redirect("quality:results", assessment.pk)
    return _invalid(request, assessment, publish_form=form)


@require_POST
@rule("quality.manage", _assessment)
def withdraw(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    services.unpublish(actor=user_of(request), assessment=assessment)
    messages.success(request, _("Withdrawn from the public page."))
    return redirect("quality:results", assessment.pk)


@require_POST
@rule("quality.manage", _assessment)
def add_action(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    form = QualityActionForm(request.POST, organisation=assessment.organisation)
    if form.is_valid():
        try:
            services.add_action(actor=user_of(request), assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Added to the plan for the next cycle."))
            return redirect("quality:results", assessment.pk)
    return _invalid(request, assessment, action_form=form)


def _action(request: HttpRequest, quality_action_id: UUID) -> QualityAction:
    return selectors.get_action_for(user_of(request), quality_action_id)


@require_POST
@rule("quality.manage", _action)
def action_to_commitment(request: HttpRequest, action: QualityAction) -> HttpResponse:
    """An improvement for the next cycle becomes a commitment of the renewal, tracked (and later
    published) like any other."""
    commitment = commitment_services.commitment_from_action(
        actor=user_of(request), renewal=action.assessment.renewal, action=action
    )
    messages.success(request, _("The improvement is now a commitment of the renewal."))
    return redirect("commitments:commitment", commitment.pk)


@require_POST
@rule("quality.manage", _assessment)
def close_cycle(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    """Close the assessment's cycle with its improvements as the plan for the next one."""
    form = CloseCycleForm(request.POST)
    if form.is_valid():
        try:
            note = form.cleaned_data["note"]
            services.close_cycle(actor=user_of(request), assessment=assessment, note=note)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Cycle %(n)s is closed. Its improvements are the plan for the next cycle.")
                % {"n": assessment.cycle_number},
            )
            return redirect("quality:results", assessment.pk)
    return _invalid(request, assessment, close_cycle_form=form)


@require_POST
@rule("quality.manage", _assessment)
def start_next_cycle(request: HttpRequest, assessment: QualityAssessment) -> HttpResponse:
    try:
        renewal = services.start_next_cycle(actor=user_of(request), assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quality:results", assessment.pk)
    messages.success(request, _("Cycle %(n)s has started.") % {"n": renewal.cycle_number})
    return redirect("renewals:renewal", renewal.pk)
