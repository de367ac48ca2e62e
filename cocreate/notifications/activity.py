"""Notification entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "notifications.preferences": _("Changed e-mail preferences"),
    "notifications.unsubscribe": _("Unsubscribed by link"),
}
