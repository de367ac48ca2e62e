"""Rules for text that people type: the one place where user text is checked and sanitised."""

from __future__ import annotations

import uuid

import nh3

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}


def sanitise_rich_text(html: str) -> str:
    """Keep a small, safe subset of HTML; everything else (scripts, handlers, styles) is dropped."""
    return nh3.clean(html, tags=RICH_TEXT_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")


def parse_uuid(value: object) -> uuid.UUID | None:
    """A UUID from untrusted input (a form or query value), or None: never an exception, so a
    tampered id is a 404, not a 500."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
