"""Guest participants: a per-browser identity without an account.

The browser keeps a cookie holding the participant's id, signed with SECRET_KEY, so nobody can
act as another participant by editing the cookie. A page with a form hands a new browser its id
before any row exists; the first write creates the row with it (one guest however many first
writes race). Apps call `get_or_create_participant(request)`
when a guest takes part; the middleware then writes the cookie on the response.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple
from uuid import UUID, uuid4

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cocreate.accounts import admission
from cocreate.accounts.models import GuestParticipant

SALT = "cocreate.participant"
HANDED = "handed:"  # the cookie's id was handed out with a page; no guest row was made with it yet


class Claim(NamedTuple):
    """The participant id a browser's signed cookie holds, and whether it was only handed out with a
    page (no row behind it yet, so nothing to look up) or is an identity in use."""

    id: UUID
    handed: bool


def read_claim(request: HttpRequest) -> Claim | None:
    raw = request.COOKIES.get(settings.PARTICIPANT_COOKIE_NAME)
    if not raw:
        return None
    try:
        value = str(signing.loads(raw, salt=SALT, max_age=settings.PARTICIPANT_COOKIE_MAX_AGE))
        handed = value.startswith(HANDED)
        return Claim(UUID(value.removeprefix(HANDED)), handed)
    except (signing.BadSignature, ValueError):
        return None


def hand_out_identity(request: HttpRequest, response: HttpResponse) -> None:
    """A page with a form, seen by a browser with no identity, hands it an id to use — no row yet.
    The first write creates the guest with that id, so two first writes sent together (a double
    tap, two ratings in quick succession) make one guest: the primary key decides, not a cookie
    that arrives too late. The cookie says the id is only handed out: a reader who never writes
    (most visitors of a public page) costs no look-up on each later page."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return
    if request.method != "GET" or response.status_code != 200:
        return
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page rendered no form
        return
    _set_cookie(response, f"{HANDED}{uuid4()}")


def get_or_create_participant(request: HttpRequest, *, within: object = None) -> GuestParticipant:
    """This browser's identity, created on first use (see `admission.participant_for`): the limit
    on new guests per network applies, and a signed-in person always gets their own identity."""
    return admission.participant_for(request, within=within)


def set_participant_cookie(response: HttpResponse, participant: GuestParticipant) -> None:
    _set_cookie(response, str(participant.pk))


def _set_cookie(response: HttpResponse, value: str) -> None:
    response.set_cookie(
        settings.PARTICIPANT_COOKIE_NAME,
        signing.dumps(value, salt=SALT),
        max_age=settings.PARTICIPANT_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


SEEN_RESOLUTION = timedelta(hours=1)


def touch(participant: GuestParticipant) -> None:
    """Keep `last_seen_at` current (retention counts idleness from it), at most one write an hour."""
    now = timezone.now()
    if participant.last_seen_at < now - SEEN_RESOLUTION:
        GuestParticipant.objects.filter(pk=participant.pk).update(last_seen_at=now)
        participant.last_seen_at = now
