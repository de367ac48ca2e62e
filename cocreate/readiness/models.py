"""Co-Ready: rounds of the readiness self-assessment, its roadmap library and improvement actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.assessments.models import ActionBase, Collection
from cocreate.core.i18n import translated
from cocreate.core.models import BaseModel


class Round(BaseModel):
    """One readiness self-assessment: colleagues answer privately; the organisation sees the group."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="readiness_rounds")
    collection = models.OneToOneField(Collection, on_delete=models.PROTECT, related_name="readiness_round")
    title = models.CharField(_("title"), max_length=200)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited colleagues"),
        blank=True,
        related_name="readiness_invitations",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("readiness round")
        verbose_name_plural = _("readiness rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.collection.is_open


class RoadmapEntry(BaseModel):
    """An idea or good practice that strengthens one attribute of the readiness model.

    A library kept by platform admins (Django admin); texts carry their translations.
    """

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        PRACTICE = "practice", _("Good practice")

    attribute = models.CharField(_("attribute"), max_length=100, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attribute", "order"]
        verbose_name = _("roadmap entry")
        verbose_name_plural = _("roadmap library")

    def __str__(self) -> str:
        return translated(self.title)


class ImprovementAction(ActionBase):
    """A roadmap entry the organisation committed to, with an owner and a deadline."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="readiness_actions")
    entry = models.ForeignKey(
        RoadmapEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ActionBase.Meta):
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
