"""Accountability: what a renewal or an alliance promised, who signed what, and what was published.

"Late" is never stored: a commitment is late when it is neither done nor dropped and its deadline
has passed, so it turns late at midnight without anyone marking it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import GuestParticipant, Organisation
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


class Alliance(BaseModel):
    """Organisations that sign one declaration and pledge toward one shared target."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000)
    target_amount = models.DecimalField(
        _("shared target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    target_unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: tonnes per year"))
    target_date = models.DateField(_("target date"))
    is_public = models.BooleanField(_("public page"), default=True)
    secretariat = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("secretariat"), blank=True, related_name="alliances_run"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name

    def current_declaration(self) -> Declaration | None:
        return self.declarations.order_by("-version").first()

    def active_members(self) -> models.QuerySet[AllianceMember]:
        return self.memberships.filter(status=AllianceMember.Status.MEMBER).select_related("organisation")


class Declaration(BaseModel):
    """One version of the alliance's declaration; a new text is a new version, signed anew."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="declarations")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=20000)

    class Meta:
        ordering = ["alliance", "-version"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "version"], name="one_declaration_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.alliance} v{self.version}"


class Signature(BaseModel):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signatures")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "organisation"], name="one_signature_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.declaration}"


class AllianceMember(BaseModel):
    """One organisation's membership, from application to leaving; rows are kept as history."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        MEMBER = "member", _("Member")
        REJECTED = "rejected", _("Not admitted")
        LEFT = "left", _("Left")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="alliance_memberships"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    motivation = models.TextField(_("why we want to join"), max_length=2000, blank=True)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=Q(status__in=["applied", "member"]),
                name="one_current_membership_per_alliance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.alliance}"


class WorkingGroup(BaseModel):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    members = models.ManyToManyField(Organisation, verbose_name=_("members"), blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name


class Meeting(BaseModel):
    """A meeting of a renewal or of an alliance (optionally one working group); minutes are public
    on a public renewal or alliance."""

    renewal = models.ForeignKey(
        Renewal, null=True, blank=True, on_delete=models.CASCADE, related_name="accountability_meetings"
    )
    alliance = models.ForeignKey(
        Alliance, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    working_group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal__isnull=False) | Q(alliance__isnull=False), name="meeting_has_an_owner"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Pledge(BaseModel):
    """A member's quantified commitment toward the alliance's target."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    title = models.CharField(_("what we pledge"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    unit = models.CharField(_("unit"), max_length=50)
    year = models.PositiveSmallIntegerField(
        _("by year"), validators=[MinValueValidator(2000)], help_text=_("The year the amount is reached")
    )

    class Meta:
        ordering = ["alliance", "organisation__name", "year"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.amount} {self.unit} by {self.year}"

    def reported(self) -> Decimal:
        latest = self.reports.order_by("-period_end").first()
        return latest.amount if latest else Decimal(0)


class PledgeReport(BaseModel):
    """Progress on a pledge: the amount reached by the end of a period (cumulative, not a delta)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("up to"))
    amount = models.DecimalField(
        _("amount reached"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pledge", "period_end"]
        verbose_name = _("pledge report")
        verbose_name_plural = _("pledge reports")

    def __str__(self) -> str:
        return f"{self.pledge}: {self.amount} ({self.period_end})"


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
    # An improvement action of Co-Ready or Co-Master that this commitment takes over (generic link,
    # so neither app has to know about commitments).
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
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["deadline", "title"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal__isnull=False) | Q(alliance__isnull=False),
                name="commitment_has_an_owner",
            )
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


class LogEntry(BaseModel):
    """What staff publish in the process log: methods, scripts, materials, notes, decisions, answers."""

    class Kind(models.TextChoices):
        METHOD = "method", _("Method")
        SCRIPT = "script", _("Script")
        MATERIAL = "material", _("Material")
        MEETING_NOTES = "meeting_notes", _("Meeting notes")
        DECISION = "decision", _("Decision")
        ANSWER = "answer", _("Answer to input")

    renewal = models.ForeignKey(
        Renewal, null=True, blank=True, on_delete=models.CASCADE, related_name="log_entries"
    )
    alliance = models.ForeignKey(
        Alliance, null=True, blank=True, on_delete=models.CASCADE, related_name="log_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=20000, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"), upload_to="commitments/log/%Y/", blank=True, validators=evidence_validators
    )
    # Who took part, in aggregate only: {"Service users": 14, "Front-desk staff": 5}. Never names.
    participation: models.JSONField[dict[str, int]] = models.JSONField(
        _("participants by stakeholder group"), default=dict, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal__isnull=False) | Q(alliance__isnull=False), name="log_entry_has_an_owner"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        counts = self.participation
        if not isinstance(counts, dict) or len(counts) > 20:
            raise ValidationError({"participation": _("Give at most 20 groups, each with a number.")})
        for group, count in counts.items():
            if not group.strip() or len(group) > 80 or not isinstance(count, int) or count < 0:
                raise ValidationError(
                    {"participation": _("Each group needs a short name and a whole number of 0 or more.")}
                )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def organisation(self) -> Organisation | None:
        return self.renewal.organisation if self.renewal else None

    @property
    def owner(self) -> Renewal | Alliance:
        """The renewal or the alliance this belongs to (a check constraint keeps one of them set)."""
        owner = self.renewal or self.alliance
        assert owner is not None
        return owner

    @property
    def is_public(self) -> bool:
        return self.is_published and self.owner.is_public


class PublicComment(BaseModel):
    """A question or challenge from the public on a published log entry; staff must answer it."""

    entry = models.ForeignKey(LogEntry, on_delete=models.CASCADE, related_name="comments")
    participant = models.ForeignKey(
        GuestParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    nickname = models.CharField(_("nickname (optional)"), max_length=50, blank=True)
    text = models.TextField(_("your question or comment"), max_length=3000)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A fresh key in every rendered form: the same form sent twice is one comment.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def display_name(self) -> str:
        return self.nickname or str(_("Anonymous participant"))

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.created_at).days
