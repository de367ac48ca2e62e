"""The renewals' entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "renewal.create": _("Started the renewal “%(title)s”"),
    "renewal.update": _("Edited the renewal"),
    "renewal.close": _("Closed the renewal"),
    "renewal.reopen": _("Reopened the renewal"),
    "renewal.cycle": _("Cycle %(n)s started"),
}
