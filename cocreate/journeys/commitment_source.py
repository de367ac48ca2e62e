"""What a commitment made from an idea or a pain point of a journey map says about it, and whom
it tells (see cocreate/commitments/sources.py): the contributor and the people who supported it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.sources import Described, InputGiver, SourceKind
from cocreate.journeys.models import Contribution, Support


def describe(contribution: Contribution) -> Described:
    journey = contribution.step.stage.journey
    values = {"map": journey.title}
    if contribution.kind == Contribution.Kind.PAIN_POINT:
        label = _("From a pain point on the journey map “%(map)s”") % values
    else:
        label = _("From an idea on the journey map “%(map)s”") % values
    public = contribution.is_public and journey.participation_open and journey.renewal.is_public
    return Described(
        label=label,
        staff_url=reverse("journeys:triage", args=[journey.pk]) + f"#c-{contribution.pk}",
        public_label=label if public else _("From what the service's users said"),
        public_url=(
            reverse("journeys_public:participate", args=[journey.pk]) + f"#step-{contribution.step_id}"
            if public
            else None
        ),
    )


def givers(contribution: Contribution) -> list[InputGiver]:
    """The contributor first, then who supported it (merged duplicates' authors are among them)."""
    people = [contribution.participant] if contribution.participant is not None else []
    supports = Support.objects.filter(contribution=contribution).select_related("participant__user")
    people += [s.participant for s in supports.order_by("created_at")]
    seen: set[object] = set()
    out = []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            out.append(InputGiver(participant=person))
    return out


def excerpt(contribution: Contribution) -> str:
    return contribution.text


SOURCES = [SourceKind("journeys.Contribution", describe, givers, excerpt)]
