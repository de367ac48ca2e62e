"""Personal data the privacy app itself holds (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal

HOLDINGS = [
    Holding(
        model="privacy.ConsentRecord",
        label=_("Consents you gave"),
        purpose=_("Showing that consent was given, when, and in which wording"),
        subject="participant",
        fields=("purpose", "wording", "wording_version", "given_at", "withdrawn_at"),
        erase=Erase.UNLINK,  # the record stays without the person: it names no one
        legal_basis=_("Legal obligation (art. 7(1) GDPR)"),
    ),
    Holding(
        model="privacy.ConsentRecord",
        label=_("Consents you gave"),
        purpose=_("Showing that consent was given, when, and in which wording"),
        subject="user",
        fields=("purpose", "wording", "wording_version", "given_at", "withdrawn_at"),
        erase=Erase.UNLINK,
        legal_basis=_("Legal obligation (art. 7(1) GDPR)"),
    ),
    Holding(
        model="privacy.AccessCode",
        label=_("Codes sent to your e-mail to reach your data"),
        purpose=_("Proving who asks for their data"),
        by_email="email",
        fields=("created_at", "expires_at", "confirmed_at"),
        erase=Erase.DELETE,
        retention=_("Unconfirmed: until it expires; confirmed: one day"),
        legal_basis=_("Legal obligation (answering requests under art. 15-20 GDPR)"),
    ),
]
NOT_PERSONAL = [NotPersonal("privacy.StandIn", ("participant",), "a stand-in carries no personal data")]
