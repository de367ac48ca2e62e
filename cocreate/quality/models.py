"""Co-Master: the quality of one renewal cycle, as its organisers and its participants saw it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.assessments.models import ActionBase, Collection
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal


class QualityAssessment(BaseModel):
    """Two questionnaires on one model: organisers (staff, facilitators) and participants (service
    users, stakeholders — by link or QR code, anonymous). Where the two views differ is itself a finding."""

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="quality_assessments")
    cycle_number = models.PositiveSmallIntegerField(_("cycle"))
    organisers = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="quality_as_organisers"
    )
    participants = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="quality_as_participants"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    summary = models.TextField(_("summary for the public"), max_length=5000, blank=True)

    class Meta:
        ordering = ["renewal", "cycle_number"]
        verbose_name = _("Co-Master assessment")
        verbose_name_plural = _("Co-Master assessments")
        constraints = [
            models.UniqueConstraint(fields=["renewal", "cycle_number"], name="one_comaster_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"Co-Master: {self.renewal} (cycle {self.cycle_number})"

    @property
    def organisation(self) -> Organisation:
        return self.renewal.organisation

    @property
    def is_open(self) -> bool:
        return self.organisers.is_open or self.participants.is_open

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class QualityAction(ActionBase):
    """An improvement area of this cycle that the team commits to for the next one."""

    assessment = models.ForeignKey(QualityAssessment, on_delete=models.CASCADE, related_name="actions")

    class Meta(ActionBase.Meta):
        verbose_name = _("improvement for the next cycle")
        verbose_name_plural = _("improvements for the next cycle")

    @property
    def organisation(self) -> Organisation:
        return self.assessment.renewal.organisation
