"""What a commitment that took over a Co-Ready improvement action says about it (see
cocreate/commitments/sources.py). The action is the organisation's own: nobody else is told."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.sources import Described, SourceKind
from cocreate.readiness.models import ImprovementAction


def describe(action: ImprovementAction) -> Described:
    return Described(
        label=_("From the Co-Ready improvement action “%(t)s”") % {"t": action.title},
        staff_url=reverse("readiness:results", args=[action.round_id]),
        public_label=_("From the organisation's readiness assessment (Co-Ready)"),
        public_url=None,  # readiness results are the organisation's own
    )


SOURCES = [SourceKind("readiness.ImprovementAction", describe)]
