from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from cocreate.accounts import participants
from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.selectors import organisations_for
from cocreate.core import by_key

SESSION_KEY = "current_organisation"


class CurrentOrganisationMiddleware:
    """`request.organisation`: the organisation the signed-in user is working in now.

    Chosen with the switcher in the header (kept in the session); always one the user belongs
    to, re-checked on every request, so a removed membership takes effect at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = SimpleLazyObject(lambda: self._current(request))  # type: ignore[attr-defined]
        return self.get_response(request)

    @staticmethod
    def _current(request: HttpRequest) -> Any:
        user: Any = request.user
        if not user.is_authenticated:
            return None
        orgs = organisations_for(user)
        chosen = request.session.get(SESSION_KEY)
        if chosen:
            org = orgs.filter(pk=chosen).first()
            if org is not None:
                return org
        # Platform admins see every organisation, but only "work in" one they chose or belong to.
        return orgs.filter(memberships__user=user).first() or (orgs.first() if chosen else None)


class GuestParticipantMiddleware:
    """`request.participant`: the guest identity this browser carries, or None; sets the cookie
    when a view created a new one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        claim = participants.read_claim(request)
        participant = None
        if claim is not None and not claim.handed:  # an id only handed out has no row to look up
            participant = by_key.row(GuestParticipant, claim.id)  # every guest's request: the lean look-up
        if participant is not None:
            participants.touch(participant)
        request.participant = participant  # type: ignore[attr-defined]
        request.participant_claim = claim.id if claim is not None and participant is None else None  # type: ignore[attr-defined]
        response = self.get_response(request)
        if getattr(request, "participant_is_new", False) and request.participant is not None:  # type: ignore[attr-defined]
            participants.set_participant_cookie(response, request.participant)  # type: ignore[attr-defined]
        elif claim is None:
            participants.hand_out_identity(request, response)
        return response
