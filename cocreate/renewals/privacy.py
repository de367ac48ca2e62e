"""Personal data of renewals (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

HOLDINGS = [
    Holding(
        model="renewals.Renewal",
        label=_("Renewal teams you are on"),
        purpose=_("Running a renewal"),
        subject="team",
        fields=("title", "status"),
        erase=Erase.UNLINK,
        retention=_("While you are on the team"),
    ),
]
