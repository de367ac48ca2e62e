"""What later stages tell someone about to start a renewal (Co-Ready's readiness, …).

Renewals cannot import the apps built on it, so each such app says its part in a `renewal_start.py`
module of its own, found by module name as `renewal_status.py` is: a function
`hint(organisation, user) -> Section | None` (None: nothing to say to this person). A hint informs,
it never blocks: the page shows every hint above the form and the person may still start.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps

from cocreate.accounts.models import Organisation
from cocreate.renewals.sections import Section

Hint = Callable[[Organisation, Any], "Section | None"]
_hints: list[Hint] = []
_discovered = False


def hints() -> list[Hint]:
    """The `hint` function of every installed app's `renewal_start` module."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            name = f"{config.name}.renewal_start"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            _hints.append(module.hint)
        _discovered = True
    return _hints


def start_hints_for(organisation: Organisation, user: Any) -> list[Section]:
    found = [s for s in (hint(organisation, user) for hint in hints()) if s is not None]
    return sorted(found, key=lambda s: s.order)
