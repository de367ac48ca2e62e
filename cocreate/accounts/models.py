"""People, organisations, who belongs where, invitations, and guest participants."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
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

    class Meta:
        verbose_name = _("guest participant")
        verbose_name_plural = _("guest participants")

    def __str__(self) -> str:
        return self.nickname or str(_("Anonymous participant"))

    @property
    def may_be_notified(self) -> bool:
        return bool(self.email and self.notify_consent_at)
