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
shared render is split at its holes once per process (`_Layout`); each visitor's page is that copy
with their own holes set, so its cost follows what is theirs, not the size of the page.

Never shared (rendered for the visitor, holes filled all the same): signed-in people, anyone with
a session (an invitation code entered, say), anything with a query string, anything but a plain
200 to a GET.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Mapping
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
# Part of every cache key: raise it whenever `_Page` changes, so that during a deploy a copy the
# previous release stored (another shape under the same class name) is never read by this one.
PAGE_FORMAT = 3

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


class Holes(tuple[Hole, ...]):
    """The holes of one laid-out page. What a visitor's `personal` asks of them is the same for every
    visitor of that copy, so it is worked out once: a journey page has hundreds of holes."""

    def args(self, kind: str, parse: Callable[[str], Any] = str) -> frozenset[Any]:
        """The args of the holes of `kind`, each parsed (the ids of the contributions shown, say)."""
        memo: dict[tuple[str, Callable[[str], Any]], frozenset[Any]] = self.__dict__.setdefault("_args", {})
        if (kind, parse) not in memo:
            memo[(kind, parse)] = frozenset(parse(hole.arg) for hole in self if hole.kind == kind)
        return memo[(kind, parse)]


Key = tuple[str, str]
# Given every hole of the page, what this visitor sees in the holes that are theirs, by (kind, arg);
# every other hole keeps what a newcomer sees. It sees all the holes, so it can fetch in one go.
Personal = Callable[[Holes], Mapping[Key, str]]
# The holes left where a placeholder stood (the CSRF token, a `fresh` value): filled like the rest.
FRESH = "fresh"


def pieces(html: str) -> dict[Key, str]:
    """{(kind, arg): content} of the open/close pairs in `html`: a batch of personal renders."""
    return {
        (m["open_kind"], m["open_arg"]): m["neutral"]
        for m in HOLE.finditer(html)
        if m["open_kind"] is not None
    }


def _scan(html: str, placeholders: Mapping[str, str]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The page as the texts between its holes and the holes (kind, arg, neutral), in order; each
    placeholder becomes a hole of kind FRESH named after what fills it."""
    named = {placeholder: name for name, placeholder in placeholders.items()}
    pattern = HOLE
    if named:
        pattern = re.compile(f"{HOLE.pattern}|(?P<fresh>{'|'.join(map(re.escape, named))})", re.S)
    texts: list[str] = []
    holes: list[tuple[str, str, str]] = []
    at = 0
    for match in pattern.finditer(html):
        texts.append(html[at : match.start()])
        if match["kind"] is not None:
            holes.append((match["kind"], match["arg"], ""))
        elif match["open_kind"] is not None:
            holes.append((match["open_kind"], match["open_arg"], match["neutral"]))
        else:
            holes.append((FRESH, named[match["fresh"]], ""))
        at = match.end()
    texts.append(html[at:])
    return texts, holes


class _Layout:
    """A page ready to be filled: as a newcomer sees it, in a list that alternates text and hole,
    and where each hole sits in it. Built once per copy of a page in a process; a visitor's page is
    that list copied, their own holes set, joined -- work in proportion to what is theirs, not to
    the page (a journey page has hundreds of holes, and all but a few keep what a newcomer sees)."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self.holes = Holes(Hole(*hole) for hole in page.holes)
        self.placeholders = placeholders = page.placeholders
        self.neutral: list[str] = [""] * (2 * len(self.holes) + 1)
        self.neutral[0::2] = page.texts
        self.neutral[1::2] = [hole.neutral for hole in self.holes]
        self.at: dict[Key, list[int]] = {}
        # What a newcomer sees in a hole may hold a placeholder too (the token of a support button
        # that is theirs only once they support): such holes, and the names in each.
        self.holding: list[tuple[int, list[str]]] = []
        for i, hole in enumerate(self.holes):
            self.at.setdefault((hole.kind, hole.arg), []).append(2 * i + 1)
            names = [name for name, placeholder in placeholders.items() if placeholder in hole.neutral]
            if names:
                self.holding.append((2 * i + 1, names))

    def filled(self, fresh: Mapping[str, Fill], own: Mapping[Key, str], more: Mapping[Key, Fill]) -> str:
        """This visitor's page: `own` where it is theirs, each placeholder their `fresh` value (made
        once, and only if the page has it: a token only for a page with a form), `more` by hole."""
        out = self.neutral.copy()
        values: dict[str, str] = {}

        def value(name: str) -> str:
            if name not in values:
                values[name] = fresh[name]()
            return values[name]

        theirs: set[int] = set()
        for key, text in own.items():
            for i in self.at.get(key, ()):
                out[i] = text
                theirs.add(i)
        for i, names in self.holding:
            if i not in theirs:
                text = out[i]
                for name in names:
                    text = text.replace(self.placeholders[name], value(name))
                out[i] = text
        for name in fresh:
            for i in self.at.get((FRESH, name), ()):
                out[i] = value(name)
        for key, fill in more.items():
            if key in self.at:
                text = fill()
                for i in self.at[key]:
                    out[i] = text
        return "".join(out)


def shareable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES  # signed in, or an invitation code
        and not request.user.is_authenticated
    )


