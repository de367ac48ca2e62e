"""Rules for text that people type: the one place where user text is checked and sanitised."""

from __future__ import annotations

import nh3

RICH_TEXT_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}


def sanitise_rich_text(html: str) -> str:
    """Keep a small, safe subset of HTML; everything else (scripts, handlers, styles) is dropped."""
    return nh3.clean(html, tags=RICH_TEXT_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")
