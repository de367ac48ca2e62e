"""Panel entries in the activity log, in the reader's language (see core/activity.py).

Public entries (the draw and its announcement) carry counts, the seed and its hash — never a
volunteer's name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


def _announced(p: Mapping[str, Any]) -> str:
    """The draw's time in the reader's date format and the site's time zone."""
    moment = parse_datetime(p["when"])
    when = formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else p["when"]
    text = _("Announced the draw for %(when)s; seed: %(source)s") % {"when": when, "source": p["source"]}
    if p.get("hash"):
        text += " (SHA-256 " + p["hash"] + "…)"
    return str(text)


MESSAGES = {
    "panel.create": _("Set up the panel “%(t)s”"),
    "panel.quotas": ngettext_lazy(
        "Set %(n)s feature and its quotas", "Set %(n)s features and their quotas", "n"
    ),
    "panel.import": ngettext_lazy("Imported %(n)s volunteer", "Imported %(n)s volunteers", "n"),
    "panel.announce": _announced,
    "panel.select": _("Started the draw with the public seed “%(s)s”"),
    "panel.drawn": ngettext_lazy(
        "Drew %(n)s person from a pool of %(p)s", "Drew %(n)s people from a pool of %(p)s", "n"
    ),
    "panel.invite": ngettext_lazy("Invited %(n)s selected person", "Invited %(n)s selected people", "n"),
    "panel.replace": ngettext_lazy(
        "Drew %(n)s replacement (round %(r)s, seed “%(s)s”)",
        "Drew %(n)s replacements (round %(r)s, seed “%(s)s”)",
        "n",
    ),
    "panel.purge": ngettext_lazy(
        "Deleted the personal data of %(n)s volunteer", "Deleted the personal data of %(n)s volunteers", "n"
    ),
    "panel.options": _("Changed registration and publication settings"),
}
