"""Join by code: a six-character code a participant types (or reads off a poster) to arrive.

Every participant-facing thing — journey feedback, a conversation, a workshop, a panel's
registration, a Co-Master survey — gets a short public code next to its link and QR code. The
apps keep no field for it: each declares, in a `join.py` module of its own, a `Joinable` per
model (where the code leads, whether the thing is still open), and core discovers those modules
the way the privacy registry discovers `privacy.py`. Codes live in one table (`JoinCode`), made
the first time a code is shown.

A code is unique while its thing is active; when a new code happens to collide with one whose
thing has ended, the old one is retired and the code reused.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.functional import Promise

from cocreate.core.hooks import hook_modules

# No 0/O, 1/I/L: read aloud from a projector, typed from a card (as the admission codes).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6


@dataclass(frozen=True)
class Joinable:
    """How one model is joined: `model` is "app_label.ModelName"."""

    model: str
    url: Callable[[Any], str]  # the participation page's path for one object
    is_active: Callable[[Any], bool]  # still open to participants?
    label: str | Promise = ""  # what it is, for the join page ("Conversation")


class Registry:
    def __init__(self) -> None:
        self.joinables: dict[str, Joinable] = {}
        self.discovered = False

    def register(self, joinables: list[Joinable]) -> None:
        for joinable in joinables:
            self.joinables[joinable.model.lower()] = joinable

    def discover(self) -> None:
        """Import `<app>.join` of every installed app and register its JOINABLES."""
        for module in hook_modules("join"):
            self.register(getattr(module, "JOINABLES", []))
        self.discovered = True

    def for_model(self, model: type[models.Model]) -> Joinable | None:
        if not self.discovered:
            self.discover()
        return self.joinables.get(model._meta.label_lower)


registry = Registry()


def normalise(typed: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return re.sub(r"[\s\-_.]", "", typed or "").upper()


def is_active(obj: models.Model | None) -> bool:
    if obj is None:
        return False
    joinable = registry.for_model(type(obj))
    return joinable is not None and bool(joinable.is_active(obj))


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_for(obj: models.Model) -> str:
    """The object's join code, made on first use. Only for registered models."""
    from cocreate.core.models import JoinCode

    if registry.for_model(type(obj)) is None:
        raise LookupError(f"{obj._meta.label} declares no Joinable in its app's join.py")
    content_type = ContentType.objects.get_for_model(obj)
    existing = JoinCode.objects.filter(content_type=content_type, object_id=str(obj.pk)).first()
    if existing is not None:
        return existing.code
    for _attempt in range(20):
        code = _new_code()
        holder = JoinCode.objects.filter(code=code).first()
        if holder is not None:
            if is_active(holder.target):
                continue
            holder.delete()  # the thing it led to has ended: the code is free again
        try:
            with transaction.atomic():
                return JoinCode.objects.create(
                    code=code, content_type=content_type, object_id=str(obj.pk)
                ).code
        except IntegrityError:
            # Two requests made a code for the same object at once: the first one stands.
            existing = JoinCode.objects.filter(content_type=content_type, object_id=str(obj.pk)).first()
            if existing is not None:
                return existing.code
    raise RuntimeError("no free join code found")  # 31**6 codes: only with an almost full table


@dataclass(frozen=True)
class Arrival:
    url: str
    label: str | Promise


def resolve(typed: str) -> Arrival | None:
    """Where a typed code leads, or None when it is unknown or its thing has ended."""
    from cocreate.core.models import JoinCode

    code = normalise(typed)
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    found = JoinCode.objects.select_related("content_type").filter(code=code).first()
    if found is None:
        return None
    target = found.target
    if target is None:
        return None
    joinable = registry.for_model(type(target))
    if joinable is None or not joinable.is_active(target):
        return None
    return Arrival(url=joinable.url(target), label=joinable.label)
