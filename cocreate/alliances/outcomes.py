"""What became of a meeting's decisions, told by the rooms built on alliances (a decision that
became a commitment of the alliance shows it).

As with the alliance page's sections (sections.py): alliances cannot import those rooms, so they
register a provider from their AppConfig.ready(). A provider gets the decisions shown and the
viewing user, and returns an Outcome for the decisions it knows about; it decides what this viewer
may see and do (an empty `url` or `action_url` when the viewer may not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser

from cocreate.accounts.models import User
from cocreate.alliances.models import Decision


@dataclass(frozen=True)
class Outcome:
    text: str = ""  # what the decision became ("Commitment: …, in progress"); empty: nothing yet
    url: str = ""  # where to read it, for this viewer
    action_url: str = ""  # where this viewer turns it into something (when nothing is there yet)
    action_label: str = ""


Provider = Callable[[Sequence[Decision], User | AnonymousUser], dict[UUID, Outcome]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def outcomes_for(decisions: Sequence[Decision], user: User | AnonymousUser) -> dict[UUID, list[Outcome]]:
    found: dict[UUID, list[Outcome]] = {}
    for provider in _providers:
        for decision_id, outcome in provider(decisions, user).items():
            found.setdefault(decision_id, []).append(outcome)
    return found
