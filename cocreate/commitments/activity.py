"""Commitments' entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cocreate.commitments.models import Commitment, ReminderSent
from cocreate.core.activity import label

MESSAGES = {
    "commitments.add": _("Committed: %(title)s"),
    "commitments.publish": _("Published the commitment: %(title)s"),
    "commitments.status": lambda p: (
        _("%(title)s: %(status)s") % {"title": p["title"], "status": label(Commitment.Status, p["status"])}
    ),
    "commitments.progress": _("Progress on %(title)s"),
    "commitments.told": lambda p: (
        (
            ngettext(
                "Told %(n)s person that their input became a commitment: %(title)s",
                "Told %(n)s people that their input became a commitment: %(title)s",
                p["n"],
            )
            if p.get("event") == "made"
            else ngettext(
                "Told %(n)s person whose input it answers that it is done: %(title)s",
                "Told %(n)s people whose input it answers that it is done: %(title)s",
                p["n"],
            )
        )
        % {"n": p["n"], "title": p["title"]}
    ),
    "commitments.reminder": lambda p: (
        _("Reminder sent: %(reason)s") % {"reason": label(ReminderSent.Reason, p["reason"])}
    ),
}
