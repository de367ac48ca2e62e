"""What accountability adds to a renewal's pages: the commitments board and the process log."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocreate.commitments import selectors
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section


def commitments_section(renewal: Renewal, user: Any, public: bool) -> Section | None:
    if public:
        if not renewal.is_public:
            return None
        commitments = selectors.public_commitments().filter(renewal=renewal)
        log = selectors.public_log_of(renewal)
        if not commitments.exists() and not log.exists():
            return None
        return Section(
            _("Commitments and published documents"),
            "commitments/partials/public_section.html",
            {
                "renewal": renewal,
                "columns": [c for c in selectors.board(commitments) if c.commitments],
                "late": selectors.late_count(commitments),
                "log": log.prefetch_related("comments"),
                "unanswered": selectors.unanswered_of(renewal),
            },
            order=90,
        )
    if user is None or not user.has_perm("commitments.view_board", renewal):
        return None
    commitments = renewal.commitments.all()
    return Section(
        _("Commitments and process log"),
        "commitments/partials/staff_section.html",
        {
            "renewal": renewal,
            "count": commitments.count(),
            "late": selectors.late_count(commitments),
            "unanswered": selectors.unanswered_of(renewal).count(),
            "can_manage": user.has_perm("commitments.manage", renewal),
        },
        order=90,
    )
