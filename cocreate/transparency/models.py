"""The public process log of a renewal or an alliance, and the public's challenge on it.

Staff publish what they did and decided (methods, scripts, notes, decisions); anyone may ask about a
published entry, and the team must answer in public. The tables were created by the `commitments`
app and moved here (migrations/0001_initial.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import GuestParticipant, Organisation
from cocreate.alliances.models import Alliance
from cocreate.commitments.models import evidence_validators
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal


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
