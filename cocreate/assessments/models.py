"""DEX models, their questionnaires, and collections of responses.

Co-Ready, Co-Serve and Co-Master all rest on these: a model *family* (e.g. "readiness") has
immutable *versions* (the .dxi text plus translated texts); a *collection* gathers the responses
of several people under one version (a readiness round, the assessment of one service, a cycle's
Co-Master); a *response* is one person's answers. A collection keeps its version for ever, so a
new model version never rewrites old results.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.i18n import translated
from cocreate.core.models import BaseModel
from cocreate.engines import dex

DONT_KNOW = "*"  # the stored answer for "don't know": the full range of the attribute's scale


class ModelFamily(BaseModel):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.JSONField(_("name"), default=dict, help_text=_('Translations, e.g. {"en": "…", "sl": "…"}'))

    class Meta:
        verbose_name = _("assessment model")
        verbose_name_plural = _("assessment models")
        ordering = ["key"]

    def __str__(self) -> str:
        return translated(self.name) or self.key

    def current_version(self) -> ModelVersion | None:
        return self.versions.order_by("-number").first()


class ModelVersion(BaseModel):
    family = models.ForeignKey(ModelFamily, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    dxi = models.TextField(_("DEXi model (.dxi)"))
    texts = models.JSONField(
        _("texts"),
        default=dict,
        blank=True,
        help_text=_(
            "Translated names and descriptions of attributes and values (see the shipped content.json)."
        ),
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        ordering = ["family", "-number"]
        constraints = [models.UniqueConstraint(fields=["family", "number"], name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.family} v{self.number}"

    @cached_property
    def model(self) -> dex.Model:
        return dex.parse_dxi(self.dxi)

    @cached_property
    def compiled(self) -> dex.CompiledModel:
        return _compiled(self.pk, self.dxi)

    def attribute(self, attribute_id: str) -> dex.Attribute:
        return self.compiled.index.by_id[attribute_id].attribute

    def attribute_name(self, attribute_id: str) -> str:
        text = self.texts.get("attributes", {}).get(attribute_id, {}).get("name")
        return translated(text) or self.attribute(attribute_id).name

    def attribute_description(self, attribute_id: str) -> str:
        return translated(self.texts.get("attributes", {}).get(attribute_id, {}).get("description"))

    def value_label(self, attribute_id: str, index: int) -> str:
        name = self.attribute(attribute_id).scale.values[index].name
        return translated(self.texts.get("values", {}).get(name)) or name


_COMPILED: dict[Any, dex.CompiledModel] = {}


def _compiled(pk: Any, dxi: str) -> dex.CompiledModel:
    """Compiled models are cached per version: versions never change once saved."""
    if pk not in _COMPILED:
        _COMPILED[pk] = dex.CompiledModel(dex.parse_dxi(dxi))
    return _COMPILED[pk]


class Question(BaseModel):
    """How one leaf attribute is asked. Options map answers to the leaf's scale values.

    One model can be asked of several audiences in their own words (Co-Master asks organisers and
    participants); `audience` names the questionnaire, "" being the default one.
    """

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="questions")
    audience = models.CharField(_("audience"), max_length=20, blank=True, default="")
    attribute = models.CharField(_("attribute"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help"), default=dict, blank=True)
    # [{"value": "<scale value name>", "label": {"en": …, "sl": …}}, …] worst first, as on the scale
    options = models.JSONField(_("answer options"), default=list)
    allow_dont_know = models.BooleanField(_("offer “don't know”"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "audience", "attribute"], name="one_question_per_leaf")
        ]

    def __str__(self) -> str:
        return translated(self.text) or self.attribute

    def choices(self) -> list[tuple[str, str]]:
        out = [(str(o["value"]), translated(o.get("label")) or str(o["value"])) for o in self.options]
        return out


class Collection(BaseModel):
    """Responses gathered under one model version: a round, a service's assessment, a cycle."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    version = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="collections")
    audience = models.CharField(_("audience"), max_length=20, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Snapshot of the group result when closed (for history and benchmarks): per attribute,
    # consensus value, 0–100 figure and disagreement. Never personal data.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("response collection")
        verbose_name_plural = _("response collections")

    def __str__(self) -> str:
        return f"{self.version} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def questions(self) -> models.QuerySet[Question]:
        return self.version.questions.filter(audience=self.audience).order_by("order")


class Response(BaseModel):
    """One person's answers: {attribute id: scale value name, or "*" for don't know}.

    Saved as the person types (autosave); `submitted_at` marks it as counted. Exactly one of
    `respondent` (a signed-in colleague) or `participant` (a guest) is set.
    """

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessment_responses",
    )
    participant = models.ForeignKey(
        "accounts.GuestParticipant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessment_responses",
    )
    answers = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_response_per_user",
            ),
            models.UniqueConstraint(
                fields=["collection", "participant"],
                condition=Q(participant__isnull=False),
                name="one_response_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(respondent__isnull=False, participant__isnull=True)
                | Q(respondent__isnull=True, participant__isnull=False),
                name="response_has_one_author",
            ),
        ]

    def __str__(self) -> str:
        return f"Response to {self.collection}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ActionBase(BaseModel):
    """An improvement someone committed to after an assessment: what, who, by when.

    Co-Ready and Co-Master keep their own tables of actions (they hang off different things) with
    these fields and this behaviour in common.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    attribute = models.CharField(_("attribute"), max_length=100)
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_actions",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        abstract = True
        ordering = ["deadline"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return (
            self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS)
            and self.deadline < timezone.localdate()
        )
