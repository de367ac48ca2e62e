"""Alliances' entries in the activity log, in the reader's language (see core/activity.py). The
codes are those written before alliances left the commitments app (a meeting's among them)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "alliances.create": _("Founded the alliance %(name)s"),
    "alliances.declaration": _("Declaration version %(v)s"),
    "alliances.sign": _("%(org)s signed the declaration (version %(v)s)"),
    "alliances.apply": _("%(org)s applied to join"),
    "alliances.admit": _("%(org)s joined the alliance"),
    "alliances.reject": _("Application of %(org)s not accepted"),
    "alliances.leave": _("%(org)s left the alliance"),
    "alliances.group": _("Working group: %(name)s"),
    "commitments.meeting": _("Meeting: %(title)s"),
    "alliances.pledge": _("%(org)s pledged %(amount)s %(unit)s by %(year)s"),
    "alliances.pledge_edit": _("%(org)s changed its pledge"),
    "alliances.report": _("%(org)s reported %(amount)s %(unit)s up to %(date)s"),
}
