from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section


def workshops_section(renewal: Renewal, user: Any, public: bool) -> Section | None:
    workshops = list(renewal.workshops.all())
    if public:
        return (
            Section(
                _("Workshops"), "workshops/partials/public_section.html", {"workshops": workshops}, order=30
            )
            if workshops
            else None
        )
    if user is None or not user.has_perm("renewals.view_renewal", renewal):
        return None
    return Section(
        _("Workshops: World Café and Open Space"),
        "workshops/partials/staff_section.html",
        {"renewal": renewal, "workshops": workshops},
        order=30,
    )
