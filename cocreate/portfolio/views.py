from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.accounts.models import Organisation
from cocreate.accounts.selectors import current_organisation
from cocreate.core.access import rule
from cocreate.core.breadcrumbs import Trail, trail
from cocreate.core.forms import add_errors
from cocreate.portfolio import selectors, services
from cocreate.portfolio.forms import ServiceForm
from cocreate.portfolio.models import Service

SERVICES = trail(gettext_lazy("Services"), "portfolio:services")


def service_trail(service: Service) -> Trail:
    return SERVICES.then(service.name, "portfolio:service", service.pk)


def _service(request: HttpRequest, service_id: UUID) -> Service:
    return selectors.get_service_for(user_of(request), service_id)


@rule("portfolio.view_service", current_organisation)
def service_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    show_archived = request.GET.get("archived") == "1"
    services_qs = selectors.services_of(user_of(request), organisation, include_archived=show_archived)
    return render(
        request,
        "portfolio/service_list.html",
        {
            "organisation": organisation,
            "services": services_qs,
            "show_archived": show_archived,
            "can_add": request.user.has_perm("portfolio.add_service", organisation),
        },
    )


@rule("portfolio.add_service", current_organisation)
def service_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.create_service(
                actor=user_of(request),
                organisation=organisation,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Service “%(name)s” added.") % {"name": service.name})
            return redirect("portfolio:service", service.pk)
    return render(
        request,
        "portfolio/service_form.html",
        {"form": form, "organisation": organisation, "breadcrumbs": SERVICES.here(_("Add"))},
    )


@rule("portfolio.view_service", _service)
def service_detail(request: HttpRequest, service: Service) -> HttpResponse:
    return render(
        request,
        "portfolio/service_detail.html",
        {
            "service": service,
            "renewals": service.renewals.order_by("-created_at"),
            "can_change": request.user.has_perm("portfolio.change_service", service),
            "can_renew": request.user.has_perm("renewals.add_renewal", service.organisation),
            "breadcrumbs": SERVICES.here(service.name),
        },
    )


@rule("portfolio.change_service", _service)
def service_edit(request: HttpRequest, service: Service) -> HttpResponse:
    initial = {
        "name": service.name,
        "description": service.description,
        "users": service.users,
        "channels": service.channels,
    }
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(actor=user_of(request), service=service, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("portfolio:service", service.pk)
    return render(
        request,
        "portfolio/service_form.html",
        {
            "form": form,
            "service": service,
            "organisation": service.organisation,
            "breadcrumbs": service_trail(service).here(_("Edit")),
        },
    )


@require_POST
@rule("portfolio.change_service", _service)
def service_archive(request: HttpRequest, service: Service) -> HttpResponse:
    archive = request.POST.get("archive") == "1"
    services.set_archived(actor=user_of(request), service=service, archived=archive)
    messages.success(request, _("Service archived.") if archive else _("Service restored."))
    return redirect("portfolio:service", service.pk)
