from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import requires_csrf_token
from django.views.i18n import set_language as django_set_language

from cocreate.core.access import public, signed_in, user_of
from cocreate.portfolio.selectors import services_of
from cocreate.renewals.selectors import public_renewals, renewals_of


@public
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home:dashboard")
    return render(request, "home/home.html", {"public_renewals": public_renewals()[:6]})


@signed_in
def dashboard(request: HttpRequest) -> HttpResponse:
    org: Any = getattr(request, "organisation", None)
    context: dict[str, Any] = {"organisation": org if org else None}
    if org:
        context["services"] = services_of(user_of(request), org)[:10]
        context["renewals"] = renewals_of(user_of(request), org)[:10]
    return render(request, "home/dashboard.html", context)


set_language = public(django_set_language)


@requires_csrf_token
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)
