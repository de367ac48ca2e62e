"""Portfolio entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = {
    "service.create": _("Added the service “%(name)s”"),
    "service.update": _("Edited the service “%(name)s”"),
    "service.archive": _("Archived “%(name)s”"),
    "service.restore": _("Restored “%(name)s”"),
    "service.import": ngettext_lazy(
        "Imported %(n)s service from CSV", "Imported %(n)s services from CSV", "n"
    ),
    "coserve.open": _("Started Co-Serve for “%(name)s”"),
}
