"""Join by code (core/join.py): a workshop, until the day after it ends.

The code leads to the workshop's join page, from which live mode (World Café) and the
marketplace (Open Space) are reached.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.join import Joinable

JOINABLES = [
    Joinable(
        model="workshops.Workshop",
        url=lambda workshop: reverse("workshops_public:join", args=[workshop.pk]),
        is_active=lambda workshop: workshop.ends_at + timedelta(days=1) > timezone.now(),
        label=_("Workshop"),
    )
]
