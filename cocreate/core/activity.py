"""The activity log in the reader's language.

An audit entry stores what happened as an event code ("renewal.create") and its parameters
({"title": "Waste collection"}), not as a sentence. Each app declares, in an `activity.py` module of
its own, the sentence for each of its codes as a lazily translated template:

    MESSAGES = {
        "renewal.create": _("Started the renewal “%(title)s”"),
        "panel.import": ngettext_lazy("Imported %(n)s volunteer", "Imported %(n)s volunteers", "n"),
        # a callable for what a template cannot say alone, e.g. a choice stored by its value:
        "conversation.status": lambda p: _("“%(topic)s” is now %(status)s")
        % {"topic": p["topic"], "status": label(Conversation.Status, p["status"])},
    }

and core discovers those modules by name (as it does `join.py` and `privacy.py`), so core imports
no app. A page renders an entry with `entry.message`, in the language active for the reader. The
stored `summary` (the same sentence in English, for the admin and search) is the fallback for rows
written before the parameters existed and for codes no app declares.

Parameters follow the summary's old rule: names of things (a service, a journey map), counts and
choice values — never a person's name or address, since public entries are shown to anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Choices
from django.utils import translation
from django.utils.functional import Promise

from cocreate.core.hooks import hook_modules

logger = logging.getLogger(__name__)

# A lazily translated template filled with `% params`, or a callable building the sentence.
Message = Promise | str | Callable[[Mapping[str, Any]], str]


class Registry:
    def __init__(self) -> None:
        self.messages: dict[str, Message] = {}
        self.discovered = False

    def register(self, messages: Mapping[str, Message]) -> None:
        for code, message in messages.items():
            if code in self.messages and self.messages[code] is not message:
                raise ValueError(f"activity code {code!r} is declared twice")
            self.messages[code] = message

    def discover(self) -> None:
        """Import `<app>.activity` of every installed app and register its MESSAGES."""
        for module in hook_modules("activity"):
            self.register(getattr(module, "MESSAGES", {}))
        self.discovered = True

    def get(self, code: str) -> Message | None:
        if not self.discovered:
            self.discover()
        return self.messages.get(code)


registry = Registry()


def label(choices: type[Choices], value: Any) -> str:
    """A stored choice value ("open") as its label in the active language ("Odprto")."""
    return str(dict(choices.choices).get(value, value))


def fill(message: Message, params: Mapping[str, Any]) -> str:
    """The sentence in the active language. Lazy templates are filled while lazy, so that an
    `ngettext_lazy` template picks its plural form from the number in the parameters."""
    if isinstance(message, Promise | str):
        return str(message % dict(params))  # a literal per cent sign is written %%, as gettext expects
    return str(message(params))


def render(code: str, params: Mapping[str, Any] | None, fallback: str) -> str:
    """The entry's sentence for the reader; the fallback for old rows and unknown codes."""
    if params is None:
        return fallback
    message = registry.get(code)
    if message is None:
        return fallback
    try:
        return fill(message, params)
    except (KeyError, TypeError, ValueError):
        # A template changed since the row was written: the stored sentence still tells the truth.
        logger.warning("activity message %r could not be filled with %r", code, sorted(params))
        return fallback


def english(code: str, params: Mapping[str, Any]) -> str:
    """The sentence in English, stored as the entry's summary (admin, search, old readers)."""
    message = registry.get(code)
    if message is None:
        raise ValueError(f"no activity message is declared for {code!r}; add it to the app's activity.py")
    with translation.override("en"):
        return fill(message, params)
