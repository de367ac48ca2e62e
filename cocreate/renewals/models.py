from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.core.models import BaseModel
from cocreate.portfolio.models import Participation, Service, ServiceAssessment
from cocreate.renewals.advice import ADVICE, REASON_HEADING, needs_reason
from cocreate.renewals.cycle import Status, status_of

if TYPE_CHECKING:
    from datetime import datetime


class Renewal(BaseModel):
    """The renewal of one service with its users, run in cycles (each ends with Co-Master)."""

    Status: TypeAlias = Status  # the stages of a cycle (renewals/cycle.py)

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
    # The status is derived from the work done (`status` below); only closing is a decision.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cycle_number = models.PositiveSmallIntegerField(_("cycle"), default=1)
    cycle_started_at = models.DateTimeField(_("current cycle started"), null=True, blank=True)
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
    # Co-Serve's advice for the service when the renewal started, and — when it was not to
    # co-create — why the organisation co-creates all the same (published with the advice).
    coserve_advice = models.CharField(
        _("Co-Serve's advice when the renewal started"),
        max_length=10,
        choices=Participation.choices,
        blank=True,
    )
    reason_against_advice = models.TextField(
        _("why we co-create although Co-Serve advised otherwise"), max_length=3000, blank=True
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

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def current_cycle_started_at(self) -> datetime:
        return self.cycle_started_at or self.created_at

    @cached_property
    def status(self) -> Renewal.Status:
        """Where the current cycle stands, from what has been done in it (renewals/cycle.py)."""
        return status_of(self)

    @property
    def went_against_advice(self) -> bool:
        return needs_reason(self.coserve_advice)

    @property
    def advice_sentence(self) -> str:
        return str(ADVICE.get(self.coserve_advice, ""))

    @property
    def reason_heading(self) -> str:
        return str(REASON_HEADING.get(self.coserve_advice, ""))

    def get_status_display(self) -> str:
        return str(self.status.label)
