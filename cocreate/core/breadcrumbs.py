"""Breadcrumbs: the view says where a page sits, base.html draws the trail once.

A trail is built from the top, one link at a time, and ends at the page itself::

    READINESS = trail(_("Readiness"), "readiness:home")           # module level: gettext_lazy

    def round_trail(round_: Round) -> Trail:
        return READINESS.then(round_.title, "readiness:round", round_.pk)

    render(request, "readiness/answer.html", {..., "breadcrumbs": round_trail(round_).here(_("Answer"))})

A page's parents are often another app's objects (a journey map sits under its renewal), so the
trail is given by the view that knows them rather than guessed from the URL. Links are reversed
when the page is drawn, so a trail can be a module constant. The template (base.html) marks the
trail up as an accessible ``<nav aria-label="Breadcrumb">`` list, the last item
``aria-current="page"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

Label = str | Promise  # a model's text, or a translated string (lazy at module level)


@dataclass(frozen=True)
class Crumb:
    label: Label
    url_name: str = ""  # empty for the current page
    args: tuple[Any, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.args) if self.url_name else ""


@dataclass(frozen=True)
class Trail:
    """The links above a page, top first; immutable, so a shared start can be extended freely."""

    links: tuple[Crumb, ...] = ()

    def then(self, label: Label, url_name: str, *args: Any) -> Trail:
        """This trail followed by a link to ``reverse(url_name, args=args)``."""
        return Trail((*self.links, Crumb(label, url_name, args)))

    def here(self, label: Label) -> tuple[Crumb, ...]:
        """The whole trail, ending at the current page: what a view puts in ``breadcrumbs``."""
        return (*self.links, Crumb(label))


def trail(label: Label, url_name: str, *args: Any) -> Trail:
    """A trail starting at one link (usually the section's start page)."""
    return Trail().then(label, url_name, *args)
