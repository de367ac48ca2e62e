"""Personal data of notifications (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

HOLDINGS = [
    Holding(
        model="notifications.Notification",
        label=_("Your notifications"),
        purpose=_("Telling you what happened to what you took part in"),
        subject="user",
        fields=("created_at", "updated_at", "kind", "text", "count", "link", "read_at", "email_status"),
        erase=Erase.DELETE,
        legal_basis=_("Consent (e-mail); legitimate interest (in-app)"),
    ),
    Holding(
        model="notifications.Told",
        label=_("Events you were told of"),
        purpose=_("Telling you of each event once"),
        subject="user",
        fields=("entry", "notification"),
        erase=Erase.DELETE,
        legal_basis=_("Legitimate interest (in-app)"),
    ),
    Holding(
        model="notifications.Digest",
        label=_("Digests sent to you"),
        purpose=_("Sending each digest once"),
        subject="user",
        fields=("frequency", "period", "sent_at", "items"),
        erase=Erase.DELETE,
        legal_basis=_("Consent"),
    ),
    Holding(
        model="notifications.Preference",
        label=_("Your e-mail preferences"),
        purpose=_("Sending only the e-mails you asked for"),
        subject="user",
        fields=("kind", "delivery"),
        erase=Erase.DELETE,
        legal_basis=_("Consent"),
    ),
]
