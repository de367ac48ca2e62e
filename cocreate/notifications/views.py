from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.access import user_of
from cocreate.core.access import public, signed_in
from cocreate.core.breadcrumbs import trail
from cocreate.notifications import selectors, services
from cocreate.notifications.forms import PreferencesForm


@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    page = Paginator(selectors.notifications_for(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread": selectors.unread_count(user),
            "breadcrumbs": trail(_("Dashboard"), "home:dashboard").here(_("Notifications")),
        },
    )


@require_POST
@signed_in
def mark_read(request: HttpRequest, notification_id: UUID) -> HttpResponse:
    user = user_of(request)
    services.mark_read(user=user, notification=selectors.get_notification_for(user, notification_id))
    return redirect("notifications:inbox")


@require_POST
@signed_in
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(user=user_of(request))
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@signed_in
def preferences(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = PreferencesForm(
        request.POST or None, initial=selectors.preferences_of(user), kinds=selectors.kinds_for(user)
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=user, deliveries=form.deliveries())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    breadcrumbs = trail(_("Notifications"), "notifications:inbox").here(_("Preferences"))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "breadcrumbs": breadcrumbs},
        status=400 if form.is_bound else 200,
    )


@public
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """From the link in an e-mail, no log-in. A GET only asks: mail scanners follow links."""
    valid = services.read_unsubscribe_token(token) is not None
    done = False
    if request.method == "POST" and valid:
        done = services.unsubscribe(token=token) is not None
    return render(
        request,
        "notifications/unsubscribe.html",
        {"valid": valid, "done": done},
        status=200 if valid else 400,
    )
