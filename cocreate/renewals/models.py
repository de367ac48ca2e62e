from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.core.models import BaseModel
from cocreate.portfolio.models import Service, ServiceAssessment


class Renewal(BaseModel):
    """The renewal of one service with its users, run in cycles (each ends with Co-Master)."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private — only our organisation")
        PUBLIC = "public", _("Public — anyone can read the public page")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="renewals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="renewals")
    title = models.CharField(_("title"), max_length=200)
    goal = models.TextField(
        _("goal"), max_length=5000, help_text=_("What should be better for the service's users?")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="renewals"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    cycle_number = models.PositiveSmallIntegerField(_("cycle"), default=1)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    coserve_assessment = models.ForeignKey(
        ServiceAssessment,
        verbose_name=_("Co-Serve assessment that chose this service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC
