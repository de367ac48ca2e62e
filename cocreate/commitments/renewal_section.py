"""What commitments add to a renewal's pages: the board (staff) and the published ones (public)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.commitments import selectors
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section


def commitments_section(renewal: Renewal, user: User | AnonymousUser | None, public: bool) -> Section | None:
    if public:
        if not renewal.is_public:
            return None
        commitments = selectors.public_commitments_of(renewal)
        if not commitments.exists():
            return None
        return Section(
            _("Commitments"),
            "commitments/partials/public_section.html",
            {
                "renewal": renewal,
                "columns": [c for c in selectors.board(commitments) if c.commitments],
                "late": selectors.late_count(commitments),
            },
            order=90,
        )
    if user is None or not user.has_perm("commitments.view_board", renewal):
        return None
    commitments = selectors.commitments_of(renewal)
    return Section(
        _("Commitments"),
        "commitments/partials/staff_section.html",
        {"renewal": renewal, "count": commitments.count(), "late": selectors.late_count(commitments)},
        order=90,
    )
