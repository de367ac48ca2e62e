"""Parts of a renewal's pages that later apps contribute (Co-Master, journeys, commitments …).

Renewals cannot import the apps built on it, so those apps register a provider here from their
AppConfig.ready(); the renewal pages render whatever sections the providers return. A provider is
called with the renewal, the viewing user (None on the public page) and whether the page is public,
and returns a Section or None (nothing to show to this viewer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cocreate.renewals.models import Renewal


@dataclass(frozen=True)
class Section:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


Provider = Callable[[Renewal, Any, bool], "Section | None"]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(renewal: Renewal, user: Any, *, public: bool) -> list[Section]:
    found = [s for s in (p(renewal, user, public) for p in _providers) if s is not None]
    return sorted(found, key=lambda s: s.order)
