"""Personal data of commitments (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

ACCOUNTABILITY = _("Public accountability: commitments, alliances, the process log")
HOLDINGS = [
    Holding(
        model="commitments.Commitment",
        label=_("Commitments you are responsible for"),
        purpose=ACCOUNTABILITY,
        subject="responsible",
        fields=("title", "deadline", "status"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="commitments.ProgressUpdate",
        label=_("Progress you reported on commitments"),
        purpose=ACCOUNTABILITY,
        subject="author",
        fields=("commitment", "text", "link", "created_at"),
        files=("file",),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="commitments.InputNotice",
        label=_("Notices that your input became a commitment, or was kept"),
        purpose=_("Telling people what became of their input"),
        subject="user",
        fields=("commitment", "event", "sent_at"),
        erase=Erase.DELETE,
    ),
    Holding(
        model="commitments.InputNotice",
        label=_("E-mails that your input became a commitment, or was kept"),
        purpose=_("Telling people what became of their input"),
        subject="participant",
        fields=("commitment", "event", "sent_at"),
        erase=Erase.DELETE,
        legal_basis=_("Consent"),
    ),
]
