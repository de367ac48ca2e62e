"""Co-Master entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "comaster.open": _("Asked organisers and participants how good cycle %(n)s was (Co-Master)"),
    "comaster.close": _("Closed Co-Master for cycle %(n)s"),
    "comaster.publish": _("Published the quality assessment of cycle %(n)s"),
    "comaster.unpublish": _("Withdrew the published quality assessment of cycle %(n)s"),
    "comaster.action": _("Planned for the next cycle: %(title)s"),
}
