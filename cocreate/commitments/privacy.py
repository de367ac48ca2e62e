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
]
