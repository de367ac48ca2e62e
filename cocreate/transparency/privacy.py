"""Personal data of the process log and the public challenge (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

ACCOUNTABILITY = _("Public accountability: commitments, alliances, the process log")
HOLDINGS = [
    Holding(
        model="transparency.LogEntry",
        label=_("Process log entries you wrote"),
        purpose=ACCOUNTABILITY,
        subject="author",
        fields=("kind", "title", "text", "link", "created_at"),
        files=("file",),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="transparency.PublicComment",
        label=_("Your questions and comments on the process log"),
        purpose=ACCOUNTABILITY,
        subject="participant",
        fields=("entry", "nickname", "text", "answer", "created_at"),
        scrub=("nickname",),
        erase=Erase.CONTRIBUTION,
        legal_basis=_("Public task"),
    ),
    Holding(
        model="transparency.PublicComment",
        label=_("Your questions and comments on the process log"),
        purpose=ACCOUNTABILITY,
        subject="user",
        fields=("entry", "nickname", "text", "answer", "created_at"),
        scrub=("nickname",),
        erase=Erase.CONTRIBUTION,
    ),
    Holding(
        model="transparency.PublicComment",
        label=_("Public comments you answered"),
        purpose=ACCOUNTABILITY,
        subject="answered_by",
        fields=("entry", "answer", "answered_at"),
        erase=Erase.UNLINK,
    ),
]
