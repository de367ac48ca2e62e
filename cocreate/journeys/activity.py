"""Journey entries in the activity log, in the reader's language (see core/activity.py).

Contributions are named by kind and status only: never by their text or their author."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from cocreate.core.activity import label
from cocreate.journeys.models import Contribution

MESSAGES = {
    "persona.save": _("Saved the persona “%(n)s”"),
    "journey.create": _("Started the journey map “%(t)s”"),
    "journey.to_be": _("Drew the to-be map of “%(t)s”"),
    "journey.participation": lambda p: (
        (_("Opened “%(t)s” to service users") if p["open"] else _("Closed “%(t)s” to service users"))
        % {"t": p["t"]}
    ),
    "journey.admission": _("Changed who may give feedback on “%(t)s”"),
    "stage.add": _("Added the stage “%(t)s”"),
    "stage.rename": _("Renamed a stage to “%(t)s”"),
    "stage.move": _("Moved the stage “%(t)s”"),
    "stage.delete": _("Deleted the stage “%(t)s”"),
    "step.add": _("Added the step “%(t)s”"),
    "step.edit": _("Changed the step “%(t)s”"),
    "step.duplicate": _("Duplicated the step “%(t)s”"),
    "step.move": _("Moved the step “%(t)s”"),
    "step.delete": _("Deleted the step “%(t)s”"),
    "step.restore": _("Restored the step “%(t)s”"),
    "contribution.add": lambda p: (
        _("A service user sent a %(k)s") % {"k": label(Contribution.Kind, p["k"]).lower()}
    ),
    "contribution.commitment": lambda p: (
        _("A %(k)s became the commitment “%(title)s”")
        % {"k": label(Contribution.Kind, p["k"]).lower(), "title": p["title"]}
    ),
    "contribution.moderate": lambda p: (
        _("A contribution is now %(v)s") % {"v": label(Contribution.Visibility, p["v"])}
    ),
    "contribution.answer": lambda p: (
        _("Answered a %(k)s: %(s)s")
        % {"k": label(Contribution.Kind, p["k"]).lower(), "s": label(Contribution.Status, p["s"])}
    ),
    "contribution.merge": _("Merged two similar contributions"),
    "journey.blocked_words": ngettext_lazy(
        "Updated the list of blocked words (%(n)s word)",
        "Updated the list of blocked words (%(n)s words)",
        "n",
    ),
}
