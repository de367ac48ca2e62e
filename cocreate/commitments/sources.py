"""What a commitment answers: an accepted idea, a conversation finding, a workshop outcome, an
improvement action. Those rooms stand above commitments, so each one that may be a source says how
to describe its objects in a `commitment_source.py` module of its own, found by module name (as
`renewal_status.py` is): a list `SOURCES` of `SourceKind`, one per model.

A description gives a label for staff ("From an idea on the journey map “X”"), the staff page that
shows the source, and for the public a label and a page that are safe to show there (None when the
source is not public: the public page then names it without a link). `givers(obj)` says who gave
the input, so that they are told when the commitment is made and when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from cocreate.accounts.models import GuestParticipant, User
from cocreate.core.hooks import hook_modules


@dataclass(frozen=True)
class Described:
    label: str  # for staff
    staff_url: str
    public_label: str  # safe on a public page (no private title, no private figure)
    public_url: str | None = None  # only when the source itself is public


@dataclass(frozen=True)
class InputGiver:
    """Someone whose input the source is: an account, or a guest identity (which may hold one)."""

    user: User | None = None
    participant: GuestParticipant | None = None


def nobody(obj: Any) -> list[InputGiver]:
    return []


@dataclass(frozen=True)
class SourceKind:
    model: str  # "journeys.Contribution"
    describe: Callable[[Any], Described]
    givers: Callable[[Any], list[InputGiver]] = nobody
    # The words of the input, quoted to the people who gave it ("" when there is nothing to quote).
    excerpt: Callable[[Any], str] = lambda obj: ""


class Registry:
    def __init__(self) -> None:
        self.kinds: dict[str, SourceKind] = {}
        self.discovered = False

    def register(self, kinds: list[SourceKind]) -> None:
        for kind in kinds:
            label = kind.model.lower()
            if label in self.kinds and self.kinds[label] is not kind:
                raise ValueError(f"commitment source {kind.model!r} is declared twice")
            self.kinds[label] = kind

    def discover(self) -> None:
        """Import `<app>.commitment_source` of every installed app and register its SOURCES."""
        for module in hook_modules("commitment_source"):
            self.register(getattr(module, "SOURCES", []))
        self.discovered = True

    def for_model(self, model: type[models.Model]) -> SourceKind | None:
        if not self.discovered:
            self.discover()
        return self.kinds.get(model._meta.label_lower)


registry = Registry()


def kind_of(obj: models.Model) -> SourceKind | None:
    return registry.for_model(type(obj))
