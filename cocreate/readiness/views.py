from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.selectors import current_organisation, organisations_for
from cocreate.assessments import results
from cocreate.assessments.forms import QuestionnaireForm
from cocreate.assessments.models import DONT_KNOW
from cocreate.core import exports, links
from cocreate.core.access import rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.core.i18n import translated
from cocreate.readiness import selectors, services
from cocreate.readiness.forms import (
    ActionForm,
    ActionStatusForm,
    BenchmarkFilterForm,
    CommitActionForm,
    InviteForm,
    RoundForm,
)
from cocreate.readiness.models import ImprovementAction, RoadmapEntry, Round
from cocreate.readiness.shipped import CATEGORIES, ROOT

READINESS = trail(gettext_lazy("Readiness"), "readiness:home")


def _round_trail(round_: Round) -> Trail:
    return READINESS.then(round_.title, "readiness:round", round_.pk)


def _round(request: HttpRequest, round_id: UUID) -> Round:
    return selectors.get_round_for(user_of(request), round_id)


def _action(request: HttpRequest, action_id: UUID) -> ImprovementAction:
    return get_object_or_404(
        ImprovementAction.objects.select_related("round", "organisation"),
        pk=action_id,
        organisation__in=organisations_for(user_of(request)),
    )


@rule("readiness.view_readiness", current_organisation)
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    user = user_of(request)
    rounds = list(selectors.rounds_of(user, organisation))
    latest_closed = next((r for r in rounds if not r.is_open), None)
    return render(
        request,
        "readiness/home.html",
        {
            "organisation": organisation,
            "rounds": rounds,
            "latest": latest_closed,
            "latest_result": results.collection_result(latest_closed.collection) if latest_closed else None,
            "categories": (ROOT, *CATEGORIES),
            **_actions_context(request, organisation),
            "can_manage": user.has_perm("readiness.manage_round", organisation),
            "form": RoundForm(),
        },
    )


