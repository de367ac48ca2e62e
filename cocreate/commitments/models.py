"""Commitments: what a renewal or an alliance promised, who answers for it, and how it is going.

"Late" is never stored: a commitment is late when it is neither done nor dropped and its deadline
has passed, so it turns late at midnight without anyone marking it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.alliances.models import Alliance
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
EVIDENCE_EXTENSIONS = ["pdf", "png", "jpg", "jpeg", "odt", "docx", "txt", "csv"]


def validate_evidence_size(file: object) -> None:
    if getattr(file, "size", 0) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Attach a smaller file or give a link."))


evidence_validators: list[Callable[[Any], None]] = [
    FileExtensionValidator(EVIDENCE_EXTENSIONS),
    validate_evidence_size,
]


class Commitment(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    renewal = models.ForeignKey(
        Renewal, null=True, blank=True, on_delete=models.CASCADE, related_name="commitments"
    )
    alliance = models.ForeignKey(
        Alliance, null=True, blank=True, on_delete=models.CASCADE, related_name="commitments"
    )
    # What this commitment answers — an improvement action of Co-Ready or Co-Master, an accepted
    # idea, a conversation finding, a workshop outcome, a panel recommendation (a generic link, so
    # the stages below need not know each other). One commitment per source: a constraint, so a
    # double tap or a parallel request finds the first one instead of making a second.
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    source_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("what"), max_length=200)
    why = models.TextField(_("why"), max_length=5000, blank=True)
    findings = models.TextField(
        _("findings it answers"), max_length=5000, blank=True, help_text=_("Links or references, one a line")
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    drop_reason = models.TextField(_("why it was dropped"), max_length=2000, blank=True)
    # When it was marked done (cleared if reopened): "kept on time" is completed_at's date ≤ deadline
    # (counted by commitments/cycle_evidence.py for Co-Master).
    completed_at = models.DateTimeField(_("done on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal__isnull=False) | Q(alliance__isnull=False),
                name="commitment_has_an_owner",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=~Q(source_id=""),
                name="one_commitment_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status == self.Status.DROPPED and not self.drop_reason.strip():
            raise ValidationError({"drop_reason": _("Say why the commitment was dropped.")})

    @property
    def is_late(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.deadline < timezone.localdate()

    @property
    def owner(self) -> Renewal | Alliance:
        """The renewal or the alliance this belongs to (a check constraint keeps one of them set)."""
        owner = self.renewal or self.alliance
        assert owner is not None
        return owner

    @property
    def owner_title(self) -> str:
        return str(self.owner)

    @property
    def is_public(self) -> bool:
        return self.is_published and self.owner.is_public


class ProgressUpdate(BaseModel):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("what happened"), max_length=5000)
    link = models.URLField(_("link to evidence"), blank=True)
    file = models.FileField(
        _("evidence file"), upload_to="commitments/evidence/%Y/", blank=True, validators=evidence_validators
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return self.text[:60]


class ReminderSent(models.Model):
    """What the reminder job sent, so it never sends twice for the same reason."""

    class Reason(models.TextChoices):
        DUE_SOON = "due_soon", _("Deadline in a week")
        OVERDUE = "overdue", _("Deadline passed")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reminders")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    deadline = models.DateField()  # a moved deadline earns new reminders
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "reason", "deadline"], name="one_reminder_per_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.reason}"


class InputNotice(models.Model):
    """Who was told that their input became a commitment (event "made") or that it was kept ("done"):
    recorded before anyone is told, so a retry, a double tap or a parallel request tells nobody twice."""

    class Event(models.TextChoices):
        MADE = "made", _("Became a commitment")
        DONE = "done", _("Commitment done")

    id = models.BigAutoField(primary_key=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="input_notices")
    event = models.CharField(max_length=10, choices=Event.choices)
    # An account (told in the app) or a guest identity (told by e-mail, with consent): one of the two.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        "accounts.GuestParticipant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("input notice")
        verbose_name_plural = _("input notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, participant__isnull=True)
                | Q(user__isnull=True, participant__isnull=False),
                name="input_notice_has_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["commitment", "event", "user"],
                condition=Q(user__isnull=False),
                name="one_input_notice_per_user",
            ),
            models.UniqueConstraint(
                fields=["commitment", "event", "participant"],
                condition=Q(participant__isnull=False),
                name="one_input_notice_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.event}"
