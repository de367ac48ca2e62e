"""Public pages rendered once and shared for a few seconds by every visitor without an identity.

A city-wide call brings hundreds of new phones to the same public page at once; each used to render
it from scratch. A page that looks the same to every visitor who is not signed in and carries no
guest identity (nothing of theirs can be on it) is rendered once per language and kept for
``SHARED_PAGE_SECONDS``. What must differ per visitor — the CSRF token in its forms, a form's
one-time submission key — is rendered as a placeholder and filled in for each visitor on the way
out, so a shared page never shares a token or a key.

Never shared: signed-in people, anyone with a session (an invitation code entered, say), guests
with an identity (their own votes, ratings and supports are
on the page), a visitor with a message waiting (a confirmation is theirs), anything with a query
string, and anything but a plain 200.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

Fill = Callable[[], str]


def shareable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and getattr(request, "participant", None) is None
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # signed in, or an invitation code
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))  # counted, not consumed
    )


def for_everyone(
    request: HttpRequest,
    key: str,
    render: Callable[[dict[str, Any]], HttpResponse],
    *,
    fresh: dict[str, Fill] | None = None,
) -> HttpResponse:
    """`render(overrides)` builds the page with `overrides` laid over its context; for a visitor
    who may share, the page comes from the cache when there, with each `fresh` value (and the CSRF
    token) filled in for this visitor."""
    fills: dict[str, Fill] = {"csrf_token": lambda: str(get_token(request)), **(fresh or {})}
    if settings.SHARED_PAGE_SECONDS <= 0 or not shareable(request):
        return render({})
    cache_key = f"shared-page:{key}:{get_language()}"
    held = cache.get(cache_key)
    if held is None:
        placeholders = {name: f"shared-{name}-{secrets.token_hex(12)}" for name in fills}
        response = render(placeholders)
        if response.status_code != 200:  # not a page to share: this visitor's answer, as it is
            response.content = _fill(response.content.decode(), placeholders, fills)
            return response
        held = (response.content.decode(), response["Content-Type"], placeholders)
        cache.set(cache_key, held, settings.SHARED_PAGE_SECONDS)
    body, content_type, placeholders = held
    return HttpResponse(_fill(body, placeholders, fills), content_type=content_type)


def _fill(body: str, placeholders: dict[str, str], fills: dict[str, Fill]) -> str:
    for name, placeholder in placeholders.items():
        if placeholder in body:
            body = body.replace(placeholder, fills[name]())
    return body
