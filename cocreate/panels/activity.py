"""Panel entries in the activity log, in the reader's language (see core/activity.py).

Public entries (the draw and its announcement) carry counts, the seed and its hash — never a
volunteer's name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
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


def _answer_by(p: Mapping[str, Any]) -> str:
    day = parse_date(p["d"])
    when = formats.date_format(day, "SHORT_DATE_FORMAT") if day else p["d"]
    return str(_("Promised to answer the panel's recommendations by %(d)s") % {"d": when})


ANSWERS = {
    "accepted": _("Accepted the panel's recommendation %(n)s “%(t)s”"),
    "partly": _("Partly accepted the panel's recommendation %(n)s “%(t)s”"),
    "rejected": _("Rejected the panel's recommendation %(n)s “%(t)s”"),
}


def _answered(p: Mapping[str, Any]) -> str:
    text = ANSWERS.get(p.get("s", ""), _("Answered the panel's recommendation %(n)s “%(t)s”"))
    return str(text % {"n": p["n"], "t": p["t"]})


MESSAGES = {
    "panel.create": _("Set up the panel “%(t)s”"),
    "panel.quotas": ngettext_lazy(
        "Set %(n)s feature and its quotas", "Set %(n)s features and their quotas", "n"
    ),
    "panel.register": _("A volunteer registered for the panel “%(t)s”"),
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
    "panel.recommendation_add": _("Recorded the panel's recommendation %(n)s “%(t)s”"),
    "panel.recommendation_import": ngettext_lazy(
        "Recorded %(n)s recommendation of the panel", "Recorded %(n)s recommendations of the panel", "n"
    ),
    "panel.answer_by": _answer_by,
    "panel.recommendation_answer": _answered,
    "panel.recommendations_publish": ngettext_lazy(
        "Published the panel's %(n)s recommendation", "Published the panel's %(n)s recommendations", "n"
    ),
    "panel.answers_publish": ngettext_lazy(
        "Published the answer to %(n)s recommendation of the panel",
        "Published the answers to %(n)s recommendations of the panel",
        "n",
    ),
}