@dataclass(frozen=True)
class _Page:
    texts: list[str]  # the text between the holes
    holes: list[tuple[str, str, str]]  # plain tuples: a page of a thousand holes unpickles faster so
    placeholders: dict[str, str]  # {name: placeholder} of what is each visitor's own value
    content_type: str
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
    cache_key = f"shared-page:{PAGE_FORMAT}:{key}:{get_language()}"
    layout = _fetch(cache_key) if shared else None
    if (
        layout is not None
        and layout.page.fresh_until < time.time()
        and cache.add(f"{cache_key}:renewing", 1, 30)
    ):
        layout = None  # this visitor renders the new copy; the others are given the last one meanwhile
    response: HttpResponse | None = None
    if layout is None:
        placeholders = {name: f"shared-{name}-{secrets.token_hex(12)}" for name in fills} if shared else {}
        response = render({**placeholders, "holes": True})
        texts, holes = _scan(response.content.decode(), placeholders)
        fresh_until = time.time() + settings.SHARED_PAGE_SECONDS
        page = _Page(texts, holes, placeholders, response["Content-Type"], fresh_until)
        layout = _Layout(page)
        if shared and response.status_code == 200:
            cache.set(cache_key, page, settings.SHARED_PAGE_SECONDS + STALE_SECONDS)
            cache.delete(f"{cache_key}:renewing")
            _held[cache_key] = layout
    own = personal(layout.holes) if personal is not None and layout.holes else {}
    body = layout.filled(fills, own, {("messages", ""): lambda: _messages(request)})
    if response is not None and response.status_code != 200:  # not a page to share: this visitor's answer
        response.content = body
        return response
    return HttpResponse(body, content_type=layout.page.content_type)


# This process's copies of the shared pages it served, each used only while fresh: the same copy
# the cache holds (a page is never changed once stored), without fetching and unpickling a few
# hundred kilobytes from Redis, or laying it out again, on every visit. Past its freshness the
# cache is asked again.
_held: dict[str, _Layout] = {}
_HELD_MAX = 256


def _fetch(cache_key: str) -> _Layout | None:
    held = _held.get(cache_key)
    if held is not None and held.page.fresh_until >= time.time():
        return held
    page: _Page | None = cache.get(cache_key)
    if page is None:
        return None
    if held is not None and held.page.fresh_until == page.fresh_until:
        return held  # the copy already laid out (past its freshness, while another renders the next)
    if len(_held) >= _HELD_MAX:
        _held.clear()  # many languages × many pages: start over rather than grow
    _held[cache_key] = held = _Layout(page)
    return held


def _messages(request: HttpRequest) -> str:
    waiting = messages.get_messages(request)
    if not len(waiting):  # counted, not consumed
        return ""
    return render_to_string("includes/messages.html", {"messages": waiting}, request=request)
