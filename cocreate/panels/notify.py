"""What staff are told of panels (see notifications/staff.py): volunteers who registered through
the public form, counted per panel. Imported pools are staff's own work: nothing."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from cocreate.core.models import AuditEntry
from cocreate.notifications.models import Kind
from cocreate.notifications.staff import Tell
from cocreate.panels.models import Panel
from cocreate.renewals.notify import people_to_tell


def volunteer_registered(entry: AuditEntry, target: Model | None) -> Tell | None:
    if not isinstance(target, Panel):
        return None
    return Tell(
        recipients=people_to_tell(target.organisation, target.renewal),
        kind=Kind.REGISTRATIONS,
        group=f"panels.register:{target.pk}",
        message=ngettext_lazy(
            "A new volunteer registered for the panel “%(t)s”",
            "%(n)s new volunteers registered for the panel “%(t)s”",
            "n",
        ),
        params={"t": target.title},
        link=reverse("panels:panel", args=[target.pk]),
    )


RULES = {"panel.register": volunteer_registered}
