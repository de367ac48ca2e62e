"""Public pages rendered once and shared for a few seconds by every visitor who is not signed in.

A city-wide call brings hundreds of phones to the same public page at once; each used to render it
from scratch. A page is rendered once per language (and per variant the view names in its key) and
kept for ``SHARED_PAGE_SECONDS``. What differs per visitor is left open in the shared render and
filled in for each visitor on the way out, so a shared page never shares anything of anyone's:

- the CSRF token in its forms and a form's one-time submission key: placeholders, filled with this
  visitor's own;
- the messages waiting for this visitor (base.html leaves a hole for them when ``holes`` is set);
- what is a guest's own on the page (their ratings, supports, contributions): holes the view names
  and fills through ``personal``. A page without ``personal`` has nothing of a guest on it.

Holes are HTML comments, which escaped user text can never produce: ``<!--hole:KIND:ARG-->`` (empty
for a newcomer), or ``<!--open:KIND:ARG-->…<!--close:KIND:ARG-->`` around what a newcomer sees. The
shared render is split at its holes once; each visitor's page is the parts joined with their fills.

Never shared (rendered for the visitor, holes filled all the same): signed-in people, anyone with
a session (an invitation code entered, say), anything with a query string, anything but a plain
200 to a GET.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

Fill = Callable[[], str]
# A copy past its SHARED_PAGE_SECONDS is still given out for this long while one visitor renders the
# next: when it expires under load, one request renders it, not every request that arrives meanwhile.
STALE_SECONDS = 30

HOLE = re.compile(
    r"<!--hole:(?P<kind>[\w-]+):(?P<arg>[\w.=-]*)-->"
    r"|<!--open:(?P<open_kind>[\w-]+):(?P<open_arg>[\w.=-]*)-->(?P<neutral>.*?)"
    r"<!--close:(?P=open_kind):(?P=open_arg)-->",
    re.S,
)


class Hole(NamedTuple):
    """A place in a shared page that is this visitor's: `neutral` is what a newcomer sees there."""

    kind: str
    arg: str
    neutral: str = ""


# Given every hole of the page, how to fill each for this visitor (so it can fetch in one go).
Personal = Callable[[Sequence[Hole]], Callable[[Hole], str]]
Part = str | Hole


def split(html: str) -> list[Part]:
    """The page as text and holes, in order."""
    parts: list[Part] = []
    at = 0
    for match in HOLE.finditer(html):
        parts.append(html[at : match.start()])
        if match["kind"] is not None:
            parts.append(Hole(match["kind"], match["arg"]))
        else:
            parts.append(Hole(match["open_kind"], match["open_arg"], match["neutral"]))
        at = match.end()
    parts.append(html[at:])
    return parts


def pieces(html: str) -> dict[tuple[str, str], str]:
    """{(kind, arg): content} of the open/close pairs in `html`: a batch of personal renders."""
    return {(p.kind, p.arg): p.neutral for p in split(html) if isinstance(p, Hole)}


def shareable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # signed in, or an invitation code
        and not request.user.is_authenticated
    )


@dataclass(frozen=True)
class _Page:
    # Holes kept as plain tuples: a page of a thousand holes unpickles ten times faster so.
    parts: list[str | tuple[str, str, str]]
    content_type: str
    placeholders: dict[str, str]
    fresh_until: float


def for_everyone(
    request: HttpRequest,
    key: str,
    render: Callable[[dict[str, Any]], HttpResponse],
    *,
    fresh: dict[str, Fill] | None = None,
    personal: Personal | None = None,
) -> HttpResponse:
    """`render(overrides)` builds the page with `overrides` laid over its context (``holes`` among
    them); for a visitor who may share, the page comes from the cache when there. Either way its
    holes are filled for this visitor, and each `fresh` value (and the CSRF token) is their own."""
    fills: dict[str, Fill] = {"csrf_token": lambda: str(get_token(request)), **(fresh or {})}
    shared = settings.SHARED_PAGE_SECONDS > 0 and shareable(request)
    if not shared and personal is None:
        return render({})  # nothing to share and nothing to fill: rendered as any page
    cache_key = f"shared-page:{key}:{get_language()}"
    page: _Page | None = _fetch(cache_key) if shared else None
    if page is not None and page.fresh_until < time.time() and cache.add(f"{cache_key}:renewing", 1, 30):
        page = None  # this visitor renders the new copy; the others are given the last one meanwhile
    if page is None:
        placeholders = {name: f"shared-{name}-{secrets.token_hex(12)}" for name in fills} if shared else {}
        response = render({**placeholders, "holes": True})
        parts = split(response.content.decode())
        if response.status_code != 200:  # not a page to share: this visitor's answer, as it is
            response.content = _fill(_join(request, parts, personal), placeholders, fills)
            return response
        page = _Page(
            [p if isinstance(p, str) else (p.kind, p.arg, p.neutral) for p in parts],
            response["Content-Type"],
            placeholders,
            fresh_until=time.time() + settings.SHARED_PAGE_SECONDS,
        )
        if shared:
            cache.set(cache_key, page, settings.SHARED_PAGE_SECONDS + STALE_SECONDS)
            cache.delete(f"{cache_key}:renewing")
            _held[cache_key] = page
    body = _fill(_join(request, page.parts, personal), page.placeholders, fills)
    return HttpResponse(body, content_type=page.content_type)


# This process's copies of the shared pages it served, each used only while fresh: the same copy
# the cache holds (a page is never changed once stored), without fetching and unpickling a few
# hundred kilobytes from Redis on every visit. Past its freshness the cache is asked again.
_held: dict[str, _Page] = {}
_HELD_MAX = 256


def _fetch(cache_key: str) -> _Page | None:
    held = _held.get(cache_key)
    if held is not None and held.fresh_until >= time.time():
        return held
    page: _Page | None = cache.get(cache_key)
    if page is not None:
        if len(_held) >= _HELD_MAX:
            _held.clear()  # many languages × many pages: start over rather than grow
        _held[cache_key] = page
    return page


def _join(
    request: HttpRequest, parts: Sequence[str | tuple[str, str, str]], personal: Personal | None
) -> str:
    holes = [Hole(*p) for p in parts if not isinstance(p, str)]
    own = personal(holes) if personal is not None and holes else None
    filled = iter(holes)
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        hole = next(filled)
        if hole.kind == "messages":
            out.append(_messages(request))
        else:
            out.append(own(hole) if own is not None else hole.neutral)
    return "".join(out)


def _messages(request: HttpRequest) -> str:
    waiting = messages.get_messages(request)
    if not len(waiting):  # counted, not consumed
        return ""
    return render_to_string("includes/messages.html", {"messages": waiting}, request=request)


def _fill(body: str, placeholders: dict[str, str], fills: dict[str, Fill]) -> str:
    for name, placeholder in placeholders.items():
        if placeholder in body:
            body = body.replace(placeholder, fills[name]())
    return body
