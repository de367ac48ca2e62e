"""What staff are told of workshops (see notifications/staff.py): people who registered by link,
counted per workshop. People staff add themselves: nothing."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from cocreate.core.models import AuditEntry
from cocreate.notifications.models import Kind
from cocreate.notifications.staff import Tell
from cocreate.renewals.notify import people_to_tell
from cocreate.workshops.models import Workshop


def attendee_registered(entry: AuditEntry, target: Model | None) -> Tell | None:
    if not isinstance(target, Workshop):
        return None
    return Tell(
        recipients=people_to_tell(target.organisation, target.renewal),
        kind=Kind.REGISTRATIONS,
        group=f"workshops.register:{target.pk}",
        message=ngettext_lazy(
            "A new registration for the workshop “%(t)s”",
            "%(n)s new registrations for the workshop “%(t)s”",
            "n",
        ),
        params={"t": target.title},
        link=reverse("workshops:workshop", args=[target.pk]),
    )


RULES = {"workshop.register": attendee_registered}
