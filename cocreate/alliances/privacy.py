"""Personal data of alliances (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal

ACCOUNTABILITY = _("Public accountability: commitments, alliances, the process log")
HOLDINGS = [
    Holding(
        model="alliances.Alliance",
        label=_("Alliances whose secretariat you are in"),
        purpose=ACCOUNTABILITY,
        subject="secretariat",
        fields=("name",),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="alliances.Signature",
        label=_("Declarations you signed for your organisation"),
        purpose=ACCOUNTABILITY,
        subject="signed_by",
        fields=("declaration", "organisation", "signed_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="alliances.Decision",
        label=_("Meeting decisions you recorded"),
        purpose=ACCOUNTABILITY,
        subject="recorded_by",
        fields=("meeting", "number", "title"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="alliances.PledgeReport",
        label=_("Pledge progress you reported"),
        purpose=ACCOUNTABILITY,
        subject="reported_by",
        fields=("pledge", "period_end", "amount", "note"),
        erase=Erase.UNLINK,
    ),
]
NOT_PERSONAL = [
    NotPersonal("alliances.Alliance", ("name",), "an alliance's name"),
    NotPersonal("alliances.WorkingGroup", ("name",), "a working group's name"),
]
