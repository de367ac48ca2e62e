"""Factories for commitment tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from cocreate.commitments.models import Commitment
from cocreate.renewals.tests.factories import RenewalFactory


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    renewal = factory.SubFactory(RenewalFactory)
    organisation = factory.SelfAttribute("renewal.organisation")
    title = factory.Sequence(lambda n: f"Commitment {n}")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
