"""What the process log adds to a renewal's pages and to an alliance's page."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.alliances.models import Alliance
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section
from cocreate.transparency import selectors


def renewal_section(renewal: Renewal, user: User | AnonymousUser | None, public: bool) -> Section | None:
    if public:
        if not renewal.is_public:
            return None
        log = selectors.public_log_of(renewal)
        if not log.exists():
            return None
        return Section(
            _("Published documents"),
            "transparency/partials/public_section.html",
            {
                "renewal": renewal,
                "log": log.prefetch_related("comments"),
                "unanswered": selectors.unanswered_of(renewal),
            },
            order=91,
        )
    if user is None or not user.has_perm("transparency.manage_log", renewal):
        return None
    return Section(
        _("Process log"),
        "transparency/partials/staff_section.html",
        {"renewal": renewal, "unanswered": selectors.unanswered_of(renewal).count()},
        order=91,
    )


def alliance_section(alliance: Alliance, user: User | AnonymousUser) -> Section:
    return Section(
        _("Process log"),
        "transparency/partials/alliance_section.html",
        {
            "log": selectors.public_log_of(alliance).prefetch_related("comments")
            if alliance.is_public
            else [],
            "unanswered": selectors.unanswered_of(alliance),
        },
    )
