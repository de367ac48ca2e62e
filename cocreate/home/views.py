from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.i18n import set_language as django_set_language

from cocreate.accounts import throttle
from cocreate.accounts.access import user_of
from cocreate.core import join as join_codes
from cocreate.core.access import public, signed_in
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

# Codes are short enough to type, so wrong guesses are counted per client address: 30 misses in
# ten minutes close the door for the rest of the window (31**6 codes, a handful active at a time).
JOIN_DOOR = throttle.Door("join", per_address=30, per_account=0, window_seconds=600)


@public
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Type a code (from a poster, a projector, a card) and arrive at the participation page."""
    typed = (code or request.GET.get("code", "")).strip()[:40]
    error = ""
    status = 200
    if typed:
        if throttle.is_address_blocked(JOIN_DOOR, request):
            error = _("Too many codes were tried from this connection. Wait a few minutes and try again.")
            status = 429
        else:
            arrival = join_codes.resolve(typed)
            if arrival is not None:
                return redirect(arrival.url)
            throttle.record(JOIN_DOOR, request)
            error = _(
                "No open activity has this code. Check the letters and numbers — "
                "or the activity may have ended."
            )
            status = 404 if code else 200
    return render(request, "home/join.html", {"typed": typed, "error": error}, status=status)


@requires_csrf_token
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)
