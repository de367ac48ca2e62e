"""How an app declares the personal data it holds: plain data, no models, no Django app imports.

Every app keeps a small `privacy.py` with three lists that the privacy app discovers at start-up:

- `HOLDINGS`: what the app holds about a person, how to find it, and what erasure does to it;
- `NOT_PERSONAL`: fields that look personal (a `name`, a file) but are not, each with the reason;
- `MENTIONS`: free-text fields where other records may name a person (the audit log), scrubbed on
  erasure.

A model with a user or guest foreign key, an e-mail, a name, a nickname, a phone, a file or an
encrypted field that none of these lists covers fails `cocreate/privacy/tests/test_registry.py`.

This vocabulary lives in core, below every app, so that core and accounts can declare their own
data too; the privacy app (export, erasure, retention) stands above accounts and reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

SELF = "self"  # a holding whose rows are the person themselves (User, GuestParticipant)


class Erase(StrEnum):
    """What erasing a person does to the rows of one holding."""

    DELETE = "delete"  # the rows go
    UNLINK = "unlink"  # the link to the person is cleared (and `scrub` fields blanked); the row stays
    COUNT = "count"  # votes and ratings: moved to an anonymous stand-in, so published counts hold
    CONTRIBUTION = (
        "contribution"  # deleted or unlinked, per the organisation's policy and the person's choice
    )
    KEEP = "keep"  # nothing personal once the parent row is erased (e.g. a seat of an anonymised attendee)
    CUSTOM = "custom"  # the holding's own `eraser(rows, context)`


@dataclass(frozen=True)
class Holding:
    model: str  # "app_label.ModelName"
    label: Any  # what this is, for the person (lazy translatable)
    purpose: Any  # why it is kept (record of processing activities)
    subject: str = ""  # lookup to the User or GuestParticipant, e.g. "participant", "attendee__participant"
    by_email: str = ""  # or a field matched against the e-mail addresses the person proved
    fields: tuple[str, ...] = ()  # exported (and reviewed) fields
    files: tuple[str, ...] = ()  # file fields copied into the export
    erase: Erase = Erase.DELETE
    scrub: tuple[str, ...] = ()  # blanked when the row is kept (UNLINK, CONTRIBUTION kept)
    stand_in: str = ""  # COUNT when `subject` points to a user: the guest field that receives the stand-in
    retention: Any = ""  # how long it is kept
    legal_basis: Any = ""
    finder: Callable[..., Any] | None = None  # finder(subject) -> QuerySet, for data found another way
    eraser: Callable[..., Any] | None = None  # eraser(rows, context) -> None, for Erase.CUSTOM


@dataclass(frozen=True)
class NotPersonal:
    model: str
    fields: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Mentions:
    model: str
    fields: tuple[str, ...]
