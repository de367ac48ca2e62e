"""What happened to what people contributed to: in-app always, by e-mail only with consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import BaseModel


class Kind(models.TextChoices):
    """One switch per kind in a person's preferences. Apps pick the kind that fits their message."""

    WAITING_LIST = "waiting_list", _("Event places and waiting lists")
    GOOD_PRACTICE = "good_practice", _("Your good practices (published or returned)")
    EVENTS = "events", _("Events you registered for")
    NEWSLETTER = "newsletter", _("Newsletters you subscribed to")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("E-mail me immediately")
    DAILY = "daily", _("E-mail me a daily digest")
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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["email_status"])]

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
