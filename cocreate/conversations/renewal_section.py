"""What conversations add to a renewal's pages."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.renewals.models import Renewal
from cocreate.renewals.sections import Section


def conversations_section(
    renewal: Renewal, user: User | AnonymousUser | None, public: bool
) -> Section | None:
    conversations = list(renewal.conversations.all())
    if public:
        shown = [c for c in conversations if c.results_are_public]
        if not shown:
            return None
        return Section(_("Where do people agree?"), "conversations/partials/public_section.html",
                       {"conversations": shown}, order=40)  # fmt: skip
    if user is None or not user.has_perm("renewals.view_renewal", renewal):
        return None
    return Section(
        _("Conversations: where do people agree?"),
        "conversations/partials/staff_section.html",
        {"renewal": renewal, "conversations": conversations,
         "can_manage": user.has_perm("conversations.manage", renewal)},
        order=40,
    )  # fmt: skip
