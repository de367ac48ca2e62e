"""The community of practice: members, ambassadors, good practices, methods, events, learning paths
and newsletters. Everything here is opt-in: a person is a member only once they join."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.countries import COUNTRIES
from cocreate.accounts.models import Organisation
from cocreate.core.models import BaseModel

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_TYPES = ["pdf", "docx", "odt", "pptx", "odp", "png", "jpg", "jpeg"]


def validate_attachment_size(file: object) -> None:
    size = getattr(file, "size", 0) or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 5 MB. Attach a smaller file or a link in the text."))


class Profile(BaseModel):
    """A member of the community. Joining creates it, leaving deletes it (nothing kept)."""

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Community members only")
        PUBLIC = "public", _("Anyone (public profile)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_profile"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("institution"), null=True, blank=True, on_delete=models.SET_NULL
    )
    institution_text = models.CharField(_("institution (if not listed)"), max_length=200, blank=True)
    role_title = models.CharField(_("your role"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    skills = models.CharField(_("skills"), max_length=500, blank=True)
    methods = models.CharField(_("methods you practise"), max_length=500, blank=True)
    languages = models.CharField(_("languages you speak"), max_length=200, blank=True)
    interests = models.CharField(_("interests"), max_length=500, blank=True)
    visibility = models.CharField(
        _("who may see your profile"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    contactable = models.BooleanField(_("members may write to me through the platform"), default=False)
    community_editor = models.BooleanField(_("community editor (reviews good practices)"), default=False)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("community member")
        verbose_name_plural = _("community members")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def institution(self) -> str:
        return self.organisation.name if self.organisation else self.institution_text

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Ambassador(BaseModel):
    """An innovation ambassador: the organisation's contact point for co-creation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ambassadors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ambassadorships"
    )
    since = models.DateField(_("ambassador since"))

    class Meta:
        ordering = ["organisation__name", "since"]
        verbose_name = _("innovation ambassador")
        verbose_name_plural = _("innovation ambassadors")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_ambassadorship")]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class MethodCard(BaseModel):
    """A method of co-creation, as a practitioner needs it on one page."""

    class Tool(models.TextChoices):
        NONE = "", _("No tool on the platform")
        CONVERSATION = "conversation", _("A conversation in a renewal")
        PANEL = "panel", _("Citizens' panels")
        READINESS = "readiness", _("Co-Ready")
        RENEWALS = "renewals", _("Renewals")

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    summary = models.CharField(_("in one sentence"), max_length=300)
    when_to_use = models.TextField(_("when to use it"))
    steps = models.TextField(_("steps"), help_text=_("One step a line."))
    time_needed = models.CharField(_("time"), max_length=200)
    roles = models.TextField(_("roles"))
    materials = models.TextField(_("materials"))
    pitfalls = models.TextField(_("pitfalls"))
    tool = models.CharField(_("tool"), max_length=20, choices=Tool.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("method card")
        verbose_name_plural = _("method cards")

    def __str__(self) -> str:
        return self.name

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class GoodPractice(BaseModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned for changes")

    class Sector(models.TextChoices):
        SOCIAL = "social", _("Social care")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        MOBILITY = "mobility", _("Mobility and transport")
        ENVIRONMENT = "environment", _("Environment and climate")
        ADMINISTRATION = "administration", _("Administration and permits")
        HOUSING = "housing", _("Housing and planning")
        CULTURE = "culture", _("Culture and sport")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"), max_length=4000)
    context = models.TextField(_("context"), max_length=4000, blank=True)
    method = models.ForeignKey(
        MethodCard, verbose_name=_("method"), null=True, blank=True, on_delete=models.SET_NULL
    )
    result = models.TextField(_("result"), max_length=4000)
    lessons = models.TextField(_("lessons learnt"), max_length=4000)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separate with commas."))
    attachment = models.FileField(
        _("attachment"),
        upload_to="community/practices/%Y/",
        blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_TYPES), validate_attachment_size],
        help_text=_("Optional. PDF, office document or image, up to 5 MB."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="good_practices"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(_("why it was returned"), max_length=2000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["state", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.RETURNED}

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class Event(BaseModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        HACKATHON = "hackathon", _("Hackathon")
        DESIGN_SPRINT = "design_sprint", _("Design sprint")
        TRAINING = "training", _("Training")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place or online link"), max_length=300)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="organised_events"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="community_events"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})

    def confirmed_count(self) -> int:
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    def places_left(self) -> int:
        return max(0, self.capacity - self.confirmed_count())


class Registration(BaseModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Place confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The place in the waiting list: set again when someone registers anew after cancelling.
    queued_at = models.DateTimeField()
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["queued_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event")]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} ({self.status})"


class LearningPath(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=2000)

    class Meta:
        ordering = ["title"]
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")

    def __str__(self) -> str:
        return self.title


class PathStep(BaseModel):
    """A training event or a material to read or watch."""

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    link = models.URLField(_("material link"), blank=True)

    class Meta:
        ordering = ["path", "position"]
        verbose_name = _("learning step")
        verbose_name_plural = _("learning steps")
        constraints = [models.UniqueConstraint(fields=["path", "position"], name="one_step_per_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class StepDone(BaseModel):
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="done_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["step", "user"], name="step_done_once")]


class Subscription(BaseModel):
    """Opt-in to the newsletter of one organisation, or of the whole community (no organisation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="newsletter_subscriptions"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_subscription_per_org"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(organisation__isnull=True),
                name="one_community_subscription",
            ),
        ]


class Newsletter(BaseModel):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="newsletters"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("text"), max_length=10000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.subject
