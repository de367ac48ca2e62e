"""Your data (see, take, erase), the organisations' privacy notices, and staff tools."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.core import exports
from cocreate.core.access import public, rule
from cocreate.core.forms import add_errors
from cocreate.privacy import selectors, services
from cocreate.privacy.forms import CodeForm, EmailForm, EraseForm, NoticeForm, PostalRequestForm


def _zip_response(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cocreate-my-data-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@public
def home(request: HttpRequest) -> HttpResponse:
    subject = selectors.subject_for_request(request)
    sections = [s for s in selectors.collect(subject) if s.rows] if subject else []
    return render(
        request,
        "privacy/home.html",
        {
            "subject": subject,
            "sections": sections,
            "proven_email": selectors.proven_email(request),
            "email_form": EmailForm(),
        },
    )


@public
def download(request: HttpRequest) -> HttpResponse:
    subject = selectors.subject_for_request(request)
    if not subject:
        return redirect("privacy:home")
    return _zip_response(selectors.export_zip(subject))


@public
def erase(request: HttpRequest) -> HttpResponse:
    subject = selectors.subject_for_request(request)
    if not subject:
        return redirect("privacy:home")
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = user_of(request) if request.user.is_authenticated else None
        services.erase(
            subject=subject, actor=actor, contributions=form.cleaned_data["contributions"], via="self"
        )
        if request.user.is_authenticated:
            logout(request)  # also flushes the session, with the proven e-mail
        request.session.pop(selectors.SESSION_EMAIL, None)
        messages.success(request, _("Your data has been erased."))
        response = redirect("privacy:home")
        response.delete_cookie(settings.PARTICIPANT_COOKIE_NAME)
        return response
    return render(request, "privacy/erase.html", {"form": form, "subject": subject})


def _next(request: HttpRequest) -> str:
    """Where to go once the address is proven (e.g. "What happened to my input"): a path on this
    site only, carried in the query string; anything else is ignored."""
    wanted = request.GET.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


@public
def request_code(request: HttpRequest) -> HttpResponse:
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access = services.send_access_code(email=form.cleaned_data["email"])
        if access is None:
            form.add_error(
                None, _("Several codes were sent to this address in the last hour. Try again later.")
            )
        else:
            messages.success(request, _("If we hold anything for this address, the code is on its way."))
            then = _next(request)
            url = reverse("privacy:confirm_code", kwargs={"access_id": access.pk})
            return redirect(f"{url}?{urlencode({'next': then})}" if then else url)
    return render(request, "privacy/request_code.html", {"form": form})


@public
def confirm_code(request: HttpRequest, access_id: UUID) -> HttpResponse:
    access = selectors.get_access_code(access_id)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_access_code(access=access, code=form.cleaned_data["code"]):
            request.session[selectors.SESSION_EMAIL] = {
                "email": access.email,
                "at": timezone.now().isoformat(),
            }
            return redirect(_next(request) or "privacy:home")
        if access.is_usable:
            form.add_error(
                "code", _("This code is not right. Check the e-mail and type the six digits again.")
            )
        else:
            form.add_error(None, _("This code can no longer be used. Ask for a new one."))
    return render(request, "privacy/confirm_code.html", {"form": form, "access": access})


@public
def notice(request: HttpRequest, organisation_id: UUID) -> HttpResponse:
    organisation = selectors.get_organisation(organisation_id)
    return render(
        request,
        "privacy/notice.html",
        {
            "organisation": organisation,
            "notice": selectors.notice_for(organisation),
            "activities": selectors.processing_activities(),
            "idle_months": getattr(settings, "PRIVACY_GUEST_IDLE_MONTHS", 24),
        },
    )


def _organisation(request: HttpRequest, organisation_id: UUID) -> Organisation:
    return selectors.get_organisation(organisation_id)


@rule("privacy.manage_notice", _organisation)
def notice_edit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = NoticeForm(request.POST or None, instance=selectors.notice_for(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_notice(actor=user_of(request), organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Privacy notice saved."))
            return redirect("privacy:notice", organisation_id=organisation.pk)
    return render(request, "privacy/notice_edit.html", {"form": form, "organisation": organisation})


@rule("privacy.view_processing", _organisation)
def processing(request: HttpRequest, organisation: Organisation) -> HttpResponseBase:
    """The record of processing activities as CSV, for the data protection officer. Written through
    the shared export helper: a controller's name or DPO contact is typed by staff, and a cell that
    starts like a formula must not run in the officer's spreadsheet."""
    notice = selectors.notice_for(organisation)
    lines = selectors.processing_activities()
    columns = list(lines[0]) if lines else []
    rows: list[list[Any]] = [
        [_("Data protection officer"), notice.dpo_contact if notice else ""],
        [],
        columns,
        *([line[c] for c in columns] for line in lines),
    ]
    return exports.csv_response(
        [_("Controller"), notice.controller if notice else organisation.name],
        rows,
        filename="record-of-processing-activities.csv",
    )


@rule("privacy.handle_requests", _organisation)
def postal(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """A request by post: staff check the sender, then export or erase for them."""
    form = PostalRequestForm(request.POST or None)
    actor = user_of(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["action"] == PostalRequestForm.Action.EXPORT:
            subject = services.subject_for_email(data["email"], include_account=actor.is_platform_admin)
            services.log_postal_export(actor=actor, organisation=organisation, reference=data["reference"])
            return _zip_response(selectors.export_zip(subject))
        try:
            counts = services.erase_by_post(
                actor=actor,
                organisation=organisation,
                email=data["email"],
                reference=data["reference"],
                contributions=data["contributions"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Erased: %(n)s items.") % {"n": sum(counts.values())})
            return redirect("privacy:postal", organisation_id=organisation.pk)
    return render(request, "privacy/postal.html", {"form": form, "organisation": organisation})
