"""Rules for text that people type.

Nothing stores rich text: every text a person types is kept as plain text and escaped by the
templates. Should rich text come, sanitise it on the way in (nh3) and add the dependency then."""

from __future__ import annotations

import uuid


def parse_uuid(value: object) -> uuid.UUID | None:
    """A UUID from untrusted input (a form or query value), or None: never an exception, so a
    tampered id is a 404, not a 500."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
