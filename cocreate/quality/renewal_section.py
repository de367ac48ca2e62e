"""What Co-Master adds to a renewal's pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocreate.quality import evidence, selectors
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section


def quality_section(renewal: Renewal, user: Any, public: bool) -> Section | None:
    if public:
        assessments = renewal.quality_assessments.filter(published_at__isnull=False).select_related(
            "renewal", "organisers", "participants"
        )
        published = []
        for assessment in assessments:
            views = selectors.two_views(assessment)
            found = evidence.of_assessment(assessment, views, public=True)
            published.append({"assessment": assessment, "views": views, "evidence": found})
        if not published:
            return None
        return Section(
            _("Quality of the co-creation"),
            "quality/partials/public_section.html",
            {"published": published},
            order=80,
        )
    if user is None or not user.has_perm("quality.view_results", renewal):
        return None
    return Section(
        _("Quality of the co-creation (Co-Master)"),
        "quality/partials/staff_section.html",
        {
            "renewal": renewal,
            "current": selectors.current_for(renewal),
            "earlier": renewal.quality_assessments.exclude(cycle_number=renewal.cycle_number),
            "can_manage": user.has_perm("quality.manage", renewal),
        },
        order=80,
    )
