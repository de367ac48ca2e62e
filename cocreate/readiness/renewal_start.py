"""What Co-Ready tells someone about to start a renewal (renewals/start_hints.py): when the
organisation's latest readiness is low, what to fix first; when it has none, how to get one. A hint,
never a wall: the renewal can still be started."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation
from cocreate.readiness import selectors
from cocreate.readiness.shipped import CATEGORIES
from cocreate.renewals.sections import Section

TEMPLATE = "readiness/partials/start_hint.html"


def hint(organisation: Organisation, user: Any) -> Section | None:
    if user is None or not user.has_perm("readiness.view_readiness", organisation):
        return None
    latest = selectors.latest_result(organisation)
    if latest is None:
        return Section(
            _("Co-Ready: no readiness result yet"),
            TEMPLATE,
            {"round": None, "can_open": user.has_perm("readiness.manage_round", organisation)},
            order=10,
        )
    round_, result = latest
    if not selectors.is_low(result):
        return None
    return Section(
        _("Co-Ready: your readiness is low — what to fix first"),
        TEMPLATE,
        {
            "round": round_,
            "result": result,
            "categories": [result.attributes[c] for c in CATEGORIES if c in result.attributes],
            "areas": selectors.weakest_areas(organisation, result),
        },
        order=10,
    )
