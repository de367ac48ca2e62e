"""Factories and small builders for accountability tests (also handy in the demo seed)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from cocreate.accounts.models import Organisation, User
from cocreate.commitments import services
from cocreate.commitments.models import Alliance, Commitment
from cocreate.renewals.tests.factories import RenewalFactory


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    renewal = factory.SubFactory(RenewalFactory)
    organisation = factory.SelfAttribute("renewal.organisation")
    title = factory.Sequence(lambda n: f"Commitment {n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


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
