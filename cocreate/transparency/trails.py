"""The `trail.py` hook of every stage (see cocreate/core/input_trail.py), found by module name as
`renewal_status.py` is, and the trail of one person gathered from them all."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from django.apps import apps

from cocreate.core.input_trail import TrailItem

Hook = Callable[..., list[TrailItem]]
_hooks: list[Hook] = []
_discovered = False


def hooks() -> list[Hook]:
    """The `contributions_of` function of every installed app's `trail` module."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            name = f"{config.name}.trail"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            _hooks.append(module.contributions_of)
        _discovered = True
    return _hooks


def trail_of(guest_ids: Sequence[UUID], user: Any, emails: Sequence[str] = ()) -> list[TrailItem]:
    """Everything the person gave, newest first, each with its trail."""
    if not guest_ids and user is None and not emails:
        return []
    items: list[TrailItem] = []
    for hook in hooks():
        items += hook(list(guest_ids), user, tuple(emails))
    return sorted(items, key=lambda item: item.created_at, reverse=True)
