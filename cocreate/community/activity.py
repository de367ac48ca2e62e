"""Community entries in the activity log, in the reader's language (see core/activity.py).

Members are never named in the parameters (the entry's actor and target say who); good practices,
events, method cards and learning paths are named by their titles."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cocreate.community.models import Registration
from cocreate.core.activity import label

MESSAGES = {
    "community.join": _("Joined the community"),
    "community.profile": _("Updated a community profile"),
    "community.leave": _("Left the community"),
    "community.editor": lambda p: (
        _("Named a community editor") if p["editor"] else _("Removed a community editor")
    ),
    "community.contact": _("Sent a message to a member"),
    "community.ambassador": _("Named an innovation ambassador"),
    "community.ambassador_remove": _("Removed an innovation ambassador"),
    "practice.create": _("Drafted “%(title)s”"),
    "practice.update": _("Changed “%(title)s”"),
    "practice.submit": _("Submitted “%(title)s”"),
    "practice.publish": _("Published “%(title)s”"),
    "practice.return": _("Returned “%(title)s”"),
    "community.method": _("Method card “%(name)s”"),
    "event.create": _("Event “%(title)s”"),
    "event.register": lambda p: (
        _("Registered (%(status)s)") % {"status": label(Registration.Status, p["status"])}
    ),
    "event.cancel": _("Cancelled a registration"),
    "event.move_up": _("Moved up from the waiting list"),
    "event.attendance": ngettext_lazy("Attendance: %(n)s person", "Attendance: %(n)s people", "n"),
    "community.path": _("Learning path “%(title)s”"),
    "community.step": lambda p: _("Marked a step done") if p["done"] else _("Marked a step not done"),
    "community.subscription": lambda p: (
        _("Subscribed to the newsletter") if p["subscribed"] else _("Unsubscribed from the newsletter")
    ),
    "community.newsletter": ngettext_lazy(
        "Newsletter “%(subject)s” to %(n)s subscriber", "Newsletter “%(subject)s” to %(n)s subscribers", "n"
    ),
}
