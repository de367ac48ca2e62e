"""Join by code (core/join.py): a panel's public registration, while it is open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.join import Joinable

JOINABLES = [
    Joinable(
        model="panels.Panel",
        url=lambda panel: reverse("panels_public:register", args=[panel.pk]),
        is_active=lambda panel: panel.registration_open,
        label=_("Registration for a citizens' panel"),
    )
]
