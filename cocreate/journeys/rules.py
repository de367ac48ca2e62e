"""Who may see, edit and answer journey maps. Deny by default."""

from __future__ import annotations

import rules

from cocreate.accounts.rules import Person, is_org_member, is_platform_admin
from cocreate.journeys.models import Contribution, JourneyMap, Persona, Stage, Step
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import runs_renewal

# What the journeys permissions are asked about: a renewal (its maps), or something of one of its maps.
JourneyObject = Renewal | JourneyMap | Persona | Stage | Step | Contribution


def renewal_of(obj: JourneyObject) -> Renewal:
    if isinstance(obj, Renewal):
        return obj
    if isinstance(obj, JourneyMap | Persona):
        return obj.renewal
    if isinstance(obj, Stage):
        return obj.journey.renewal
    if isinstance(obj, Step):
        return obj.journey.renewal
    return obj.step.journey.renewal


def edits_journeys(user: Person, obj: JourneyObject | None) -> bool:
    """Staff of the organisation, or any member (facilitators) on the renewal's team."""
    return isinstance(obj, JourneyObject) and runs_renewal(user, renewal_of(obj))


is_journey_editor = rules.predicate(edits_journeys)

rules.add_perm("journeys.view", is_org_member | is_platform_admin)
rules.add_perm("journeys.edit", is_journey_editor)
rules.add_perm("journeys.answer", is_journey_editor)
