from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.selectors import current_organisation
from cocreate.core import page_cache
from cocreate.core.access import public, rule
from cocreate.core.breadcrumbs import trail
from cocreate.core.forms import add_errors
from cocreate.portfolio import selectors as portfolio
from cocreate.renewals import selectors, services
from cocreate.renewals.advice import ADVICE
from cocreate.renewals.forms import EditRenewalForm, NewRenewalForm
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import sections_for
from cocreate.renewals.start_hints import start_hints_for

RENEWALS = trail(gettext_lazy("Renewals"), "renewals:renewals")
PUBLIC_RENEWALS = trail(gettext_lazy("Public renewals"), "public:public_renewals")


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return selectors.get_renewal_for(user_of(request), renewal_id)


@rule("renewals.view_renewal", current_organisation)
def renewal_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "renewals/renewal_list.html",
        {
            "organisation": organisation,
            "renewals": selectors.renewals_of(user_of(request), organisation),
            "can_add": request.user.has_perm("renewals.add_renewal", organisation),
        },
    )


@rule("renewals.add_renewal", current_organisation)
def renewal_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    initial = {"service": request.GET.get("service"), "coserve_assessment": request.GET.get("assessment")}
    form = NewRenewalForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.create_renewal(actor=user_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Renewal started."))
            return redirect("renewals:renewal", renewal.pk)
    return render(
        request,
        "renewals/renewal_form.html",
        {
            "form": form,
            "organisation": organisation,
            "coserve": form.coserve,
            "coserve_sentence": ADVICE.get(form.coserve.participation or "", "") if form.coserve else "",
            "needs_reason": "reason_against_advice" in form.fields,
            "hints": start_hints_for(organisation, request.user),
            "breadcrumbs": RENEWALS.here(_("Start")),
        },
    )


@rule("renewals.view_renewal", _renewal)
def renewal_detail(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    return render(
        request,
        "renewals/renewal_detail.html",
        {
            "renewal": renewal,
            "team": renewal.team.order_by("full_name"),
            "activity": selectors.activity_of(renewal, limit=20),
            "can_change": request.user.has_perm("renewals.change_renewal", renewal),
            "sections": sections_for(renewal, request.user, public=False),
            "coserve": portfolio.coserve_summary(renewal.coserve_assessment),
            "cycles": selectors.cycle_views(renewal, public=False),
            # Co-Ready sits above the renewals: its permission is asked by name, its page by URL.
            "can_open_round": request.user.has_perm("readiness.manage_round", renewal.organisation),
            "breadcrumbs": RENEWALS.here(renewal.title),
        },
    )


@rule("renewals.change_renewal", _renewal)
def renewal_edit(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    initial = {
        "title": renewal.title,
        "goal": renewal.goal,
        "closed": renewal.is_closed,
        "visibility": renewal.visibility,
        "team": list(renewal.team.all()),
    }
    form = EditRenewalForm(request.POST or None, organisation=renewal.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_renewal(actor=user_of(request), renewal=renewal, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("renewals:renewal", renewal.pk)
    return render(
        request,
        "renewals/renewal_form.html",
        {
            "form": form,
            "renewal": renewal,
            "organisation": renewal.organisation,
            "breadcrumbs": RENEWALS.then(renewal.title, "renewals:renewal", renewal.pk).here(_("Edit")),
        },
    )


@require_POST
@rule("renewals.change_renewal", _renewal)
def renewal_next_cycle(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    """The button names the cycle it follows (`after`): a second tap, or a second person, finds
    that cycle's successor already started and starts no other."""
    try:
        after = int(request.POST.get("after", renewal.cycle_number))
    except (TypeError, ValueError):
        after = renewal.cycle_number
    renewal = services.start_next_cycle(actor=user_of(request), renewal=renewal, after=after)
    messages.success(request, _("Cycle %(n)s started.") % {"n": renewal.cycle_number})
    return redirect("renewals:renewal", renewal.pk)


@public
def public_renewal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "renewals/public_list.html", {"renewals": selectors.public_renewals()[:100]})


@public
def public_renewal(request: HttpRequest, renewal_id: UUID) -> HttpResponse:
    # Whether it is public is asked every time; the renewal with all it shows is fetched only to
    # render the shared page (the joins cost more than the shared page's answer).
    if not selectors.is_public_renewal(renewal_id):
        raise Http404
    return page_cache.for_everyone(
        request,
        f"renewal:{renewal_id}",
        lambda extra: _public_renewal_page(request, selectors.get_public_renewal(renewal_id), extra),
    )


def _public_renewal_page(request: HttpRequest, renewal: Renewal, extra: dict[str, Any]) -> HttpResponse:
    return render(
        request,
        "renewals/public_detail.html",
        {
            "renewal": renewal,
            "activity": selectors.activity_of(renewal, public_only=True),
            "sections": sections_for(renewal, None, public=True),
            "coserve": portfolio.coserve_summary(renewal.coserve_assessment),
            "cycles": selectors.cycle_views(renewal, public=True),
            "breadcrumbs": PUBLIC_RENEWALS.here(renewal.title),
            **extra,
        },
    )
