"""Commitments' entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.commitments.models import Commitment, ReminderSent
from cocreate.core.activity import label

MESSAGES = {
    "commitments.add": _("Committed: %(title)s"),
    "commitments.publish": _("Published the commitment: %(title)s"),
    "commitments.status": lambda p: (
        _("%(title)s: %(status)s") % {"title": p["title"], "status": label(Commitment.Status, p["status"])}
    ),
    "commitments.progress": _("Progress on %(title)s"),
    "commitments.reminder": lambda p: (
        _("Reminder sent: %(reason)s") % {"reason": label(ReminderSent.Reason, p["reason"])}
    ),
}
