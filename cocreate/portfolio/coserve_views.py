"""Co-Serve pages: answer the 13 criteria for a service, read its fit, rank and compare services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.selectors import current_organisation
from cocreate.assessments.forms import QuestionnaireForm
from cocreate.assessments.results import GroupResult
from cocreate.core import exports
from cocreate.core.access import rule
from cocreate.core.forms import add_errors
from cocreate.portfolio import selectors, services, shipped
from cocreate.portfolio.forms import ImportForm, RankingFilterForm
from cocreate.portfolio.models import Service
from cocreate.portfolio.views import SERVICES, service_trail


def _service(request: HttpRequest, service_id: UUID) -> Service:
    return selectors.get_service_for(user_of(request), service_id)


@rule("portfolio.add_service", current_organisation)
def service_import(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.import_services(
                actor=user_of(request), organisation=organisation, csv_text=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(n)s services imported.") % {"n": len(created)})
            return redirect("portfolio:services")
    return render(
        request,
        "portfolio/service_import.html",
        {"form": form, "organisation": organisation, "breadcrumbs": SERVICES.here(_("Import"))},
    )


@require_POST
@rule("portfolio.assess_service", _service)
def coserve_start(request: HttpRequest, service: Service) -> HttpResponse:
    """Open the service's assessment (or find the open one): then the questionnaire."""
    services.open_assessment(actor=user_of(request), service=service)
    return redirect("portfolio:coserve", service.pk)


@rule("portfolio.assess_service", _service)
def coserve_answer(request: HttpRequest, service: Service) -> HttpResponse:
    user = user_of(request)
    fit = selectors.fit_of(service)
    assessment = fit.assessment if fit.assessment and fit.assessment.collection.is_open else None
    breadcrumbs = service_trail(service).here("Co-Serve")
    if assessment is None:
        return render(
            request,
            "portfolio/coserve_start.html",
            {"service": service, "fit": fit, "breadcrumbs": breadcrumbs},
        )
    own = assessment.collection.responses.filter(respondent=user).first()
    submitting = request.method == "POST" and "submit" in request.POST
    form = QuestionnaireForm(
        request.POST or None,
        version=assessment.collection.version,
        submitting=submitting,
        initial=own.answers if own else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_coserve_answers(
                actor=user, assessment=assessment, answers=form.answers(), submit=submitting
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if submitting:
                messages.success(request, _("Thank you. Your answers are counted."))
                return redirect("portfolio:coserve_results", service.pk)
            messages.success(request, _("Saved. You can come back and finish later."))
            return redirect("portfolio:coserve", service.pk)
    return render(
        request,
        "portfolio/coserve_answer.html",
        {"service": service, "assessment": assessment, "form": form, "own": own, "breadcrumbs": breadcrumbs},
    )


@require_POST
@rule("portfolio.assess_service", _service)
def coserve_autosave(request: HttpRequest, service: Service) -> HttpResponse:
    assessment = selectors.latest_assessment(service)
    saved = False
    if assessment is not None and assessment.collection.is_open:
        form = QuestionnaireForm(request.POST, version=assessment.collection.version)
        if form.is_valid():
            try:
                services.save_coserve_answers(
                    actor=user_of(request), assessment=assessment, answers=form.answers(), submit=False
                )
                saved = True
            except ValidationError:
                saved = False
    return render(
        request, "core/components/autosave_status.html", {"saved": saved, "time": timezone.localtime()}
    )


def _result_context(result: GroupResult) -> dict[str, Any]:
    return {
        "result": result,
        "categories": [result.attributes[a] for a in (shipped.ROOT, *shipped.GROUPS)],
        "sections": [(result.attributes[g], result.children(g)) for g in shipped.GROUPS],
        "disagreements": [a for a in result.leaves() if a.disagreement],
        "names": {a.id: a.name for a in result.attributes.values()},
    }


@rule("portfolio.view_service", _service)
def coserve_results(request: HttpRequest, service: Service) -> HttpResponse:
    fit = selectors.fit_of(service)
    context: dict[str, Any] = {
        "service": service,
        "fit": fit,
        "advice": selectors.advice_texts(fit.advice),
        "can_renew": request.user.has_perm("renewals.add_renewal", service.organisation),
        "can_assess": request.user.has_perm("portfolio.assess_service", service),
        "breadcrumbs": service_trail(service).here(_("Co-Serve result")),
    }
    if fit.result is not None:
        context.update(_result_context(fit.result))
    return render(request, "portfolio/coserve_results.html", context)


def _filtered(fits: list[selectors.ServiceFit], data: dict[str, str]) -> list[selectors.ServiceFit]:
    if data.get("level"):
        fits = [f for f in fits if f.result is not None and f.result.root.quality == data["level"]]
    if data.get("channel"):
        fits = [f for f in fits if data["channel"] in f.service.channels]
    if data.get("sort") == "name":
        fits = sorted(fits, key=lambda f: f.service.name.lower())
    elif data.get("sort") == "respondents":
        fits = sorted(fits, key=lambda f: -f.respondents)
    return fits


@rule("portfolio.view_service", current_organisation)
def ranking(request: HttpRequest, organisation: Organisation) -> HttpResponseBase:
    form = RankingFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    fits = _filtered(selectors.portfolio_of(user_of(request), organisation), data)
    if request.GET.get("format") == "csv":
        return _ranking_csv(fits)
    return render(
        request,
        "portfolio/ranking.html",
        {
            "organisation": organisation,
            "form": form,
            "fits": fits,
            "groups": shipped.GROUPS,
            "query": request.GET.urlencode(),
            "breadcrumbs": SERVICES.here(_("Ranking")),
        },
    )


def _ranking_csv(fits: list[selectors.ServiceFit]) -> HttpResponseBase:
    header = ["rank", "service", "fit", "figure", *shipped.GROUPS, "respondents", "advice"]
    rows = [
        [
            rank,
            fit.service.name,
            fit.result.root.label if fit.result else "",
            fit.result.root.score if fit.result else "",
            *[(fit.result.attributes[g].label if fit.result else "") for g in shipped.GROUPS],
            fit.respondents,
            "; ".join(fit.advice),
        ]
        for rank, fit in enumerate(fits, start=1)
    ]
    return exports.csv_response(header, rows, filename="coserve-ranking.csv")


@rule("portfolio.view_service", current_organisation)
def compare(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    user = user_of(request)
    chosen_ids = request.GET.getlist("service")[:6]
    fits = []
    for raw in chosen_ids:
        try:
            service = selectors.get_service_for(user, UUID(raw))
        except ValueError:
            continue
        fits.append(selectors.fit_of(service))
    assessed = [f for f in fits if f.result is not None]
    rows = []
    if assessed:
        first = assessed[0].result
        assert first is not None
        for att_id in first.order:
            rows.append(
                {
                    "name": first.attributes[att_id].name,
                    "level": first.attributes[att_id].level,
                    "cells": [f.result.attributes[att_id] for f in assessed if f.result is not None],
                }
            )
    all_fits = selectors.portfolio_of(user, organisation)
    return render(
        request,
        "portfolio/compare.html",
        {
            "fits": assessed,
            "rows": rows,
            "all_fits": all_fits,
            "chosen": set(chosen_ids),
            "organisation": organisation,
            "breadcrumbs": SERVICES.then(gettext_lazy("Ranking"), "portfolio:ranking").here(_("Compare")),
        },
    )
