"""What Co-Renew adds to a renewal's pages: its journey maps, and how many contributions still wait
for an answer (nothing is answered silently)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocreate.journeys import selectors
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section


def journeys_section(renewal: Renewal, user: Any, public: bool) -> Section | None:
    maps = list(renewal.journey_maps.all())
    if public:
        open_maps = [m for m in maps if m.participation_open]
        if not maps:
            return None
        return Section(
            _("The service journey"),
            "journeys/partials/public_section.html",
            {"maps": open_maps, "unanswered": selectors.unanswered(renewal)},
            order=20,
        )
    if user is None or not user.has_perm("journeys.view", renewal):
        return None
    return Section(
        _("Journey maps and service users' feedback (Co-Renew)"),
        "journeys/partials/staff_section.html",
        {"renewal": renewal, "maps": maps, "unanswered": selectors.unanswered(renewal)},
        order=20,
    )
