"""What later stages tell someone about to start a renewal (Co-Ready's readiness, …).

Renewals cannot import the apps built on it, so each such app says its part in a `renewal_start.py`
module of its own, found by module name as `renewal_status.py` is: a function
`hint(organisation, user) -> Section | None` (None: nothing to say to this person). A hint informs,
it never blocks: the page shows every hint above the form and the person may still start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cocreate.accounts.models import Organisation
from cocreate.core.hooks import hook_modules
from cocreate.renewals.sections import Section

Hint = Callable[[Organisation, Any], "Section | None"]


def hints() -> list[Hint]:
    """The `hint` function of every installed app's `renewal_start` module."""
    return [m.hint for m in hook_modules("renewal_start")]


def start_hints_for(organisation: Organisation, user: Any) -> list[Section]:
    found = [s for s in (hint(organisation, user) for hint in hints()) if s is not None]
    return sorted(found, key=lambda s: s.order)
