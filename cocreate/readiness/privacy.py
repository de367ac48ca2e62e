"""Personal data of Co-Ready (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

HOLDINGS = [
    Holding(
        model="readiness.Round",
        label=_("Readiness rounds you opened"),
        purpose=_("Assessing the organisation's readiness"),
        subject="opened_by",
        fields=("title", "created_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="readiness.Round",
        label=_("Readiness rounds you were invited to"),
        purpose=_("Assessing the organisation's readiness"),
        subject="invitees",
        fields=("title", "created_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="readiness.ImprovementAction",
        label=_("Improvement actions you own"),
        purpose=_("Following up a readiness assessment"),
        subject="owner",
        fields=("title", "deadline", "status"),
        # The action stays the organisation's; its owner is the emptied account, shown without a name.
        erase=Erase.KEEP,
    ),
]
