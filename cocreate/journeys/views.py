"""Co-Renew pages for staff and facilitators: personas, the map editor, triage, outputs, exports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts import admission
from cocreate.accounts.access import user_of
from cocreate.accounts.models import Admission
from cocreate.accounts.views import invitation_codes_page
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments.forms import FromSourceForm
from cocreate.core import exports, links
from cocreate.core.access import rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.core.text import parse_uuid
from cocreate.journeys import selectors, services
from cocreate.journeys.curve import emotion_curve
from cocreate.journeys.forms import (
    AnswerForm,
    BlockedWordsForm,
    EditStepForm,
    MapForm,
    PersonaForm,
    RenameStageForm,
    StageForm,
    StepForm,
)
from cocreate.journeys.models import Contribution, JourneyMap, Persona, Stage, Step
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_renewal_for


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return get_renewal_for(user_of(request), renewal_id)


def _map(request: HttpRequest, map_id: UUID) -> JourneyMap:
    return selectors.get_map_for(user_of(request), map_id)


def _stage(request: HttpRequest, stage_id: UUID) -> Stage:
    return selectors.get_stage_for(user_of(request), stage_id)


def _step(request: HttpRequest, step_id: UUID) -> Step:
    return selectors.get_step_for(user_of(request), step_id)


def _persona(request: HttpRequest, persona_id: UUID) -> Persona:
    return selectors.get_persona_for(user_of(request), persona_id)


def _contribution(request: HttpRequest, contribution_id: UUID) -> Contribution:
    return selectors.get_contribution_for(user_of(request), contribution_id)


def participation_link(request: HttpRequest, journey: JourneyMap) -> str:
    return links.absolute_url(request, reverse("journeys_public:participate", args=[journey.pk]))


@rule("journeys.view", _renewal)
def maps(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    user = user_of(request)
    form = MapForm(request.POST or None, renewal=renewal)
    if request.method == "POST":
        if not user.has_perm("journeys.edit", renewal):
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                journey = services.create_map(actor=user, renewal=renewal, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect("journeys:map", journey.pk)
    words = "\n".join(renewal.organisation.blocked_words.values_list("word", flat=True))
    return render(
        request,
        "journeys/maps.html",
        {
            "renewal": renewal,
            "maps": renewal.journey_maps.all(),
            "personas": renewal.personas.all(),
            "form": form,
            "can_edit": user.has_perm("journeys.edit", renewal),
            "unanswered": selectors.unanswered(renewal),
            "words_form": BlockedWordsForm(initial={"words": words}),
            "breadcrumbs": trail(renewal.title, "renewals:renewal", renewal.pk).here(_("Journey maps")),
        },
    )


@rule("journeys.edit", _renewal)
def persona_create(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    return _persona_form(request, renewal, None)


@rule("journeys.edit", _persona)
def persona_edit(request: HttpRequest, persona: Persona) -> HttpResponse:
    return _persona_form(request, persona.renewal, persona)


def _persona_form(request: HttpRequest, renewal: Renewal, persona: Persona | None) -> HttpResponse:
    form = PersonaForm(request.POST or None, instance=persona)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_persona(
                actor=user_of(request), renewal=renewal, persona=persona, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Persona saved."))
            return redirect("journeys:maps", renewal.pk)
    return render(
        request,
        "journeys/persona_form.html",
        {
            "form": form,
            "renewal": renewal,
            "persona": persona,
            "breadcrumbs": trail(_("Journey maps"), "journeys:maps", renewal.pk).here(_("Persona")),
        },
    )


@require_POST
@rule("journeys.edit", _renewal)
def blocked_words(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    form = BlockedWordsForm(request.POST)
    if form.is_valid():
        services.set_blocked_words(
            actor=user_of(request), renewal=renewal, words=form.cleaned_data["words"].splitlines()
        )
        messages.success(request, _("Blocked words saved."))
    return redirect("journeys:maps", renewal.pk)


def _map_context(request: HttpRequest, journey: JourneyMap) -> dict[str, Any]:
    signals = {s.step.pk: s for s in selectors.signals(journey)}
    return {
        "journey": journey,
        "renewal": journey.renewal,
        "stages": selectors.stages_with_steps(journey),
        "signals": signals,
        "can_edit": request.user.has_perm("journeys.edit", journey),
        "stage_form": StageForm(),
        "step_form": StepForm(),
        "rename_form": None,
        "form_stage": None,  # the stage whose step or rename form came back with errors
        "to_be": journey.copies.first(),
        "deleted": selectors.recently_deleted_steps(journey),
        "admission_choices": Admission.choices,
    }


def _map_trail(journey: JourneyMap) -> Trail:
    return trail(journey.title, "journeys:map", journey.pk)


def _map_page(request: HttpRequest, journey: JourneyMap, status: int = 200, **bound: Any) -> HttpResponse:
    renewal = journey.renewal
    breadcrumbs = (
        trail(renewal.title, "renewals:renewal", renewal.pk)
        .then(_("Journey maps"), "journeys:maps", renewal.pk)
        .here(journey.title)
    )
    context = {**_map_context(request, journey), **bound, "breadcrumbs": breadcrumbs}
    return render(request, "journeys/map.html", context, status=status)


def _invalid_map(request: HttpRequest, journey: JourneyMap, **bound: Any) -> HttpResponse:
    """The map again with the form that was sent, its errors and what was typed (status 400)."""
    return _map_page(request, journey, status=400, **bound)


def _back_to_stage(stage: Stage) -> HttpResponse:
    return redirect(reverse("journeys:map", args=[stage.journey.pk]) + f"#stage-{stage.pk}")


def _back_to_step(step: Step) -> HttpResponse:
    return redirect(reverse("journeys:map", args=[step.journey.pk]) + f"#step-{step.pk}")


@rule("journeys.view", _map)
def map_detail(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    return _map_page(request, journey)


@rule("journeys.view", _map)
def map_table(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    breadcrumbs = _map_trail(journey).here(_("Table"))
    return render(
        request, "journeys/map_table.html", {**_map_context(request, journey), "breadcrumbs": breadcrumbs}
    )


@rule("journeys.view", _map)
def map_print(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    return render(request, "journeys/map_print.html", _map_context(request, journey))


@require_POST
@rule("journeys.edit", _map)
def add_stage(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            stage = services.add_stage(
                actor=user_of(request), journey=journey, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _back_to_stage(stage)
    return _invalid_map(request, journey, stage_form=form)


# --- A stage: one view per action ---------------------------------------------------------------


def _move_stage(request: HttpRequest, stage: Stage, direction: int) -> HttpResponse:
    services.move_stage(actor=user_of(request), stage=stage, direction=direction)
    return _back_to_stage(stage)


@require_POST
@rule("journeys.edit", _stage)
def stage_earlier(request: HttpRequest, stage: Stage) -> HttpResponse:
    return _move_stage(request, stage, -1)


@require_POST
@rule("journeys.edit", _stage)
def stage_later(request: HttpRequest, stage: Stage) -> HttpResponse:
    return _move_stage(request, stage, 1)


@require_POST
@rule("journeys.edit", _stage)
def rename_stage(request: HttpRequest, stage: Stage) -> HttpResponse:
    form = RenameStageForm(request.POST)
    if form.is_valid():
        try:
            services.rename_stage(actor=user_of(request), stage=stage, title=form.cleaned_data["title"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _back_to_stage(stage)
    return _invalid_map(request, stage.journey, rename_form=form, form_stage=stage)


@require_POST
@rule("journeys.edit", _stage)
def delete_stage(request: HttpRequest, stage: Stage) -> HttpResponse:
    journey = stage.journey
    try:
        services.delete_stage(actor=user_of(request), stage=stage)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_stage(stage)
    messages.success(request, _("Stage “%(t)s” deleted.") % {"t": stage.title})
    return redirect("journeys:map", journey.pk)


@require_POST
@rule("journeys.edit", _stage)
def add_step(request: HttpRequest, stage: Stage) -> HttpResponse:
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            step = services.add_step(actor=user_of(request), stage=stage, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _back_to_step(step)
    return _invalid_map(request, stage.journey, step_form=form, form_stage=stage)


@rule("journeys.edit", _step)
def step_edit(request: HttpRequest, step: Step) -> HttpResponse:
    initial = {f: getattr(step, f) for f in services.STEP_FIELDS} | {"version": step.version}
    form = EditStepForm(request.POST or None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.edit_step(actor=user_of(request), step=step, version=version, **data)
        except services.StaleEdit as stale:
            current = stale.current
            form.add_error(
                None,
                _(
                    "Someone else changed this step while you were editing. Their version is "
                    "shown below; your text is kept in the form. Save again to replace theirs."
                ),
            )
            data = request.POST.copy()
            data["version"] = str(current.version)
            form.data = data
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Step saved."))
            return redirect(reverse("journeys:map", args=[step.journey.pk]) + f"#step-{step.pk}")
    return render(
        request,
        "journeys/step_form.html",
        {
            "form": form,
            "step": step,
            "journey": step.journey,
            "current": current,
            "breadcrumbs": _map_trail(step.journey).here(step.title),
        },
    )


# --- A step: one view per action ----------------------------------------------------------------


@require_POST
@rule("journeys.edit", _step)
def step_up(request: HttpRequest, step: Step) -> HttpResponse:
    services.move_step(actor=user_of(request), step=step, direction=-1)
    return _back_to_step(step)


@require_POST
@rule("journeys.edit", _step)
def step_down(request: HttpRequest, step: Step) -> HttpResponse:
    services.move_step(actor=user_of(request), step=step, direction=1)
    return _back_to_step(step)


@require_POST
@rule("journeys.edit", _step)
def duplicate_step(request: HttpRequest, step: Step) -> HttpResponse:
    return _back_to_step(services.duplicate_step(actor=user_of(request), step=step))


@require_POST
@rule("journeys.edit", _step)
def delete_step(request: HttpRequest, step: Step) -> HttpResponse:
    services.delete_step(actor=user_of(request), step=step)
    messages.success(
        request, _("Step “%(t)s” deleted. You can restore it below the map.") % {"t": step.title}
    )
    return _back_to_step(step)


@require_POST
@rule("journeys.edit", _step)
def restore_step(request: HttpRequest, step: Step) -> HttpResponse:
    services.restore_step(actor=user_of(request), step=step)
    messages.success(request, _("Step restored."))
    return _back_to_step(step)


# --- The map: participation and the to-be copy ----------------------------------------------------


@require_POST
@rule("journeys.edit", _map)
def start_to_be(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    to_be = services.copy_to_be(actor=user_of(request), journey=journey)
    messages.success(request, _("The to-be map starts as a copy; change it as the renewal decides."))
    return redirect("journeys:map", to_be.pk)


@require_POST
@rule("journeys.edit", _map)
def open_participation(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    services.set_participation(actor=user_of(request), journey=journey, open_=True)
    return redirect("journeys:map", journey.pk)


@require_POST
@rule("journeys.edit", _map)
def close_participation(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    services.set_participation(actor=user_of(request), journey=journey, open_=False)
    return redirect("journeys:map", journey.pk)


@require_POST
@rule("journeys.edit", _map)
def set_admission(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    try:
        services.set_admission(
            actor=user_of(request), journey=journey, admission=request.POST.get("admission", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved who may take part."))
    return redirect("journeys:map", journey.pk)


@rule("journeys.edit", _map)
def codes(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    """Printable invitation codes: one card, one voice (decision 0012)."""
    return invitation_codes_page(
        request, target=journey, title=journey.title, link=participation_link(request, journey)
    )


@rule("journeys.view", _map)
def poster(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    link = participation_link(request, journey)
    return render(request, "journeys/poster.html", {"journey": journey, "link": link})


@rule("journeys.answer", _map)
def triage(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    to_be = journey.copies.first()
    to_be_steps = selectors.live_steps(to_be) if to_be else Step.objects.none()
    queue = list(selectors.triage_queue(journey))
    return render(
        request,
        "journeys/triage.html",
        {
            "journey": journey,
            "renewal": journey.renewal,
            "queue": queue,
            "commitments": commitment_selectors.commitments_for(queue),
            "flagged": selectors.held_or_reported(journey),
            "to_be_steps": to_be_steps,
            "statuses": Contribution.Status.choices,
            "breadcrumbs": _map_trail(journey).here(_("Answers")),
        },
    )


@require_POST
@rule("journeys.answer", _contribution)
def answer(request: HttpRequest, contribution: Contribution) -> HttpResponse:
    journey = contribution.step.journey
    to_be = journey.copies.first()
    form = AnswerForm(request.POST, to_be_steps=selectors.live_steps(to_be) if to_be else Step.objects.none())
    if form.is_valid():
        try:
            services.answer(actor=user_of(request), contribution=contribution, **form.cleaned_data)
            messages.success(request, _("Answer saved; the contributor can read it."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(reverse("journeys:triage", args=[journey.pk]) + f"#c-{contribution.pk}")


@rule("journeys.answer", _contribution)
def idea_commitment(request: HttpRequest, contribution: Contribution) -> HttpResponse:
    """“Make it a commitment”: an accepted idea or pain point, its words as the title; the deadline
    and the person responsible are asked. Sent twice, it is still one commitment (the first)."""
    made = commitment_selectors.commitment_for_source(contribution)
    if made is not None and request.method != "POST":
        return redirect("commitments:commitment", made.pk)
    journey = contribution.step.journey
    renewal = journey.renewal
    form = FromSourceForm(request.POST or None, organisation=renewal.organisation, title=contribution.text)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.idea_to_commitment(
                actor=user_of(request), contribution=contribution, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The idea is now a commitment of the renewal."))
            return redirect("commitments:commitment", commitment.pk)
    return render(
        request,
        "journeys/commitment_form.html",
        {
            "contribution": contribution,
            "journey": journey,
            "form": form,
            "breadcrumbs": _map_trail(journey)
            .then(_("Answers"), "journeys:triage", journey.pk)
            .here(_("Make it a commitment")),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@rule("journeys.answer", _contribution)
def moderate(request: HttpRequest, contribution: Contribution) -> HttpResponse:
    visibility = request.POST.get("visibility", "")
    if visibility not in Contribution.Visibility.values:
        messages.error(request, _("Choose show or hide."))
    else:
        try:
            services.moderate(
                actor=user_of(request),
                contribution=contribution,
                visibility=visibility,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("journeys:triage", contribution.step.journey.pk)


@require_POST
@rule("journeys.answer", _contribution)
def merge(request: HttpRequest, contribution: Contribution) -> HttpResponse:
    target_id = parse_uuid(request.POST.get("into"))
    journey = contribution.step.journey
    target = (
        get_object_or_404(Contribution, pk=target_id, step__stage__journey=journey) if target_id else None
    )
    if target is None:
        messages.error(request, _("Choose the contribution to merge into."))
    else:
        try:
            services.merge(actor=user_of(request), duplicate=contribution, into=target)
            messages.success(request, _("Merged; supports carried over."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("journeys:triage", journey.pk)


@rule("journeys.view", _map)
def outputs(request: HttpRequest, journey: JourneyMap) -> HttpResponse:
    signals = selectors.signals(journey)
    to_be = journey.copies.first() if journey.kind == JourneyMap.Kind.AS_IS else journey
    accepted = selectors.accepted_ideas(to_be) if to_be else Contribution.objects.none()
    return render(
        request,
        "journeys/outputs.html",
        {
            "journey": journey,
            "renewal": journey.renewal,
            "signals": signals,
            "curve": emotion_curve(signals),
            "hotspots": selectors.hotspots(journey),
            "ideas": selectors.ranked_ideas(journey),
            "to_be": to_be,
            "to_be_stages": selectors.stages_with_steps(to_be) if to_be else [],
            "accepted": {c.to_be_step_id: c for c in accepted.select_related("to_be_step")},
            "voices": admission.levels_table(
                admission.voices_by_level(selectors.participants_of(journey), admission.scope_of(journey))
            ),
            "breadcrumbs": _map_trail(journey).here(_("What users said")),
        },
    )


def export_rows(journey: JourneyMap) -> dict[str, list[dict[str, Any]]]:
    """The map and its public contributions; no personal data (no participant, no e-mail)."""
    steps = [
        {
            "stage": s.stage.title,
            "step": s.title,
            "action": s.action,
            "touchpoint": s.touchpoint,
            "channels": ";".join(s.channels),
            "front_stage": s.front_stage,
            "back_stage": s.back_stage,
            "evidence": s.evidence,
            "ratings": sig.ratings,
            "mean_feeling": sig.mean,
            "spread": sig.spread,
        }
        for sig in selectors.signals(journey)
        for s in [sig.step]
    ]
    contributions = [
        {
            "step": c.step.title,
            "kind": c.kind,
            "text": c.text,
            "status": c.status,
            "answer": c.reason,
            "supports": getattr(c, "support_count", 0),
            "created": c.created_at.isoformat(),
        }
        for c in selectors.public_contributions()
        .filter(step__stage__journey=journey)
        .select_related("step")
        .order_by("created_at")
    ]
    return {"steps": steps, "contributions": contributions}


@rule("journeys.view", _map)
def export(
    request: HttpRequest,
    journey: JourneyMap,
) -> HttpResponseBase:
    data = export_rows(journey)
    if request.GET.get("format") == "json":
        return JsonResponse({"journey": journey.title, **data}, json_dumps_params={"ensure_ascii": False})
    table = "contributions" if request.GET.get("table") == "contributions" else "steps"
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = data[table]
    columns = list(rows[0]) if rows else ["empty"]
    return exports.table_response(fmt, columns, exports.dict_rows(rows, columns), name=f"journey-{table}")
