"""Conversation entries in the activity log, in the reader's language (see core/activity.py).

Statements are named by number only, never by their text or author."""

from django.utils.translation import gettext_lazy as _

from cocreate.conversations.models import Conversation, Statement
from cocreate.core.activity import label

MESSAGES = {
    "conversation.create": _("Opened the conversation “%(topic)s”"),
    "conversation.update": _("Changed the settings of “%(topic)s”"),
    "conversation.status": lambda p: (
        _("“%(topic)s” is now %(status)s")
        % {"topic": p["topic"], "status": label(Conversation.Status, p["status"])}
    ),
    "statement.add": lambda p: (
        _("Statement %(n)s added: %(state)s") % {"n": p["n"], "state": label(Statement.State, p["state"])}
    ),
    "statement.commitment": _("Statement %(n)s became the commitment “%(title)s”"),
    "statement.moderate": lambda p: (
        _("Statement %(n)s: %(state)s") % {"n": p["n"], "state": label(Statement.State, p["state"])}
    ),
}