def _actions_context(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    """The organisation's actions, each with the commitment that took it over, and what is needed
    to turn the others into commitments."""
    user = user_of(request)
    can_commit = user.has_perm("readiness.commit_action", organisation)
    return {
        "action_rows": selectors.action_rows(selectors.actions_of(organisation)),
        "can_commit": can_commit,
        "commit_renewals": selectors.renewals_for_commitments(user, organisation) if can_commit else [],
    }


@require_POST
@rule("readiness.manage_round", current_organisation)
def open_round(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            round_ = services.open_round(
                actor=user_of(request), organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The round is open. Invite your colleagues."))
            return redirect("readiness:round", round_.pk)
    user = user_of(request)
    return render(
        request,
        "readiness/home.html",
        {
            "organisation": organisation,
            "rounds": list(selectors.rounds_of(user, organisation)),
            **_actions_context(request, organisation),
            "can_manage": True,
            "form": form,
        },
    )


@rule("readiness.view_readiness", _round)
def round_detail(request: HttpRequest, round_: Round) -> HttpResponse:
    user = user_of(request)
    can_manage = user.has_perm("readiness.manage_round", round_)
    form = InviteForm(request.POST or None, organisation=round_.organisation)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                n = services.invite_colleagues(
                    actor=user, round_=round_, colleagues=form.cleaned_data["colleagues"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Invitation sent to %(n)s colleagues.") % {"n": n})
                return redirect("readiness:round", round_.pk)
    own = selectors.own_response(round_, user)
    return render(
        request,
        "readiness/round.html",
        {
            "round": round_,
            "own": own,
            "submitted": selectors.submitted_count(round_),
            "invitees": round_.invitees.order_by("full_name"),
            "can_manage": can_manage,
            "form": form,
            "link": links.absolute_url(request, reverse("readiness:answer", args=[round_.pk])),
            "breadcrumbs": READINESS.here(round_.title),
        },
    )


@require_POST
@rule("readiness.manage_round", _round)
def close_round(request: HttpRequest, round_: Round) -> HttpResponse:
    try:
        services.close_round(actor=user_of(request), round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("readiness:round", round_.pk)
    messages.success(request, _("The round is closed. Here are the results."))
    return redirect("readiness:results", round_.pk)


@rule("readiness.answer_round", _round)
def answer(request: HttpRequest, round_: Round) -> HttpResponse:
    user = user_of(request)
    version = round_.collection.version
    own = selectors.own_response(round_, user)
    submitting = request.method == "POST" and "submit" in request.POST
    initial = own.answers if own else {}
    form = QuestionnaireForm(request.POST or None, version=version, submitting=submitting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(round_=round_, user=user, answers=form.answers(), submit=submitting)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if submitting:
                messages.success(
                    request, _("Thank you. Your answers are counted; you can still change them.")
                )
                return redirect("readiness:round", round_.pk)
            messages.success(request, _("Saved. You can come back and finish later."))
            return redirect("readiness:answer", round_.pk)
    answered = sum(1 for q in form.questions if (own and q.attribute in own.answers))
    return render(
        request,
        "readiness/answer.html",
        {
            "round": round_,
            "form": form,
            "own": own,
            "answered": answered,
            "total": len(form.questions),
            "breadcrumbs": _round_trail(round_).here(_("Answer")),
        },
    )


@require_POST
@rule("readiness.answer_round", _round)
def autosave(request: HttpRequest, round_: Round) -> HttpResponse:
    """htmx: saves whatever was chosen so far, without submitting. Answers only, never clears."""
    form = QuestionnaireForm(request.POST, version=round_.collection.version)
    saved = False
    if form.is_valid():
        try:
            services.save_answers(round_=round_, user=user_of(request), answers=form.answers(), submit=False)
            saved = True
        except ValidationError:
            saved = False
    return render(
        request, "core/components/autosave_status.html", {"saved": saved, "time": timezone.localtime()}
    )


def _results_context(round_: Round) -> dict[str, Any]:
    result = results.collection_result(round_.collection)
    categories = [result.attributes[a] for a in (ROOT, *CATEGORIES) if a in result.attributes]
    return {
        "round": round_,
        "result": result,
        "categories": categories,
        "sections": [
            (result.attributes[c], _section_rows(result, c)) for c in CATEGORIES if c in result.attributes
        ],
        "disagreements": [a for a in result.leaves() if a.disagreement],
        "roadmap": selectors.roadmap_for(result),
        "action_rows": selectors.action_rows(round_.actions.select_related("owner")),
        "names": {a.id: a.name for a in result.attributes.values()},
    }


def _section_rows(result: results.GroupResult, category: str) -> list[results.AttributeResult]:
    rows = []
    for child in result.children(category):
        rows.append(child)
        rows.extend(result.children(child.id))
    return rows


@rule("readiness.view_results", _round)
def results_view(request: HttpRequest, round_: Round) -> HttpResponse:
    context = _results_context(round_)
    context["can_add_action"] = request.user.has_perm("readiness.add_action", round_)
    context["action_form"] = ActionForm(organisation=round_.organisation)
    context["breadcrumbs"] = _round_trail(round_).here(_("Results"))
    return render(request, "readiness/results.html", context)


@rule("readiness.view_results", _round)
def report(request: HttpRequest, round_: Round) -> HttpResponse:
    return render(request, "readiness/report.html", _results_context(round_))


@rule("readiness.view_results", _round)
def report_pdf(request: HttpRequest, round_: Round) -> HttpResponse:
    html = render_to_string(
        "readiness/report.html", {**_results_context(round_), "pdf": True}, request=request
    )
    try:
        import weasyprint  # Pango is a system library; see README "Run it"
    except OSError:
        messages.error(
            request, _("PDF export is not available on this server; use the printable page instead.")
        )
        return redirect("readiness:report", round_.pk)
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="readiness-{round_.created_at:%Y-%m-%d}.pdf"'
    return response


@rule("readiness.view_results", _round)
def answers_csv(request: HttpRequest, round_: Round) -> HttpResponseBase:
    """The group's answers per question: counts only, never who answered what."""
    responses = [r.answers for r in round_.collection.responses.filter(submitted_at__isnull=False)]
    rows = []
    for question in round_.collection.questions():
        options = [*question.choices(), (DONT_KNOW, _("Don't know"))]
        for value, label in options:
            count = sum(1 for a in responses if a.get(question.attribute) == value)
            rows.append([question.attribute, translated(question.text), label, count])
    return exports.csv_response(
        ["attribute", "question", "answer", "respondents"], rows, filename="readiness-answers.csv"
    )


@rule("readiness.view_readiness", _round)
def my_answers_csv(request: HttpRequest, round_: Round) -> HttpResponseBase:
    """A colleague's own answers, and nobody else's."""
    own = selectors.own_response(round_, user_of(request))
    answers = own.answers if own else {}
    rows = []
    for question in round_.collection.questions():
        labels = dict([*question.choices(), (DONT_KNOW, _("Don't know"))])
        rows.append(
            [
                question.attribute,
                translated(question.text),
                labels.get(answers.get(question.attribute, ""), ""),
            ]
        )
    return exports.csv_response(
        ["attribute", "question", "my answer"], rows, filename="my-readiness-answers.csv"
    )


@require_POST
@rule("readiness.add_action", _round)
def add_action(request: HttpRequest, round_: Round) -> HttpResponse:
    form = ActionForm(request.POST, organisation=round_.organisation)
    if form.is_valid():
        data = form.cleaned_data
        entry = RoadmapEntry.objects.filter(pk=data["entry"]).first() if data.get("entry") else None
        try:
            services.add_action(
                actor=user_of(request),
                round_=round_,
                attribute=data["attribute"],
                title=data["title"],
                owner=data["owner"],
                deadline=data["deadline"],
                entry=entry,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action added to the roadmap."))
            return redirect("readiness:results", round_.pk)
    else:
        problems = "; ".join(
            f"{form.fields[f].label}: {' '.join(str(m) for m in e)}"
            for f, e in form.errors.items()
            if f in form.fields
        )
        messages.error(request, _("The action was not added. %(problems)s") % {"problems": problems})
    return redirect("readiness:results", round_.pk)


@require_POST
@rule("readiness.change_action", _action)
def action_status(request: HttpRequest, action: ImprovementAction) -> HttpResponse:
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(actor=user_of(request), action=action, status=form.cleaned_data["status"])
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("readiness:home")


@require_POST
@rule("readiness.commit_action", _action)
def commit_action(request: HttpRequest, action: ImprovementAction) -> HttpResponse:
    """Co-Ready → commitments: the action becomes a commitment of a renewal in one step."""
    user = user_of(request)
    form = CommitActionForm(
        request.POST, renewals=selectors.renewals_for_commitments(user, action.organisation)
    )
    if not form.is_valid():
        messages.error(request, _("Choose a renewal you can add commitments to."))
        return redirect("readiness:home")
    try:
        commitment = services.commit_action(actor=user, action=action, renewal=form.cleaned_data["renewal"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("readiness:home")
    messages.success(
        request,
        _(
            "“%(title)s” is now a commitment of “%(renewal)s”: its owner gets reminders and reports"
            " progress there."
        )
        % {"title": action.title, "renewal": commitment.owner_title},
    )
    return redirect(f"{reverse('readiness:home')}#action-{action.pk}")


@rule("readiness.view_readiness", current_organisation)
def history(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    rounds = selectors.history_of(user_of(request), organisation)
    version = rounds[-1].collection.version if rounds else None
    rows = []
    if version is not None:
        for attribute in version.compiled.ids:
            info = version.compiled.index.by_id[attribute]
            if info.level > 3:
                continue
            rows.append(
                {
                    "name": version.attribute_name(attribute),
                    "level": info.level,
                    "figures": [
                        r.collection.result.get("attributes", {}).get(attribute, {}).get("score")
                        for r in rounds
                    ],
                }
            )
    return render(
        request,
        "readiness/history.html",
        {
            "organisation": organisation,
            "rounds": rounds,
            "rows": rows,
            "breadcrumbs": READINESS.here(_("History")),
        },
    )


@rule("readiness.view_readiness", current_organisation)
def benchmark(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = BenchmarkFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    result = selectors.benchmark_for(
        organisation,
        kind=filters.get("kind", ""),
        size_band=filters.get("size_band", ""),
        country=filters.get("country", ""),
    )
    version = services.current_version()
    names = {p.attribute: version.attribute_name(p.attribute) for p in result.positions}
    return render(
        request,
        "readiness/benchmark.html",
        {
            "organisation": organisation,
            "form": form,
            "benchmark": result,
            "names": names,
            "minimum": selectors.BENCHMARK_MINIMUM,
            "breadcrumbs": READINESS.here(_("Benchmark")),
        },
    )
