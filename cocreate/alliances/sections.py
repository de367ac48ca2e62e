"""Parts of an alliance's page that apps built on alliances contribute (the process log).

As with a renewal's page (renewals/sections.py): alliances cannot import those apps, so they
register a provider from their AppConfig.ready(). A provider gets the alliance and the viewing
user, and returns a Section or None (nothing to show to this viewer).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser

from cocreate.accounts.models import User
from cocreate.alliances.models import Alliance
from cocreate.renewals.sections import Section

Provider = Callable[[Alliance, User | AnonymousUser], Section | None]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(alliance: Alliance, user: User | AnonymousUser) -> list[Section]:
    found = [s for s in (p(alliance, user) for p in _providers) if s is not None]
    return sorted(found, key=lambda s: s.order)
