from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Organisation
from cocreate.core.models import BaseModel


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    APP = "app", _("Mobile app")
    PHONE = "phone", _("Phone")
    COUNTER = "counter", _("Counter / in person")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    HOME_VISIT = "home_visit", _("Home visit")


class Service(BaseModel):
    """One of an organisation's public services: the thing a renewal renews."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    users = models.TextField(
        _("who uses it"),
        max_length=2000,
        blank=True,
        help_text=_("The people this service is for, in a sentence or two."),
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="unique_service_name_per_org",
                violation_error_message=_("Your organisation already has a service with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def get_channels_display(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


class ServiceAssessment(BaseModel):
    """Co-Serve for one service: several colleagues answer the 13 criteria; the group result says
    how well the service fits a co-creative renewal."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="assessments")
    collection = models.OneToOneField(
        "assessments.Collection", on_delete=models.PROTECT, related_name="service_assessment"
    )
    opened_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Co-Serve assessment")
        verbose_name_plural = _("Co-Serve assessments")

    def __str__(self) -> str:
        return f"Co-Serve: {self.service}"

    @property
    def organisation(self) -> Organisation:
        return self.service.organisation


class Participation(models.TextChoices):
    """The level of participation Co-Serve advises for a service (after the IAP2 spectrum), read
    from its result by `portfolio.selectors.participation_for`."""

    CO_CREATE = "co-create", _("Co-create")
    CONSULT = "consult", _("Consult")
    INFORM = "inform", _("Inform")
