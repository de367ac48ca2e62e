"""A pasted list of a panel's recommendations, split at its numbered lines (plain data in and out).

    1. Home visits at fixed times
    Every visit is announced the day before …
    2) One phone number for everything

A numbered line starts a recommendation: its number, and the rest of the line as the title; the
lines below it, up to the next numbered line, are its text (the title alone when there are none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

NUMBERED = re.compile(r"^\s*(\d{1,4})\s*[.):]\s*(.+?)\s*$")
TITLE_MAX = 200
TEXT_MAX = 10000


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    text: str


def parse_recommendations(text: str) -> tuple[list[Item], list[str]]:
    """The recommendations in the order given, and one message per problem (with its line)."""
    items: list[tuple[int, str, list[str], int]] = []
    errors: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        match = NUMBERED.match(line)
        if match:
            items.append((int(match.group(1)), match.group(2), [], n))
        elif line.strip():
            if not items:
                errors.append(
                    _("Line %(n)s: start each recommendation with its number, e.g. “1.”") % {"n": n}
                )
            else:
                items[-1][2].append(line.rstrip())
    seen: set[int] = set()
    titles: set[str] = set()
    parsed = []
    for number, title, body, at in items:
        if number < 1:
            errors.append(_("Line %(n)s: number the recommendations from 1.") % {"n": at})
        elif number in seen:
            errors.append(_("Line %(n)s: the number %(k)s is used twice.") % {"n": at, "k": number})
        if len(title) > TITLE_MAX:
            errors.append(
                _("Line %(n)s: the title is longer than %(max)s characters; put the rest on the next line.")
                % {"n": at, "max": TITLE_MAX}
            )
        if title.casefold() in titles:
            errors.append(_("Line %(n)s: this title is used twice.") % {"n": at})
        seen.add(number)
        titles.add(title.casefold())
        body_text = "\n".join(body).strip() or title
        if len(body_text) > TEXT_MAX:
            errors.append(
                _("Line %(n)s: the text is longer than %(max)s characters.") % {"n": at, "max": TEXT_MAX}
            )
        parsed.append(Item(number=number, title=title, text=body_text))
    if not parsed and not errors:
        errors.append(_("Paste at least one numbered recommendation."))
    return parsed, errors
