"""The `trail.py` hook of every stage (see cocreate/core/input_trail.py), found by module name as
`renewal_status.py` is, and the trail of one person gathered from them all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from cocreate.core.hooks import hook_modules
from cocreate.core.input_trail import TrailItem

Hook = Callable[..., list[TrailItem]]


def hooks() -> list[Hook]:
    """The `contributions_of` function of every installed app's `trail` module."""
    return [m.contributions_of for m in hook_modules("trail")]


def trail_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    """Everything the person gave, newest first, each with its trail."""
    if not guest_ids and user is None and not emails:
        return []
    items: list[TrailItem] = []
    for hook in hooks():
        items += hook(list(guest_ids), user, tuple(emails))
    return sorted(items, key=lambda item: item.created_at, reverse=True)
