"""Co-Renew: personas and journey maps (as-is, then to-be), and what service users say about each
step — how it felt, pain points, ideas, supports, comments — with the organisation's answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Admission, GuestParticipant, Organisation
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal

CONTRIBUTION_MAX_LENGTH = 2000


class Persona(BaseModel):
    class DigitalSkills(models.TextChoices):
        NONE = "none", _("None")
        BASIC = "basic", _("Basic")
        CONFIDENT = "confident", _("Confident")

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("name"), max_length=100)
    situation = models.TextField(_("situation"), max_length=2000, blank=True)
    goals = models.TextField(_("goals"), max_length=2000, blank=True)
    needs = models.TextField(_("needs"), max_length=2000, blank=True)
    frustrations = models.TextField(_("frustrations"), max_length=2000, blank=True)
    digital_skills = models.CharField(
        _("digital skills"), max_length=20, choices=DigitalSkills.choices, blank=True
    )
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personas")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.renewal.organisation


class JourneyMap(BaseModel):
    class Kind(models.TextChoices):
        AS_IS = "as_is", _("As-is")
        TO_BE = "to_be", _("To-be")

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="journey_maps")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AS_IS)
    title = models.CharField(_("title"), max_length=200)
    persona = models.ForeignKey(
        Persona, null=True, blank=True, on_delete=models.SET_NULL, related_name="maps"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    participation_open = models.BooleanField(_("open to service users"), default=False)
    admission = models.CharField(
        _("who may take part"), max_length=10, choices=Admission.choices, default=Admission.OPEN
    )

    class Meta:
        ordering = ["renewal", "kind", "created_at"]
        verbose_name = _("journey map")
        verbose_name_plural = _("journey maps")

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.renewal.organisation


class Stage(BaseModel):
    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(_("stage"), max_length=120)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["journey", "order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.journey.renewal.organisation


class Step(BaseModel):
    class Evidence(models.TextChoices):
        OBSERVED = "observed", _("Observed")
        REPORTED = "reported", _("Reported")
        ASSUMED = "assumed", _("Assumed")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=150)
    action = models.TextField(_("what the user does"), max_length=2000, blank=True)
    touchpoint = models.CharField(_("touchpoint"), max_length=200, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    front_stage = models.CharField(_("front-stage actor"), max_length=200, blank=True)
    back_stage = models.TextField(_("back-stage process"), max_length=2000, blank=True)
    evidence = models.CharField(
        _("evidence"), max_length=10, choices=Evidence.choices, default=Evidence.ASSUMED
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1)  # a stale edit is refused (several editors at once)
    deleted_at = models.DateTimeField(null=True, blank=True)  # deleted steps can be restored (undo)

    class Meta:
        ordering = ["stage", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title

    @property
    def organisation(self) -> Organisation:
        return self.stage.journey.renewal.organisation

    @property
    def journey(self) -> JourneyMap:
        return self.stage.journey


class FeelingRating(models.Model):
    """How a step felt to one participant, −2 … +2; a new rating replaces the old one."""

    id = models.BigAutoField(primary_key=True)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="ratings")
    participant = models.ForeignKey(GuestParticipant, on_delete=models.CASCADE, related_name="feelings")
    value = models.SmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "participant"], name="one_feeling_per_step"),
            models.CheckConstraint(condition=Q(value__gte=-2, value__lte=2), name="feeling_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} on {self.step_id}"


class Contribution(BaseModel):
    class Kind(models.TextChoices):
        PAIN_POINT = "pain_point", _("Pain point")
        IDEA = "idea", _("Idea")
        COMMENT = "comment", _("Comment")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        IMPLEMENTED = "implemented", _("Implemented")

    class Visibility(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HELD = "held", _("Held for review")
        HIDDEN = "hidden", _("Hidden")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=CONTRIBUTION_MAX_LENGTH)
    participant = models.ForeignKey(
        GuestParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    reason = models.TextField(_("answer to the contributor (public)"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE)
    moderation_reason = models.CharField(_("moderation reason"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    to_be_step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas_applied"
    )
    reports = models.PositiveIntegerField(default=0)
    # A fresh key in every rendered form: the same form sent twice is one contribution.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["step", "kind", "visibility"])]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="one_contribution_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.step_id}"

    @property
    def organisation(self) -> Organisation:
        return self.step.stage.journey.renewal.organisation

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.VISIBLE and self.merged_into_id is None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class Support(models.Model):
    id = models.BigAutoField(primary_key=True)
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supports")
    participant = models.ForeignKey(GuestParticipant, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "participant"], name="one_support_each")
        ]

    def __str__(self) -> str:
        return f"Support for {self.contribution_id}"


class ContributionReport(models.Model):
    """A participant flags a contribution for the moderators (one report per participant)."""

    id = models.BigAutoField(primary_key=True)
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="report_set")
    participant = models.ForeignKey(GuestParticipant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "participant"], name="one_report_each")
        ]

    def __str__(self) -> str:
        return f"Report on {self.contribution_id}"


class BlockedWord(BaseModel):
    """A word that holds a contribution for review before anyone sees it (per organisation)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="blocked_words")
    word = models.CharField(_("word"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "word"], name="blocked_word_unique")]

    def __str__(self) -> str:
        return self.word
