from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.selectors import current_organisation
from cocreate.core.access import public, rule, signed_in
from cocreate.core.breadcrumbs import trail
from cocreate.core.forms import add_errors
from cocreate.panels import selectors, services
from cocreate.panels.forms import (
    AnnounceForm,
    AnswerByForm,
    AnswerForm,
    OptionsForm,
    PanelForm,
    PoolUploadForm,
    QuotaForm,
    RecommendationForm,
    RecommendationImportForm,
    RegistrationForm,
    SelectionForm,
)
from cocreate.panels.models import Panel, Recommendation, Selection
from cocreate.panels.pool_import import table_from_upload

SAMPLE_POOL = Path(__file__).resolve().parent / "sample" / "sample_pool.csv"
PANELS = trail(gettext_lazy("Panels"), "panels:panels")


def _panel(request: HttpRequest, panel_id: UUID) -> Panel:
    return selectors.get_panel_for(user_of(request), panel_id)


@rule("panels.manage", current_organisation)
def panel_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            panel = services.create_panel(
                actor=user_of(request), organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Panel set up. Now give its features and quotas."))
            return redirect("panels:panel", panel.pk)
    return render(
        request,
        "panels/panel_list.html",
        {
            "panels": selectors.panels_of(user_of(request), organisation),
            "form": form,
            "organisation": organisation,
        },
        status=400 if form.errors else 200,
    )


@require_safe
@rule("panels.manage", _panel)
def panel_detail(request: HttpRequest, panel: Panel) -> HttpResponse:
    return _detail_page(request, panel)


def _detail_page(
    request: HttpRequest, panel: Panel, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    """The panel page. An action whose form is invalid (or refused by the service) shows it again
    here with its errors and what was typed (status 400); the other forms start afresh."""
    report = services.feasibility(panel) if panel.volunteers.exists() and panel.features.exists() else None
    context: dict[str, Any] = {
        "panel": panel,
        "features": panel.features.prefetch_related("values"),
        "quota_form": QuotaForm(),
        "upload_form": PoolUploadForm(),
        "options_form": OptionsForm(
            initial={"registration_open": panel.registration_open, "is_public": panel.is_public}
        ),
        "selection_form": SelectionForm(),
        "announce_form": AnnounceForm(
            initial={"draw_at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        "feasibility": report,
        "selection": selectors.latest_selection(panel),
        "counts": selectors.status_counts(panel),
        "pool_size": panel.volunteers.count(),
        "breadcrumbs": PANELS.here(panel.title),
        **bound,
    }
    return render(request, "panels/panel_detail.html", context, status=status)


def _invalid(request: HttpRequest, panel: Panel, **bound: forms.Form) -> HttpResponse:
    panel.refresh_from_db()  # a refused service call may have changed the object in memory
    return _detail_page(request, panel, status=400, **bound)


# --- The set-up actions of the panel page: one view each ------------------------------------------


@require_POST
@rule("panels.manage", _panel)
def set_quotas(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = QuotaForm(request.POST)
    if form.is_valid():
        try:
            services.set_quotas(actor=user_of(request), panel=panel, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Features and quotas saved."))
            return redirect("panels:panel", panel.pk)
    return _invalid(request, panel, quota_form=form)


@require_POST
@rule("panels.manage", _panel)
def import_pool(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = PoolUploadForm(request.POST, request.FILES)
    if form.is_valid():
        name, data = form.cleaned_data["file"]
        try:
            n = services.import_pool(actor=user_of(request), panel=panel, table=table_from_upload(name, data))
        except ValidationError as error:
            add_errors(form, error)
        except ValueError as error:  # a file that is no table
            add_errors(form, ValidationError(str(error)))
        else:
            messages.success(request, _("%(n)s volunteers imported.") % {"n": n})
            return redirect("panels:panel", panel.pk)
    return _invalid(request, panel, upload_form=form)


@require_POST
@rule("panels.manage", _panel)
def set_options(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = OptionsForm(request.POST)
    if form.is_valid():
        try:
            services.set_options(actor=user_of(request), panel=panel, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("panels:panel", panel.pk)
    return _invalid(request, panel, options_form=form)


@rule("panels.manage", _panel)
def pool(request: HttpRequest, panel: Panel) -> HttpResponse:
    return render(
        request,
        "panels/pool.html",
        {
            "panel": panel,
            "rows": selectors.pool_rows(panel, user_of(request)),
            "breadcrumbs": PANELS.then(panel.title, "panels:panel", panel.pk).here(_("Pool")),
        },
    )


@require_POST
@rule("panels.manage", _panel)
def announce(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = AnnounceForm(request.POST)
    if form.is_valid():
        try:
            services.announce_draw(actor=user_of(request), panel=panel, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The draw is announced and the pool is closed."))
            return redirect("panels:panel", panel.pk)
    return _invalid(request, panel, announce_form=form)


@require_POST
@rule("panels.manage", _panel)
def start_selection(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = SelectionForm(request.POST)
    if form.is_valid():
        try:
            services.start_selection(actor=user_of(request), panel=panel, seed=form.cleaned_data["seed"])
        except services.AlreadyDrawn as error:
            messages.info(request, " ".join(error.messages) + " " + _("The existing draw is shown below."))
        except ValidationError as error:
            add_errors(form, error)
            return _invalid(request, panel, selection_form=form)
        return redirect("panels:panel", panel.pk)
    return _invalid(request, panel, selection_form=form)


@rule("panels.manage", _panel)
def selection_status(request: HttpRequest, panel: Panel) -> HttpResponse:
    """htmx polls this while the draw runs."""
    return render(
        request,
        "panels/partials/selection_status.html",
        {"panel": panel, "selection": selectors.latest_selection(panel)},
    )


@require_POST
@rule("panels.manage", _panel)
def invite(request: HttpRequest, panel: Panel) -> HttpResponse:
    n = services.invite_selected(actor=user_of(request), panel=panel)
    messages.success(request, _("%(n)s invitations sent.") % {"n": n})
    return redirect("panels:panel", panel.pk)


@require_POST
@rule("panels.manage", _panel)
def replace(request: HttpRequest, panel: Panel) -> HttpResponse:
    try:
        added = services.replace_declined(actor=user_of(request), panel=panel)
        messages.success(request, _("%(n)s replacements drawn.") % {"n": len(added)})
    except services.AlreadyDrawn as error:
        messages.info(request, " ".join(error.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("panels:panel", panel.pk)


@require_POST
@rule("panels.manage", _panel)
def purge(request: HttpRequest, panel: Panel) -> HttpResponse:
    n = services.purge(actor=user_of(request), panel=panel)
    messages.success(request, _("Personal data of %(n)s volunteers deleted.") % {"n": n})
    return redirect("panels:panel", panel.pk)


@rule("panels.manage", _panel)
def audit_json(request: HttpRequest, panel: Panel) -> HttpResponse:
    """The engine's audit record of the draw, for an outside auditor (random ids, no names)."""
    selection = panel.selections.filter(state=Selection.State.DONE).first()
    if selection is None:
        raise Http404
    response = HttpResponse(json.dumps(selection.audit, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="panel-audit-{selection.created_at:%Y%m%d}.json"'
    return response


@signed_in
def sample_pool(request: HttpRequest) -> HttpResponse:
    """A pool of 160 fictional volunteers that matches the example quotas, to try the draw."""
    response = HttpResponse(SAMPLE_POOL.read_bytes(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sample_pool.csv"'
    return response


@public
def report(request: HttpRequest, panel_id: UUID) -> HttpResponse:
    """Transparency report: procedure, quotas, composition against targets, the distribution of
    probabilities, the seed — no individual data. Public when the organisers publish it."""
    panel = selectors.get_panel_by_link(panel_id)
    if not request.user.has_perm("panels.view_report", panel):
        # Said plainly rather than "not found": the link is right, the report is not published.
        # Nothing about the panel is shown, not even its title.
        return render(request, "panels/report_unpublished.html", status=403)
    selection = panel.selections.filter(state=Selection.State.DONE).first()
    return render(
        request,
        "panels/report.html",
        {
            "panel": panel,
            "selection": selection,
            "composition": selectors.composition(panel),
            "probabilities": selectors.probability_summary(panel),
            "certificate": (selection.audit.get("certificate") if selection else None),
            "digest": (selection.audit.get("input_sha256") if selection else None),
            "seed_matches": bool(selection and panel.seed_commitment == services.seed_hash(selection.seed)),
            "recommendations": selectors.recommendations_of(panel, public=True),
        },
    )


@public
def register(request: HttpRequest, panel_id: UUID) -> HttpResponse:
    panel = selectors.get_panel_by_link(panel_id)
    if not panel.registration_open:
        return render(request, "panels/register_closed.html", {"panel": panel}, status=410)
    form = RegistrationForm(request.POST or None, panel=panel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register(
                panel=panel,
                contact={"name": data["name"], "email": data["email"], "phone": data["phone"]},
                household=data["household"],
                answers=form.answers(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return render(request, "panels/register_thanks.html", {"panel": panel})
    return render(
        request, "panels/register.html", {"panel": panel, "form": form}, status=400 if form.errors else 200
    )


@public
def respond(request: HttpRequest, token: str) -> HttpResponse:
    volunteer = services.volunteer_by_token(token)
    if volunteer is None:
        raise Http404
    if request.method == "POST" and request.POST.get("answer") in ("yes", "no"):
        try:
            services.respond(volunteer=volunteer, accept=request.POST["answer"] == "yes")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(request, "panels/respond.html", {"volunteer": volunteer, "panel": volunteer.panel})


# --- Recommendations and the organisation's answers: one view per action -----------------------------


def _recommendation(request: HttpRequest, recommendation_id: UUID) -> Recommendation:
    return selectors.get_recommendation_for(user_of(request), recommendation_id)


def _answer_form(recommendation: Recommendation, data: Any = None) -> AnswerForm:
    initial = {"status": recommendation.status, "reason": recommendation.reason}
    return AnswerForm(
        data,
        organisation=recommendation.panel.organisation,
        prefix=f"r{recommendation.number}",
        initial=initial if recommendation.status != Recommendation.Status.PENDING else None,
    )


def _recommendations_page(
    request: HttpRequest,
    panel: Panel,
    *,
    status: int = 200,
    answering: tuple[Recommendation, AnswerForm] | None = None,
    **bound: forms.Form,
) -> HttpResponse:
    rows = selectors.recommendations_of(panel, public=False)
    forms_by_id = {
        r.recommendation.pk: _answer_form(r.recommendation)
        for r in rows
        if r.recommendation.answer_published_at is None
    }
    if answering is not None:
        forms_by_id[answering[0].pk] = answering[1]
    context: dict[str, Any] = {
        "panel": panel,
        "rows": [(r, forms_by_id.get(r.recommendation.pk)) for r in rows],
        "summary": selectors.answer_summary(rows),
        "public": selectors.recommendations_are_public(panel),
        "recommendation_form": RecommendationForm(),
        "import_form": RecommendationImportForm(),
        "answer_by_form": AnswerByForm(initial={"answer_by": panel.answer_by}),
        "breadcrumbs": PANELS.then(panel.title, "panels:panel", panel.pk).here(_("Recommendations")),
        **bound,
    }
    return render(request, "panels/recommendations.html", context, status=status)


def _invalid_recommendations(request: HttpRequest, panel: Panel, **kwargs: Any) -> HttpResponse:
    panel.refresh_from_db()
    return _recommendations_page(request, panel, status=400, **kwargs)


@require_safe
@rule("panels.manage", _panel)
def recommendations(request: HttpRequest, panel: Panel) -> HttpResponse:
    return _recommendations_page(request, panel)


@require_POST
@rule("panels.manage", _panel)
def add_recommendation(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            recommendation = services.add_recommendation(
                actor=user_of(request), panel=panel, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Recommendation %(n)s recorded.") % {"n": recommendation.number})
            return redirect("panels:recommendations", panel.pk)
    return _invalid_recommendations(request, panel, recommendation_form=form)


@require_POST
@rule("panels.manage", _panel)
def import_recommendations(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = RecommendationImportForm(request.POST)
    if form.is_valid():
        try:
            n = services.import_recommendations(
                actor=user_of(request), panel=panel, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(n)s recommendations recorded.") % {"n": n})
            return redirect("panels:recommendations", panel.pk)
    return _invalid_recommendations(request, panel, import_form=form)


@require_POST
@rule("panels.manage", _panel)
def set_answer_by(request: HttpRequest, panel: Panel) -> HttpResponse:
    form = AnswerByForm(request.POST)
    if form.is_valid():
        try:
            services.set_answer_by(
                actor=user_of(request), panel=panel, answer_by=form.cleaned_data["answer_by"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The date of the answers is saved."))
            return redirect("panels:recommendations", panel.pk)
    return _invalid_recommendations(request, panel, answer_by_form=form)


@require_POST
@rule("panels.manage", _recommendation)
def answer_recommendation(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    panel = recommendation.panel
    form = _answer_form(recommendation, request.POST)
    if form.is_valid():
        try:
            services.answer_recommendation(
                actor=user_of(request), recommendation=recommendation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Answer to recommendation %(n)s saved.") % {"n": recommendation.number}
            )
            return redirect(reverse("panels:recommendations", args=[panel.pk]) + f"#r{recommendation.number}")
    return _invalid_recommendations(request, panel, answering=(recommendation, form))


@require_POST
@rule("panels.manage", _panel)
def publish_recommendations(request: HttpRequest, panel: Panel) -> HttpResponse:
    try:
        services.publish_recommendations(actor=user_of(request), panel=panel)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The recommendations are published as the panel wrote them."))
    return redirect("panels:recommendations", panel.pk)


@require_POST
@rule("panels.manage", _panel)
def publish_answers(request: HttpRequest, panel: Panel) -> HttpResponse:
    try:
        n = services.publish_answers(actor=user_of(request), panel=panel)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if n:
            messages.success(
                request, _("%(n)s answers published; the panel's members are told by e-mail.") % {"n": n}
            )
        else:
            messages.info(request, _("Every answer given is published already."))
    return redirect("panels:recommendations", panel.pk)
