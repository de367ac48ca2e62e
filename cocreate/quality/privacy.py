"""Personal data of Co-Master (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

HOLDINGS = [
    Holding(
        model="quality.QualityAssessment",
        label=_("Co-Master assessments you opened"),
        purpose=_("Assessing the quality of co-creation"),
        subject="opened_by",
        fields=("renewal", "cycle_number", "created_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="quality.QualityAction",
        label=_("Improvements for the next cycle you own"),
        purpose=_("Improving the next cycle"),
        subject="owner",
        fields=("title", "deadline", "status"),
        erase=Erase.KEEP,  # the owner is the emptied account, shown without a name
    ),
]
