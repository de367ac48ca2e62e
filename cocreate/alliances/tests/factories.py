"""Small builders for alliance tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cocreate.accounts.models import Organisation, User
from cocreate.alliances import services
from cocreate.alliances.models import Alliance


def alliance_with(secretariat: User, *members: Organisation, **kwargs: Any) -> Alliance:
    """A public alliance whose secretariat is `secretariat`, with `members` admitted."""
    alliance = services.create_alliance(
        actor=secretariat,
        name=kwargs.get("name", "Alliance for clear letters"),
        purpose="Plain-language letters everywhere.",
        target_amount=Decimal(kwargs.get("target", 100)),
        target_unit="letters rewritten per year",
        target_date=kwargs.get("target_date", date(2030, 12, 31)),
        declaration=kwargs.get("declaration", "We write so that everyone understands."),
        is_public=kwargs.get("is_public", True),
    )
    for organisation in members:
        services.admit(actor=secretariat, alliance=alliance, organisation=organisation)
    return alliance
