"""What staff are told of journeys (see notifications/staff.py): new contributions of service
users, counted per journey map; those held for moderation apart."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from cocreate.core.models import AuditEntry
from cocreate.journeys.models import Contribution, JourneyMap
from cocreate.notifications.models import Kind
from cocreate.notifications.staff import Tell, once_per_batch
from cocreate.renewals.notify import team_to_tell


def contribution_added(entry: AuditEntry, target: Model | None) -> Tell | None:
    if not isinstance(target, Contribution):
        return None
    # One query for what five lazy look-ups would fetch: step, stage, map, renewal, organisation;
    # once for all the events of a burst told together on the same step.
    journey = once_per_batch(
        ("journey of step", target.step_id),
        lambda: JourneyMap.objects.select_related("renewal__organisation").get(stages__steps=target.step_id),
    )
    held = target.visibility == Contribution.Visibility.HELD
    message = (
        ngettext_lazy(
            "A contribution on “%(t)s” waits for moderation",
            "%(n)s contributions on “%(t)s” wait for moderation",
            "n",
        )
        if held
        else ngettext_lazy("A new contribution on “%(t)s”", "%(n)s new contributions on “%(t)s”", "n")
    )
    return Tell(
        recipients=team_to_tell(journey.renewal),
        kind=Kind.CONTRIBUTIONS,
        group=f"journeys.{'held' if held else 'new'}:{journey.pk}",
        message=message,
        params={"t": journey.title},
        link=reverse("journeys:triage", args=[journey.pk]),
    )


RULES = {"contribution.add": contribution_added}
