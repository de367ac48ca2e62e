"""People, organisations, who belongs where, invitations, and guest participants."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.countries import COUNTRIES
from cocreate.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. `is_superuser` marks a platform administrator."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        REGIONAL = "regional", _("Regional authority")
        MINISTRY = "ministry", _("National ministry")
        AGENCY = "agency", _("Agency")
        OTHER = "other", _("Other")

    class SizeBand(models.TextChoices):
        SMALL = "small", _("Up to 50 staff")
        MEDIUM = "medium", _("51 to 250 staff")
        LARGE = "large", _("251 to 1,000 staff")
        VERY_LARGE = "very_large", _("More than 1,000 staff")

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    size_band = models.CharField(_("size"), max_length=20, choices=SizeBand.choices)
    members = models.ManyToManyField(User, through="Membership", related_name="organisations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    STAFF = "staff", _("Staff")
    FACILITATOR = "facilitator", _("Facilitator")


class Membership(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organisation__name", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(BaseModel):
    """A single-use, expiring link that lets one e-mail address join one organisation.

    Only the hash of the token is stored: a database leak does not leak working links.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    def get_state(self) -> Invitation.State:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.get_state().label)

    @property
    def is_usable(self) -> bool:
        return self.get_state() == self.State.PENDING


class GuestParticipant(BaseModel):
    """A service user taking part without an account.

    The browser holds a signed cookie with this id (see `participants.py`); later apps hang
    "one vote per participant" constraints on it. Nickname and e-mail are optional; the e-mail
    is used only for notifications the person agreed to, and is never shown.
    """

    nickname = models.CharField(_("nickname"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail for notifications"), blank=True)
    notify_consent_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    last_seen_at = models.DateTimeField(default=timezone.now)
    # Verification (decision 0012): what stands behind this voice besides a browser cookie.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        help_text="The account this identity belongs to: one participant identity per account.",
    )
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    external_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    external_id = models.CharField(max_length=200, blank=True)  # Polis's xid from an embedding site

    class Meta:
        verbose_name = _("guest participant")
        verbose_name_plural = _("guest participants")
        constraints = [
            # One voice per confirmed e-mail address: a second browser that confirms it adopts the first.
            models.UniqueConstraint(
                Lower("email"), condition=Q(email_confirmed_at__isnull=False), name="one_identity_per_email"
            ),
            models.UniqueConstraint(
                fields=["external_organisation", "external_id"],
                condition=Q(external_organisation__isnull=False),
                name="one_identity_per_xid",
            ),
        ]

    def __str__(self) -> str:
        return self.nickname or str(_("Anonymous participant"))

    @property
    def may_be_notified(self) -> bool:
        return bool(self.email and self.notify_consent_at)


class Admission(models.TextChoices):
    """Who may take part in a conversation, a journey's feedback or a registration (decision 0012)."""

    OPEN = "open", _("Open to guests (a limited number of new guests per network and minute)")
    EMAIL = "email", _("Guests who confirm an e-mail address with a code")
    CODE = "code", _("Single-use invitation codes (e.g. printed on cards)")
    ACCOUNT = "account", _("Signed-in accounts only")


class Verification(models.TextChoices):
    """What stands behind one voice, strongest last; results count voices per level."""

    GUEST = "guest", _("Guest (browser only)")
    XID = "xid", _("Identity from the embedding site")
    EMAIL = "email", _("Confirmed e-mail")
    CODE = "code", _("Invitation code")
    ACCOUNT = "account", _("Account")


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud, typed from a card


class InvitationCode(BaseModel):
    """A single-use code for one scope (a conversation, a journey…): each code is one voice.

    The first browser that types it becomes that voice; the same code on a second phone is the
    same voice again, never a second one (the unique participant per scope holds that)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=80, db_index=True)
    code = models.CharField(max_length=12, unique=True)
    participant = models.ForeignKey(
        GuestParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="codes"
    )
    redeemed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "participant"],
                condition=Q(participant__isnull=False),
                name="one_code_per_participant_and_scope",
            )
        ]

    def __str__(self) -> str:
        return self.code


class EmailConfirmation(BaseModel):
    """A six-digit code sent to an address; only its hash is kept, and it expires."""

    email = models.EmailField()
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Confirmation {self.pk}"

    @staticmethod
    def hash(code: str) -> str:
        return hashlib.sha256(code.encode()).hexdigest()


class GuestIssuance(models.Model):
    """New guest identities issued per client (a keyed hash of the address, never the address)
    and fixed time window; the counter row is the lock that makes the limit exact under load."""

    id = models.BigAutoField(primary_key=True)
    client_key = models.CharField(max_length=64)
    window_start = models.BigIntegerField()  # epoch seconds of the window's start
    issued = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client_key", "window_start"], name="one_issuance_row_per_window")
        ]

    def __str__(self) -> str:
        return f"{self.issued} issued in window {self.window_start}"
