"""Co-Ready entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cocreate.core.activity import label
from cocreate.readiness.models import ImprovementAction

MESSAGES = {
    "readiness.open": _("Opened the readiness round “%(title)s”"),
    "readiness.invite": ngettext_lazy("Invited %(n)s colleague", "Invited %(n)s colleagues", "n"),
    "readiness.close": _("Closed the readiness round “%(title)s”"),
    "readiness.action": _("Planned the improvement “%(title)s”"),
    "readiness.action_status": lambda p: (
        _("“%(title)s” is now %(status)s")
        % {"title": p["title"], "status": label(ImprovementAction.Status, p["status"])}
    ),
    "readiness.action_commitment": _("“%(title)s” is now a commitment of “%(renewal)s”"),
}
