"""Personal data of accounts and guest identities (see cocreate/core/personal_data.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import SELF, Erase, Holding, NotPersonal


def anonymise_accounts(rows: QuerySet[Any], context: Any) -> None:
    """An account is emptied rather than deleted: actions it owns (PROTECT) keep an owner, shown
    without a name; it can no longer sign in."""
    for user in rows:
        user.email = f"erased-{user.pk.hex}@erased.invalid"
        user.full_name = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()


HOLDINGS = [
    Holding(
        model="accounts.Membership",
        label=_("Organisations you work in"),
        purpose=_("Access to your organisation's work"),
        subject="user",
        fields=("organisation", "role", "created_at"),
        erase=Erase.DELETE,
        retention=_("While you are a member"),
        legal_basis=_("Public task / contract of employment"),
    ),
    Holding(
        model="accounts.Invitation",
        label=_("Invitations to your e-mail address"),
        purpose=_("Inviting colleagues to an organisation"),
        by_email="email",
        fields=("organisation", "role", "created_at", "expires_at", "accepted_at"),
        erase=Erase.DELETE,
        retention=_("Until accepted, revoked or expired"),
        legal_basis=_("Public task"),
    ),
    Holding(
        model="accounts.Invitation",
        label=_("Invitations you sent"),
        purpose=_("Inviting colleagues to an organisation"),
        subject="invited_by",
        fields=("organisation", "role", "created_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="accounts.Invitation",
        label=_("Invitations you accepted"),
        purpose=_("Inviting colleagues to an organisation"),
        subject="accepted_by",
        fields=("organisation", "role", "accepted_at"),
        erase=Erase.UNLINK,
    ),
    Holding(
        model="accounts.InvitationCode",
        label=_("Invitation codes you used"),
        purpose=_("One voice per invitation code"),
        subject="participant",
        fields=("scope", "redeemed_at"),
        erase=Erase.COUNT,  # the code stays one (anonymous) voice, as published
    ),
    Holding(
        model="accounts.EmailConfirmation",
        label=_("Codes that confirmed your e-mail address"),
        purpose=_("One voice per confirmed e-mail address"),
        by_email="email",
        fields=("created_at", "expires_at", "confirmed_at"),
        erase=Erase.DELETE,
        retention=_("Unconfirmed: until it expires; confirmed: one day"),
    ),
    Holding(
        model="accounts.GuestParticipant",
        label=_("The participant identity of your account"),
        purpose=_("One voice per account"),
        subject="user",
        fields=("created_at",),
        erase=Erase.KEEP,  # erased as a guest identity of the same person (see privacy.selectors)
    ),
    # The people themselves come last: everything that points at them is handled first.
    Holding(
        model="accounts.User",
        label=_("Your account"),
        purpose=_("Signing in and working in an organisation"),
        subject=SELF,
        fields=("email", "full_name", "language", "date_joined", "last_login"),
        erase=Erase.CUSTOM,
        eraser=anonymise_accounts,
        retention=_("While the account exists"),
        legal_basis=_("Public task / contract of employment"),
    ),
    Holding(
        model="accounts.GuestParticipant",
        label=_("Your guest identity"),
        purpose=_("Taking part without an account: one voice per person, notifications you asked for"),
        subject=SELF,
        fields=(
            "created_at",
            "nickname",
            "email",
            "notify_consent_at",
            "email_confirmed_at",
            "external_id",
            "language",
            "last_seen_at",
        ),
        erase=Erase.DELETE,
        retention=_("Deleted after a period without activity (24 months unless the platform sets otherwise)"),
        legal_basis=_("Consent (e-mail); public task (participation)"),
    ),
]
NOT_PERSONAL = [
    NotPersonal("accounts.Organisation", ("name",), "an organisation's name"),
    NotPersonal("accounts.Organisation", ("members",), "declared through accounts.Membership"),
]
