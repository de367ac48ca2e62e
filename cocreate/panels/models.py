"""Panels chosen by fair lottery (sortition): the pool of volunteers, quotas, and the selection.

Volunteers' contact details and demographic answers are sensitive personal data: they are stored
encrypted (core.crypto) and shown only to the panel's organisers; everything public is aggregate.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.core import crypto
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal

SMALL_CELL = 5  # statistics hide groups smaller than this


class Panel(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Setting up")
        RECRUITING = "recruiting", _("Recruiting volunteers")
        ANNOUNCED = "announced", _("Draw announced; the pool is closed")
        SELECTING = "selecting", _("Drawing the panel")
        SELECTED = "selected", _("Panel drawn")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="panels")
    renewal = models.ForeignKey(
        Renewal, null=True, blank=True, on_delete=models.SET_NULL, related_name="panels"
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=3000)
    size = models.PositiveSmallIntegerField(_("panel size"))
    timeline = models.TextField(
        _("timeline"),
        max_length=2000,
        blank=True,
        help_text=_("Recruitment, the draw, the meetings and when recommendations are answered."),
    )
    one_per_household = models.BooleanField(_("at most one person per household"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    registration_open = models.BooleanField(_("public registration open"), default=False)
    consent_text = models.TextField(
        _("consent text"),
        max_length=3000,
        default=_(
            "I agree that my answers are used to draw a representative panel by lottery. They are stored "
            "encrypted, seen only by the organisers, and deleted when the process ends."
        ),
    )
    # Public once drawn unless the organisers choose otherwise: a lottery owes the public its account.
    is_public = models.BooleanField(_("transparency report is public"), default=True)
    retention_until = models.DateField(_("delete personal data on"))
    purged_at = models.DateTimeField(_("personal data deleted"), null=True, blank=True)
    # The draw is announced before it happens (decision 0011): when, where the seed comes from, and
    # optionally the SHA-256 of a seed fixed now; the pool is closed from then on.
    draw_announced_at = models.DateTimeField(_("draw announced"), null=True, blank=True)
    draw_at = models.DateTimeField(_("time of the draw"), null=True, blank=True)
    seed_source = models.CharField(_("where the public seed comes from"), max_length=300, blank=True)
    seed_commitment = models.CharField(_("SHA-256 of the seed"), max_length=64, blank=True)
    pool_size_at_announcement = models.PositiveIntegerField(null=True, blank=True)
    replacement_rounds = models.PositiveSmallIntegerField(default=0)
    # The panel's recommendations and the organisation's answers (see Recommendation).
    answer_by = models.DateField(_("we will answer the recommendations by"), null=True, blank=True)
    recommendations_published_at = models.DateTimeField(_("recommendations published"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")

    def __str__(self) -> str:
        return self.title


class Feature(BaseModel):
    """A demographic question (e.g. age band) with its values and quotas."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="features")
    name = models.CharField(_("feature"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["panel", "order"]
        constraints = [models.UniqueConstraint(fields=["panel", "name"], name="feature_name_unique")]

    def __str__(self) -> str:
        return self.name


class FeatureValue(BaseModel):
    feature = models.ForeignKey(Feature, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(_("value"), max_length=80)
    minimum = models.PositiveSmallIntegerField(_("at least"))
    maximum = models.PositiveSmallIntegerField(_("at most"))
    census_share = models.FloatField(_("share in the population (%)"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["feature", "order"]
        constraints = [models.UniqueConstraint(fields=["feature", "value"], name="feature_value_unique")]

    def __str__(self) -> str:
        return f"{self.feature.name}: {self.value}"


class Volunteer(BaseModel):
    class Status(models.TextChoices):
        POOL = "pool", _("In the pool")
        SELECTED = "selected", _("Selected")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        REPLACEMENT = "replacement", _("Selected as a replacement")

    class Source(models.TextChoices):
        IMPORT = "import", _("Imported")
        REGISTRATION = "registration", _("Registered")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="volunteers")
    # Encrypted: {"name": …, "email": …, "phone": …} and {feature name: value}.
    contact_encrypted = models.TextField(blank=True)
    answers_encrypted = models.TextField(blank=True)
    email_fingerprint = models.CharField(max_length=40, blank=True)  # for de-duplication only
    household_fingerprint = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.IMPORT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.POOL)
    probability = models.FloatField(_("selection probability"), null=True, blank=True)
    response_token = models.CharField(max_length=64, blank=True, db_index=True)
    replaced_at = models.DateTimeField(null=True, blank=True)  # a decliner whose seat was redrawn

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "email_fingerprint"],
                condition=~models.Q(email_fingerprint=""),
                name="one_volunteer_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"Volunteer {self.pk}"  # never a name: this string can reach logs

    @property
    def contact(self) -> dict[str, Any]:
        return crypto.decrypt(self.contact_encrypted) or {}

    @property
    def answers(self) -> dict[str, str]:
        return crypto.decrypt(self.answers_encrypted) or {}


class Selection(BaseModel):
    """One run of the lottery and its draw, with the audit record (no personal data: volunteers
    appear by their random ids only)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="selections")
    method = models.CharField(max_length=20, default="leximin")
    seed = models.CharField(_("public seed"), max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    audit = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            # A lottery is drawn once: one queued, running or finished draw per panel.
            models.UniqueConstraint(
                fields=["panel"], condition=~models.Q(state="failed"), name="one_draw_per_panel"
            )
        ]

    def __str__(self) -> str:
        return f"Selection for {self.panel} ({self.state})"


class Recommendation(BaseModel):
    """One recommendation of the panel, as the panel wrote it, and the organisation's public answer.

    The organisation answers every recommendation: accepted and partly accepted ones become a
    commitment of the panel's renewal (in the same action), a rejected or partly accepted one says
    why (a check constraint). The recommendations are public once the organisation publishes them
    (`Panel.recommendations_published_at`); each answer once it is published (`answer_published_at`),
    and a published answer stands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        REJECTED = "rejected", _("Rejected")

    ADOPTED = (Status.ACCEPTED, Status.PARTLY)  # answers that become a commitment
    NEED_REASON = (Status.PARTLY, Status.REJECTED)

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("the recommendation as the panel wrote it"), max_length=10000)
    # The panel's own vote on it, when it voted (optional).
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("answer"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer_published_at = models.DateTimeField(_("answer published"), null=True, blank=True)

    class Meta:
        ordering = ["panel", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="recommendation_number_unique"),
            models.UniqueConstraint(fields=["panel", "title"], name="recommendation_title_unique"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["partly", "rejected"]) | ~models.Q(reason=""),
                name="recommendation_reason_when_not_accepted",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_published_at__isnull=True) | ~models.Q(status="pending"),
                name="recommendation_published_answer_is_an_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def organisation(self) -> Organisation:
        return self.panel.organisation

    @property
    def has_votes(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.votes_abstain))

    @property
    def is_overdue(self) -> bool:
        """Not answered in public by the date the organisation promised."""
        due = self.panel.answer_by
        return self.answer_published_at is None and due is not None and due < timezone.localdate()
