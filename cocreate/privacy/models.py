"""Per-organisation privacy notices, consent records, and the one-time codes that let a guest
prove an e-mail address to reach their data."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import GuestParticipant, Organisation
from cocreate.core.models import BaseModel


class PrivacyNotice(BaseModel):
    """What an organisation publishes as controller: who, why, how long, whom to ask."""

    class OnErasure(models.TextChoices):
        PERSON_CHOOSES = "choose", _("The person chooses: delete their contributions or keep them anonymised")
        ANONYMISE = "anonymise", _("Contributions stay, anonymised (shown as “a participant”)")
        DELETE = "delete", _("Contributions are deleted with the person's data")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="privacy_notice")
    controller = models.TextField(
        _("controller"), max_length=1000, help_text=_("Name and address of the organisation responsible.")
    )
    dpo_contact = models.CharField(
        _("data protection officer"), max_length=300, help_text=_("An e-mail or postal address.")
    )
    purposes = models.TextField(_("why we process personal data"), max_length=5000, blank=True)
    retention = models.TextField(_("how long we keep it"), max_length=5000, blank=True)
    contributions_on_erasure = models.CharField(
        _("contributions when a person erases their data"),
        max_length=20,
        choices=OnErasure.choices,
        default=OnErasure.PERSON_CHOOSES,
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return str(self.organisation)


class ConsentRecord(BaseModel):
    """A consent given (or withdrawn) by a person: when, for what, and in which wording."""

    participant = models.ForeignKey(
        GuestParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=50)
    wording = models.TextField(_("wording shown"), max_length=2000)
    wording_version = models.CharField(_("wording version"), max_length=16)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.purpose} ({self.wording_version})"


def wording_version(wording: str) -> str:
    """A wording's version is its digest: a changed text is a new version without anyone bumping it."""
    return hashlib.sha256(wording.encode()).hexdigest()[:12]


class AccessCode(BaseModel):
    """A six-digit code sent to an e-mail address; typing it proves the person reads that mailbox.

    Only the code's keyed hash is stored. Unconfirmed codes go at expiry, confirmed ones a day later
    (retention task).
    """

    email = models.EmailField(_("e-mail address"))
    code_hash = models.CharField(max_length=64, editable=False)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")

    def __str__(self) -> str:
        return f"Access code {self.pk}"  # never the e-mail: this string can reach logs

    @property
    def is_usable(self) -> bool:
        return self.confirmed_at is None and self.expires_at > timezone.now() and self.attempts < 5


class StandIn(models.Model):
    """Marks a guest identity created to carry an erased person's votes, so counts stay as
    published. It holds no personal data and is never purged for being idle."""

    participant = models.OneToOneField(GuestParticipant, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anonymous stand-in")
        verbose_name_plural = _("anonymous stand-ins")

    def __str__(self) -> str:
        return f"Stand-in {self.participant_id}"
