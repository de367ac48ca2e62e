"""Guest participants: a per-browser identity without an account.

The browser keeps a cookie holding the participant's id, signed with SECRET_KEY, so nobody can
act as another participant by editing the cookie. Apps call `get_or_create_participant(request)`
when a guest takes part; the middleware then writes the cookie on the response.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cocreate.accounts import admission
from cocreate.accounts.models import GuestParticipant

SALT = "cocreate.participant"


def participant_from_cookie(request: HttpRequest) -> GuestParticipant | None:
    raw = request.COOKIES.get(settings.PARTICIPANT_COOKIE_NAME)
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=SALT, max_age=settings.PARTICIPANT_COOKIE_MAX_AGE)
        return GuestParticipant.objects.filter(pk=UUID(str(value))).first()
    except (signing.BadSignature, ValueError):
        return None


def get_or_create_participant(request: HttpRequest, *, within: object = None) -> GuestParticipant:
    """This browser's identity, created on first use (see `admission.participant_for`): the limit
    on new guests per network applies, and a signed-in person always gets their own identity."""
    return admission.participant_for(request, within=within)


def set_participant_cookie(response: HttpResponse, participant: GuestParticipant) -> None:
    response.set_cookie(
        settings.PARTICIPANT_COOKIE_NAME,
        signing.dumps(str(participant.pk), salt=SALT),
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
