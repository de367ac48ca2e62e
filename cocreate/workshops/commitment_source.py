"""What a commitment made from a workshop's outcome (a harvest note of a World Café table or an Open
Space session) says about it (see cocreate/commitments/sources.py). A note records no author, so
nobody in particular is told; the workshop's page links back."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.sources import Described, SourceKind
from cocreate.workshops.models import HarvestNote, Workshop


def label(note: HarvestNote) -> str:
    workshop = note.workshop
    values = {"w": workshop.title, "r": note.round_number, "t": note.table}
    if note.session is not None:
        return _("From the Open Space “%(w)s”, session “%(s)s”") % {**values, "s": note.session.title}
    if workshop.format == Workshop.Format.WORLD_CAFE and note.table:
        if note.round_number:
            return _("From the World Café “%(w)s”, round %(r)s, table %(t)s") % values
        return _("From the World Café “%(w)s”, table %(t)s") % values
    return _("From the workshop “%(w)s”") % values


def describe(note: HarvestNote) -> Described:
    text = label(note)
    # The harvest has no public page; a public renewal lists its workshops, so the name may show.
    return Described(
        label=text,
        staff_url=reverse("workshops:workshop", args=[note.workshop_id]) + f"#note-{note.pk}",
        public_label=text,
        public_url=None,
    )


def excerpt(note: HarvestNote) -> str:
    return note.text


SOURCES = [SourceKind("workshops.HarvestNote", describe, excerpt=excerpt)]
