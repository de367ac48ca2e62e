"""What happened to what people contributed to, and — for staff — what citizens did in the renewals they
run (notifications/staff.py): in-app always, by e-mail only with consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import AuditEntry, BaseModel


class Kind(models.TextChoices):
    """One switch per kind in a person's preferences. Apps pick the kind that fits their message."""

    WAITING_LIST = "waiting_list", _("Event places and waiting lists")
    GOOD_PRACTICE = "good_practice", _("Your good practices (published or returned)")
    EVENTS = "events", _("Events you registered for")
    NEWSLETTER = "newsletter", _("Newsletters you subscribed to")
    INPUT_OUTCOME = "input_outcome", _("What became of your ideas and statements")
    # For staff: what citizens did in the renewals they run (notifications/staff.py).
    CONTRIBUTIONS = "contributions", _("New contributions from citizens (journey maps, conversations)")
    REGISTRATIONS = "registrations", _("New registrations for panels and workshops")
    COMMITMENTS_DUE = "commitments_due", _("Commitments falling due")


# The kinds only staff of an organisation are offered in their preferences.
STAFF_KINDS = (Kind.CONTRIBUTIONS, Kind.REGISTRATIONS, Kind.COMMITMENTS_DUE)


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("E-mail me immediately")
    DAILY = "daily", _("E-mail me a daily digest")
    WEEKLY = "weekly", _("E-mail me a weekly digest")
    OFF = "off", _("No e-mail (only on this site)")


class Notification(BaseModel):
    class EmailStatus(models.TextChoices):
        NONE = "none", _("Not e-mailed")
        PENDING = "pending", _("Waiting for the digest")
        SENT = "sent", _("E-mailed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    # What coalesces: events of one group (e.g. new contributions on one journey map) add to the
    # person's one unread row of that group instead of adding rows ("12 new contributions on …").
    group = models.CharField(max_length=200, blank=True)
    count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["email_status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(read_at__isnull=True) & ~Q(group=""),
                name="one_unread_notification_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.text[:50]}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(BaseModel):
    """How one person wants one kind by e-mail. No row means no e-mail: consent is opt-in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(_("e-mail"), max_length=20, choices=Delivery.choices, default=Delivery.OFF)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


class Told(models.Model):
    """One person was told of one recorded event: the database keeps it to once per (person, entry),
    whatever calls the dispatcher twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="told")

    class Meta:
        verbose_name = _("event told")
        verbose_name_plural = _("events told")
        constraints = [models.UniqueConstraint(fields=["user", "entry"], name="told_once_per_entry")]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.entry_id}"


class PendingTell(models.Model):
    """An event whose telling is still to do (the outbox): written in the event's own transaction,
    taken and deleted by the worker in the transaction that tells it (notifications/staff.py)."""

    entry = models.OneToOneField(AuditEntry, primary_key=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("event still to tell")
        verbose_name_plural = _("events still to tell")

    def __str__(self) -> str:
        return str(self.entry_id)


class TellingQueued(models.Model):
    """The one row that says a run of the staff teller is queued (notifications/staff.py). An event
    queues a run only when none is (or the one queued is so old it must have been lost), and locks
    this row in its own transaction either way; the run clears the row before it takes the outbox,
    and so waits for every event that saw it queued to commit -- and then tells them."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("queued telling")
        verbose_name_plural = _("queued tellings")

    def __str__(self) -> str:
        return str(self.queued_at or "-")


class Digest(models.Model):
    """One digest e-mail sent to one person for one period (the day, or the week's Monday): a
    second run of the job, or a second scheduler, finds the row and sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=20, choices=Delivery.choices)
    period = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period"], name="one_digest_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency} {self.period}"
