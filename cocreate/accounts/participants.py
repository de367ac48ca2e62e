"""Guest participants: a per-browser identity without an account.

The browser keeps a cookie holding the participant's id, signed with SECRET_KEY, so nobody can
act as another participant by editing the cookie. Apps call `get_or_create_participant(request)`
when a guest takes part; the middleware then writes the cookie on the response.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

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


def get_or_create_participant(request: HttpRequest) -> GuestParticipant:
    participant: GuestParticipant | None = getattr(request, "participant", None)
    if participant is not None:
        return participant
    participant = GuestParticipant.objects.create(language=translation.get_language() or "en")
    request.participant = participant  # type: ignore[attr-defined]
    request.participant_is_new = True  # type: ignore[attr-defined]
    return participant


def set_participant_cookie(response: HttpResponse, participant: GuestParticipant) -> None:
    response.set_cookie(
        settings.PARTICIPANT_COOKIE_NAME,
        signing.dumps(str(participant.pk), salt=SALT),
        max_age=settings.PARTICIPANT_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def touch(participant: GuestParticipant) -> None:
    GuestParticipant.objects.filter(pk=participant.pk).update(last_seen_at=timezone.now())
