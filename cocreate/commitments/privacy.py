"""Personal data of commitments, alliances and the process log (see cocreate/privacy/declare.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.privacy.declare import Erase, Holding, NotPersonal

ACCOUNTABILITY = _("Public accountability: commitments, alliances, the process log")
HOLDINGS = [
    Holding(
        model="commitments.Alliance",
        label=_("Alliances whose secretariat you are in"),
        purpose=ACCOUNTABILITY,
        subject="secretariat",
        fields=("name",),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="commitments.Signature",
        label=_("Declarations you signed for your organisation"),
        purpose=ACCOUNTABILITY,
        subject="signed_by",
        fields=("declaration", "organisation", "signed_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="commitments.PledgeReport",
        label=_("Pledge progress you reported"),
        purpose=ACCOUNTABILITY,
        subject="reported_by",
        fields=("pledge", "period_end", "amount", "note"),
        erase=Erase.UNLINK,
    ),
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
        model="commitments.LogEntry",
        label=_("Process log entries you wrote"),
        purpose=ACCOUNTABILITY,
        subject="author",
        fields=("kind", "title", "text", "link", "created_at"),
        files=("file",),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="commitments.PublicComment",
        label=_("Your questions and comments on the process log"),
        purpose=ACCOUNTABILITY,
        subject="participant",
        fields=("entry", "nickname", "text", "answer", "created_at"),
        scrub=("nickname",),
        erase=Erase.CONTRIBUTION,
        legal_basis=_("Public task"),
    ),
    Holding(
        model="commitments.PublicComment",
        label=_("Your questions and comments on the process log"),
        purpose=ACCOUNTABILITY,
        subject="user",
        fields=("entry", "nickname", "text", "answer", "created_at"),
        scrub=("nickname",),
        erase=Erase.CONTRIBUTION,
    ),
    Holding(
        model="commitments.PublicComment",
        label=_("Public comments you answered"),
        purpose=ACCOUNTABILITY,
        subject="answered_by",
        fields=("entry", "answer", "answered_at"),
        erase=Erase.UNLINK,
    ),
]
NOT_PERSONAL = [
    NotPersonal("commitments.Alliance", ("name",), "an alliance's name"),
    NotPersonal("commitments.WorkingGroup", ("name",), "a working group's name"),
]
