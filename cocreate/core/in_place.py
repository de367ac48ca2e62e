"""Buttons answered in place (decision 0024): a participant's busiest buttons -- a vote, a support --
are sent by htmx where JavaScript runs, and answered with the part of the page that changed instead
of a redirect to the whole page. Without JavaScript the same form posts and the page reloads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django_htmx.http import HttpResponseClientRefresh


def requested(request: HttpRequest) -> bool:
    """Sent by htmx (django-htmx's middleware reads its header): answer with a part of the page."""
    return bool(getattr(request, "htmx", False))


def introduced(request: HttpRequest) -> bool:
    """This request made the guest's identity (their first vote, support or idea): the answer in
    place also brings the page's note on following one's input, now with their own link
    (`core/components/my_input.html`, swapped out of band), which the page had without it."""
    return bool(getattr(request, "participant_is_new", False))


def reload_page() -> HttpResponse:
    """What changed is more than the part (the page closed meanwhile, say): the page reloads whole.
    htmx would not swap an error status in, so the whole page says it."""
    return HttpResponseClientRefresh()


def csrf_input(token: Any) -> str:
    """What `{% csrf_token %}` renders for this token, for the parts answered in place that are
    built in Python (decision 0026): the real token, or a shared page's placeholder for it."""
    if not token or token == "NOTPROVIDED":  # noqa: S105 -- Django's marker for "no token here", not a secret
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
