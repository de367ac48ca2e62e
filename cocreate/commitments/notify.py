"""What staff are told of commitments (see notifications/staff.py): a commitment falling due or
overdue, when its reminder goes out — to the renewal's team (or the responsible organisation's
staff) and, in-app, to the responsible person, whom the reminder has e-mailed already."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.commitments.models import Commitment, ReminderSent
from cocreate.core.models import AuditEntry
from cocreate.notifications.models import Kind
from cocreate.notifications.staff import Tell
from cocreate.renewals.notify import people_to_tell


def falling_due(entry: AuditEntry, target: Model | None) -> Tell | None:
    if not isinstance(target, Commitment):
        return None
    reason = (entry.params or {}).get("reason")
    overdue = reason == ReminderSent.Reason.OVERDUE
    people: dict[object, User] = {u.pk: u for u in people_to_tell(target.organisation, target.renewal)}
    if target.responsible is not None:
        people[target.responsible.pk] = target.responsible
    return Tell(
        recipients=list(people.values()),
        kind=Kind.COMMITMENTS_DUE,
        group=f"commitments.{reason}:{target.pk}:{target.deadline.isoformat()}",
        message=_("Overdue since %(d)s: “%(t)s”") if overdue else _("Due on %(d)s: “%(t)s”"),
        params={"t": target.title, "d": target.deadline.isoformat()},
        link=reverse("commitments:commitment", args=[target.pk]),
        in_app_only={target.responsible_id} if target.responsible_id else set(),
    )


RULES = {"commitments.reminder": falling_due}
