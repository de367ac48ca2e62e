"""What a commitment made from a panel's recommendation says about it (see
cocreate/commitments/sources.py). Panel members are volunteers without an account or a guest
identity, so nobody is told through the commitments' notices; the panel's members hear of the
answers by e-mail when they are published (services.publish_answers)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.sources import Described, SourceKind
from cocreate.panels.models import Recommendation
from cocreate.panels.selectors import recommendations_are_public


def describe(recommendation: Recommendation) -> Described:
    panel = recommendation.panel
    text = _("From recommendation %(n)s of the panel “%(p)s”: %(t)s") % {
        "n": recommendation.number,
        "p": panel.title,
        "t": recommendation.title,
    }
    public = recommendations_are_public(panel)
    return Described(
        label=text,
        staff_url=reverse("panels:recommendations", args=[panel.pk]) + f"#r{recommendation.number}",
        public_label=text if public else _("From a recommendation of a citizens' panel"),
        public_url=reverse("panels_public:report", args=[panel.pk]) + f"#r{recommendation.number}"
        if public
        else None,
    )


def excerpt(recommendation: Recommendation) -> str:
    return recommendation.title


SOURCES = [SourceKind("panels.Recommendation", describe, excerpt=excerpt)]
