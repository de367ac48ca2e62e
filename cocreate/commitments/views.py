"""Pages of commitments. Thin: parse the form, check the rule (by decorator), call one service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.commitments import selectors, services
from cocreate.commitments.forms import CommitmentForm, ProgressForm, StatusForm
from cocreate.commitments.models import Commitment
from cocreate.core.access import public, rule, signed_in
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import get_renewal_for


def _board_trail(renewal: Renewal) -> Trail:
    return trail(renewal.title, "renewals:renewal", renewal.pk).then(
        gettext_lazy("Commitments"), "commitments:board", renewal.pk
    )


def _renewal(request: HttpRequest, renewal_id: UUID) -> Renewal:
    return get_renewal_for(user_of(request), renewal_id)


def _commitment(request: HttpRequest, commitment_id: UUID) -> Commitment:
    return selectors.get_commitment_for(user_of(request), commitment_id)


@signed_in
def my_commitments(request: HttpRequest) -> HttpResponse:
    mine = selectors.my_commitments(user_of(request))
    return render(
        request,
        "commitments/mine.html",
        {
            "columns": selectors.board(mine),
            "count": mine.count(),
            "breadcrumbs": trail(gettext_lazy("Dashboard"), "home:dashboard").here(_("My commitments")),
        },
    )


@rule("commitments.view_board", _renewal)
def board(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    commitments = selectors.commitments_of(renewal)
    return render(
        request,
        "commitments/board.html",
        {
            "renewal": renewal,
            "breadcrumbs": trail(renewal.title, "renewals:renewal", renewal.pk).here(_("Commitments")),
            "columns": selectors.board(commitments),
            "late": selectors.late_count(commitments),
            "can_manage": request.user.has_perm("commitments.manage", renewal),
        },
    )


@rule("commitments.manage", _renewal)
def commitment_create(request: HttpRequest, renewal: Renewal) -> HttpResponse:
    form = CommitmentForm(request.POST or None, organisation=renewal.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.add_commitment(
                actor=user_of(request), owner=renewal, organisation=renewal.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Commitment added."))
            return redirect("commitments:commitment", commitment.pk)
    return render(
        request,
        "commitments/commitment_form.html",
        {"renewal": renewal, "form": form, "breadcrumbs": _board_trail(renewal).here(_("Add"))},
    )


def _commitment_page(request: HttpRequest, commitment: Commitment, **forms: Any) -> HttpResponse:
    user = user_of(request)
    owner = commitment.owner
    above = (
        _board_trail(owner)
        if isinstance(owner, Renewal)
        else trail(owner.name, "alliances:alliance", owner.pk)
    )
    context = {
        "commitment": commitment,
        "breadcrumbs": above.here(commitment.title),
        "updates": commitment.updates.select_related("author"),
        "can_update": user.has_perm("commitments.update_commitment", commitment),
        "can_manage": user.has_perm("commitments.manage", commitment),
        "status_form": StatusForm(
            initial={"status": commitment.status, "drop_reason": commitment.drop_reason}
        ),
        "progress_form": ProgressForm(),
        "source": selectors.described_source(commitment),
        **forms,
    }
    return render(request, "commitments/commitment.html", context)


@rule("commitments.view_commitment", _commitment)
def commitment_detail(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    return _commitment_page(request, commitment)


@require_POST
@rule("commitments.update_commitment", _commitment)
def commitment_status(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(actor=user_of(request), commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect("commitments:commitment", commitment.pk)
    commitment.refresh_from_db()
    return _commitment_page(request, commitment, status_form=form)


@require_POST
@rule("commitments.update_commitment", _commitment)
def commitment_progress(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_progress(actor=user_of(request), commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("commitments:commitment", commitment.pk)
    return _commitment_page(request, commitment, progress_form=form)


@require_POST
@rule("commitments.manage", _commitment)
def commitment_publish(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    services.publish_commitment(actor=user_of(request), commitment=commitment)
    messages.success(request, _("The commitment is on the public page."))
    return redirect("commitments:commitment", commitment.pk)


@public
def public_commitment(request: HttpRequest, commitment_id: UUID) -> HttpResponse:
    """A published commitment of a public renewal or alliance: what, by when, who (the
    organisation, never a person), its progress, and what it answers — linked, and its findings
    quoted, only where the source is public too."""
    commitment = selectors.get_public_commitment(commitment_id)
    owner = commitment.owner
    source = selectors.described_source(commitment)
    above = (
        trail(owner.title, "public:public_renewal", owner.pk)
        if isinstance(owner, Renewal)
        else trail(owner.name, "alliances:alliance", owner.pk)
    )
    return render(
        request,
        "commitments/public_commitment.html",
        {
            "commitment": commitment,
            "owner": owner,
            "breadcrumbs": above.here(commitment.title),
            "updates": commitment.updates.all(),
            "source": source,
            # The findings cite the source's words and figures: shown when the source is public too
            # (or when staff wrote them by hand, without a source).
            "show_findings": source is None or source.public_url is not None,
        },
    )
