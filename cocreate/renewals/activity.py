"""The renewals' entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MESSAGES = {
    "renewal.create": _("Started the renewal “%(title)s”"),
    "renewal.update": _("Edited the renewal"),
    "renewal.close": _("Closed the renewal"),
    "renewal.reopen": _("Reopened the renewal"),
    "renewal.cycle": _("Cycle %(n)s started"),
    "renewal.cycle_close": lambda p: (
        (
            ngettext(
                "Closed cycle %(n)s with %(improvements)s improvement for the next cycle",
                "Closed cycle %(n)s with %(improvements)s improvements for the next cycle",
                p["improvements"],
            )
            if p.get("improvements")
            else _("Closed cycle %(n)s")
        )
        % {"n": p["n"], "improvements": p.get("improvements", 0)}
    ),
}
