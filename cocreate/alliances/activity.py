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
    "alliances.meeting_agenda": _("Agenda of the meeting %(title)s"),
    "alliances.meeting_minutes": _("Minutes of the meeting %(title)s"),
    "alliances.decision": _("Decision %(n)s of the meeting %(meeting)s: %(title)s"),
    "alliances.pledge": _("%(org)s pledged %(amount)s %(unit)s by %(year)s"),
    "alliances.pledge_edit": _("%(org)s changed its pledge"),
    "alliances.pledge_publish": _("%(org)s published its pledge: %(title)s"),
    "alliances.report": _("%(org)s reported %(amount)s %(unit)s up to %(date)s"),
    "alliances.report_correct": _("%(org)s corrected its report up to %(date)s: %(amount)s %(unit)s"),
}
