"""Workshop entries in the activity log, in the reader's language (see core/activity.py).

Participants are counted, never named; groups are stakeholder groups ("residents"), not people."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cocreate.core.activity import label
from cocreate.workshops.models import Workshop

MESSAGES = {
    "workshop.create": lambda p: (
        _("Planned the workshop “%(t)s” (%(f)s)") % {"t": p["t"], "f": label(Workshop.Format, p["f"])}
    ),
    "workshop.script": _("Changed the script block “%(t)s”"),
    "workshop.round": _("Set the question of round %(n)s"),
    "workshop.harvest_commitment": _("An outcome of “%(w)s” became the commitment “%(title)s”"),
    "workshop.register": _("A participant registered by link"),
    "workshop.people": ngettext_lazy("Added %(n)s participant", "Added %(n)s participants", "n"),
    "workshop.panel": ngettext_lazy(
        "Invited the %(n)s member of the panel “%(p)s”", "Invited the %(n)s members of the panel “%(p)s”", "n"
    ),
    "workshop.check_in": lambda p: (
        _("Checked in a participant") if p["present"] else _("Marked a participant as absent")
    ),
    "workshop.rotation": ngettext_lazy(
        "Planned the table rotation: %(r)s repeated meeting",
        "Planned the table rotation: %(r)s repeated meetings",
        "r",
    ),
    "workshop.live": _("Started round %(n)s"),
    "workshop.held": _("“%(t)s” was held: %(n)s participants (%(g)s), %(h)s harvest notes, %(s)s sessions"),
    "workshop.schedule": ngettext_lazy(
        "Scheduled %(n)s Open Space session", "Scheduled %(n)s Open Space sessions", "n"
    ),
    "workshop.harvest": _("Added harvest notes"),
    "workshop.harvest_idea": _("An outcome of “%(w)s” became an idea for “%(s)s”"),
}
