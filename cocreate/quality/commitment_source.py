"""What a commitment that took over a Co-Master improvement says about it (see
cocreate/commitments/sources.py). The improvement is the team's own: nobody else is told."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.sources import Described, SourceKind
from cocreate.quality.models import QualityAction


def describe(action: QualityAction) -> Described:
    return Described(
        label=_("From the Co-Master improvement for the next cycle “%(t)s”") % {"t": action.title},
        staff_url=reverse("quality:assessment", args=[action.assessment_id]),
        public_label=_("From the quality assessment of the cycle (Co-Master)"),
        public_url=None,
    )


SOURCES = [SourceKind("quality.QualityAction", describe)]
