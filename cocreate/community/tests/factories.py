"""Factories for the community (tests only: the seed builds through services)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.community.models import Event, GoodPractice, MethodCard, Profile


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    role_title = "Service designer"
    country = "SI"
    skills = "facilitation, service design"
    methods = "World Café, journey mapping"
    languages = "English, Slovenian"
    interests = "social care, digital services"


class MethodCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodCard
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"method-{n}")
    name = factory.Sequence(lambda n: f"Method {n}")
    summary = "A way to work with service users."
    when_to_use = "When you need many views."
    steps = "Prepare\nRun\nHarvest"
    time_needed = "Half a day"
    roles = "A facilitator"
    materials = "Paper"
    pitfalls = "Rushing the harvest"


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoodPractice

    title = factory.Sequence(lambda n: f"Practice {n}")
    problem = "People did not understand the letters we sent."
    context = "A medium-sized municipality."
    method = factory.SubFactory(MethodCardFactory)
    result = "Fewer calls to the helpdesk."
    lessons = "Test letters with the people who receive them."
    country = "SI"
    sector = GoodPractice.Sector.ADMINISTRATION
    author = factory.SubFactory(UserFactory)
    contact = factory.SelfAttribute("author")
    state = GoodPractice.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    description = "A hands-on workshop."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    location = "Town hall, room 2"
    capacity = 20
    organiser = factory.SubFactory(UserFactory)
