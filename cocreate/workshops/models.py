"""Workshops: World Café and Open Space with their scripts, live rounds and harvest."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import GuestParticipant, Organisation
from cocreate.core.models import BaseModel
from cocreate.renewals.models import Renewal


class Workshop(BaseModel):
    class Format(models.TextChoices):
        WORLD_CAFE = "world_cafe", _("World Café")
        OPEN_SPACE = "open_space", _("Open Space")
        OTHER = "other", _("Other")

    class Registration(models.TextChoices):
        OPEN = "open", _("Open: anyone with the link")
        INVITATION = "invitation", _("By invitation: organisers add people")
        PANEL = "panel", _("The members of a panel")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="workshops")
    renewal = models.ForeignKey(
        Renewal, null=True, blank=True, on_delete=models.SET_NULL, related_name="workshops"
    )
    panel = models.ForeignKey(
        "panels.Panel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshops",
        verbose_name=_("panel whose members take part"),
    )
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    registration = models.CharField(
        _("registration"), max_length=20, choices=Registration.choices, default=Registration.OPEN
    )
    accessibility = models.TextField(_("accessibility information"), max_length=2000, blank=True)
    tables = models.PositiveSmallIntegerField(_("tables"), default=6)
    table_size = models.PositiveSmallIntegerField(_("seats per table"), default=5)
    current_round = models.PositiveSmallIntegerField(default=0)  # 0: not started; live mode counts up
    round_started_at = models.DateTimeField(null=True, blank=True)
    plan_metrics = models.JSONField(default=dict, blank=True)
    schedule_metrics = models.JSONField(default=dict, blank=True)
    # The rotation (World Café) or schedule (Open Space) is made by the background worker: set while
    # a run is queued or running, cleared when its result (or planning_error) is written.
    planning_requested_at = models.DateTimeField(null=True, blank=True)
    planning_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.current_round > 0

    @property
    def is_planning(self) -> bool:
        return self.planning_requested_at is not None


class Attendee(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=120)
    group = models.CharField(_("stakeholder group"), max_length=80, blank=True)
    host_table = models.PositiveSmallIntegerField(_("hosts table"), null=True, blank=True)  # 1-based
    participant = models.ForeignKey(
        GuestParticipant, null=True, blank=True, on_delete=models.SET_NULL, related_name="workshops"
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["workshop", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "participant"],
                condition=Q(participant__isnull=False),
                name="one_attendance_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ScriptBlock(BaseModel):
    """One block of the facilitation script: what happens, for how long, who does it."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        HOST = "host", _("Table host")
        NOTE_TAKER = "note_taker", _("Note-taker")
        EVERYONE = "everyone", _("Everyone")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="script")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("block"), max_length=120)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    role = models.CharField(_("led by"), max_length=20, choices=Role.choices, default=Role.FACILITATOR)
    details = models.TextField(_("questions, materials, notes"), max_length=3000, blank=True)

    class Meta:
        ordering = ["workshop", "order"]

    def __str__(self) -> str:
        return self.title


class CafeRound(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    question = models.CharField(_("question"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=20)
    held_at = models.DateTimeField(null=True, blank=True)  # held rounds are never re-planned

    class Meta:
        ordering = ["workshop", "number"]
        constraints = [models.UniqueConstraint(fields=["workshop", "number"], name="round_number_unique")]

    def __str__(self) -> str:
        return f"Round {self.number}"


class Seat(models.Model):
    id = models.BigAutoField(primary_key=True)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="seats")
    round_number = models.PositiveSmallIntegerField()
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="seats")
    table = models.PositiveSmallIntegerField()  # 1-based

    class Meta:
        ordering = ["round_number", "table"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "round_number", "attendee"], name="one_seat")
        ]

    def __str__(self) -> str:
        return f"{self.attendee} at table {self.table} in round {self.round_number}"


class Room(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=80)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=20)

    class Meta:
        ordering = ["workshop", "name"]

    def __str__(self) -> str:
        return self.name


class Slot(BaseModel):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="slots")
    label = models.CharField(_("time slot"), max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["workshop", "order"]

    def __str__(self) -> str:
        return self.label


class Session(BaseModel):
    """An Open Space session proposed at the marketplace."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("session"), max_length=200)
    convener = models.ForeignKey(
        Attendee, null=True, blank=True, on_delete=models.SET_NULL, related_name="convening"
    )
    description = models.TextField(_("what it is about"), max_length=2000, blank=True)
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions")
    report = models.TextField(_("report"), max_length=10000, blank=True)

    class Meta:
        ordering = ["workshop", "created_at"]
        constraints = [
            # The same proposal sent twice (a double tap, a retry) is one session.
            models.UniqueConstraint(
                fields=["workshop", "convener", "title"],
                condition=models.Q(convener__isnull=False),
                name="one_session_per_proposal",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Interest(models.Model):
    id = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="interests")
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="interests")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "attendee"], name="one_dot_each")]

    def __str__(self) -> str:
        return f"{self.attendee} wants {self.session}"


class HarvestNote(BaseModel):
    """Notes (and a photo) from a table in a round, or from an Open Space session."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="harvest")
    round_number = models.PositiveSmallIntegerField(null=True, blank=True)
    table = models.PositiveSmallIntegerField(null=True, blank=True)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("notes"), max_length=5000)
    photo = models.FileField(_("photo"), upload_to="harvest/%Y/%m/", blank=True)
    idea = models.ForeignKey(
        "journeys.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="harvest_notes",
    )

    class Meta:
        ordering = ["workshop", "round_number", "table", "created_at"]

    def __str__(self) -> str:
        return f"Harvest of {self.workshop}"
