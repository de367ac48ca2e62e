"""Alliances: organisations that sign one declaration, pledge toward one shared target and report
their progress; the secretariat runs working groups and their meetings.

The tables were created by the `commitments` app and moved here (migrations/0001_initial.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal

if TYPE_CHECKING:
    from cocreate.accounts.models import User


class Alliance(BaseModel):
    """Organisations that sign one declaration and pledge toward one shared target."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=5000)
    target_amount = models.DecimalField(
        _("shared target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    target_unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: tonnes per year"))
    target_date = models.DateField(_("target date"))
    is_public = models.BooleanField(_("public page"), default=True)
    secretariat = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("secretariat"), blank=True, related_name="alliances_run"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name

    def current_declaration(self) -> Declaration | None:
        return self.declarations.order_by("-version").first()

    def active_members(self) -> models.QuerySet[AllianceMember]:
        return self.memberships.filter(status=AllianceMember.Status.MEMBER).select_related("organisation")

    def is_run_by(self, user: User) -> bool:
        """Whether the person is in the secretariat."""
        return self.secretariat.filter(pk=user.pk).exists()

    def has_member(self, organisation: Organisation) -> bool:
        return self.active_members().filter(organisation=organisation).exists()


class Declaration(BaseModel):
    """One version of the alliance's declaration; a new text is a new version, signed anew."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="declarations")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=20000)

    class Meta:
        ordering = ["alliance", "-version"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "version"], name="one_declaration_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.alliance} v{self.version}"


class Signature(BaseModel):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="signatures")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["declaration", "organisation"], name="one_signature_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.declaration}"


class AllianceMember(BaseModel):
    """One organisation's membership, from application to leaving; rows are kept as history."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        MEMBER = "member", _("Member")
        REJECTED = "rejected", _("Not admitted")
        LEFT = "left", _("Left")

    CURRENT_STATUSES = (Status.APPLIED, Status.MEMBER)

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="alliance_memberships"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    motivation = models.TextField(_("why we want to join"), max_length=2000, blank=True)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=Q(status__in=["applied", "member"]),
                name="one_current_membership_per_alliance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.alliance}"


class WorkingGroup(BaseModel):
    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    members = models.ManyToManyField(Organisation, verbose_name=_("members"), blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name


class Meeting(BaseModel):
    """A meeting of a renewal or of an alliance (optionally one working group): its agenda is set
    before it starts, its minutes and decisions are recorded once it has started; they are public
    on a public renewal or alliance."""

    renewal = models.ForeignKey(
        Renewal, null=True, blank=True, on_delete=models.CASCADE, related_name="accountability_meetings"
    )
    alliance = models.ForeignKey(
        Alliance, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    working_group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), max_length=20000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal__isnull=False) | Q(alliance__isnull=False), name="meeting_has_an_owner"
            ),
            # A double submit of the same meeting finds the first one.
            models.UniqueConstraint(
                fields=["alliance", "title", "starts_at"], name="one_alliance_meeting_per_title_and_time"
            ),
            models.UniqueConstraint(
                fields=["renewal", "title", "starts_at"], name="one_renewal_meeting_per_title_and_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.ends_at is not None and self.starts_at is not None and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class Decision(BaseModel):
    """One decision of a meeting, recorded one by one and numbered in order; it may become a
    commitment of the alliance (the commitments app links back to it as the commitment's source)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("what was decided"), max_length=200)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_decision_per_number"),
            models.UniqueConstraint(fields=["meeting", "title"], name="one_decision_per_title"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Pledge(BaseModel):
    """A member's quantified commitment toward the alliance's target."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    title = models.CharField(_("what we pledge"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    unit = models.CharField(_("unit"), max_length=50)
    year = models.PositiveSmallIntegerField(
        _("by year"), validators=[MinValueValidator(2000)], help_text=_("The year the amount is reached")
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["alliance", "organisation__name", "year"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            # A double submit of the same pledge finds the first one.
            models.UniqueConstraint(
                fields=["alliance", "organisation", "title", "year"], name="one_pledge_per_title_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.amount} {self.unit} by {self.year}"


class PledgeReport(BaseModel):
    """Progress on a pledge: the amount reached by the end of a period (cumulative, not a delta)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reports")
    period_end = models.DateField(_("up to"))
    amount = models.DecimalField(
        _("amount reached"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pledge", "period_end"]
        verbose_name = _("pledge report")
        verbose_name_plural = _("pledge reports")
        constraints = [
            # One figure per pledge and date: reporting the same date again corrects it.
            models.UniqueConstraint(fields=["pledge", "period_end"], name="one_report_per_pledge_and_date")
        ]

    def __str__(self) -> str:
        return f"{self.pledge}: {self.amount} ({self.period_end})"
