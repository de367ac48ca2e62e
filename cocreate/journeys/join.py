"""Join by code (core/join.py): a journey map open to feedback."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.join import Joinable

JOINABLES = [
    Joinable(
        model="journeys.JourneyMap",
        url=lambda journey: reverse("journeys_public:participate", args=[journey.pk]),
        is_active=lambda journey: journey.participation_open,
        label=_("Feedback on a service journey"),
    )
]
