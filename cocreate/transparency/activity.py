"""The process log's entries in the activity log, in the reader's language (see core/activity.py).
The codes are those written before the process log left the commitments app."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "commitments.log_entry": _("Wrote in the process log: %(title)s"),
    "commitments.log_publish": _("Published: %(title)s"),
    "commitments.log_withdraw": _("Withdrew: %(title)s"),
    "commitments.comment": _("A question from the public on %(title)s"),
    "commitments.answer": _("Answered a question from the public on %(title)s"),
}
