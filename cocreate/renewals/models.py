from __future__ import annotations

from typing import Any, TypeAlias

from django.conf import settings
from django.db import models, transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.core.models import BaseModel
from cocreate.portfolio.models import Participation, Service, ServiceAssessment
from cocreate.renewals.advice import ADVICE, REASON_HEADING, needs_reason
from cocreate.renewals.cycle import Status, status_label, status_of


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
    # The number of the current cycle: a pointer to the latest `Cycle` row, written only with it
    # (on insert below, and by `services.start_next_cycle` under the renewal's row lock).
    cycle_number = models.PositiveSmallIntegerField(_("cycle"), default=1, editable=False)
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

    _cycle_rows: list[Cycle] | None = None  # cycle_records() reads them once

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A renewal is born with its first cycle, however it is made (service, factory, admin)."""
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if adding:
                Cycle.objects.create(renewal=self, number=self.cycle_number, started_at=self.created_at)

    def cycle_records(self) -> list[Cycle]:
        """Its cycles, first to current (read once per object; a prefetch of `cycles` is used when
        there is one)."""
        if self._cycle_rows is None:
            self._cycle_rows = sorted(self.cycles.all(), key=lambda c: c.number)
        return self._cycle_rows

    def forget_cycles(self) -> None:
        """Read the cycles, and so the status, again next time (after a service changed them)."""
        self._cycle_rows = None
        self.__dict__.pop("status", None)

    @property
    def current_cycle(self) -> Cycle:
        """The row the `cycle_number` pointer names."""
        return next(c for c in self.cycle_records() if c.number == self.cycle_number)

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
        return status_label(self.status, self.cycle_number)


class Cycle(BaseModel):
    """One numbered cycle of a renewal: Co-Serve → Co-Renew → Commit → Co-Master.

    Its stage is derived from the work done (renewals/cycle.py); what is recorded are the
    boundaries — when it started and when it was closed — and the plan it was started with: the
    improvements the previous cycle's Co-Master carried into it. Which work belongs to which cycle
    follows from these dates (`cycle.cycle_of`, docs/decisions/0017-cycles.md).
    """

    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(_("cycle"))
    started_at = models.DateTimeField(_("started"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The plan carried INTO this cycle (a copy of the previous cycle's `next_plan`, made when this
    # cycle started) and the one this cycle was closed with, for the next cycle.
    plan: models.JSONField[list[str]] = models.JSONField(
        _("improvements carried into this cycle"), default=list, blank=True
    )
    next_plan: models.JSONField[list[str]] = models.JSONField(
        _("improvements for the next cycle"), default=list, blank=True
    )
    note = models.TextField(_("closing note"), max_length=3000, blank=True)

    class Meta:
        ordering = ["renewal", "number"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(fields=["renewal", "number"], name="one_cycle_per_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="cycle_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.renewal} (cycle {self.number})"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None
