"""The renewal's status is derived from the work done in its current cycle (renewals/cycle.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.conversations.models import Conversation
from cocreate.journeys.models import JourneyMap
from cocreate.panels.models import Panel
from cocreate.portfolio import services as portfolio_services
from cocreate.quality import services as quality_services
from cocreate.renewals import selectors, services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops.models import Workshop

pytestmark = pytest.mark.django_db
Status = Renewal.Status


def fresh(renewal: Renewal) -> Renewal:
    return Renewal.objects.get(pk=renewal.pk)


@pytest.fixture
def renewal(org):
    return RenewalFactory(service__organisation=org)


def test_a_new_renewal_is_preparing(renewal):
    assert renewal.status == Status.PREPARING
    assert renewal.get_status_display() == "Preparing"


def test_a_renewal_chosen_by_coserve_is_chosen(org, staff):
    renewal = RenewalFactory(service__organisation=org)
    renewal.coserve_assessment = portfolio_services.open_assessment(actor=staff, service=renewal.service)
    renewal.save()
    assert fresh(renewal).status == Status.CHOSEN


@pytest.mark.parametrize("work", ["journey", "conversation", "workshop", "panel"])
def test_participation_work_makes_it_renewing(renewal, work):
    start = timezone.now() + timedelta(days=3)
    make = {
        "journey": lambda: JourneyMap.objects.create(renewal=renewal, title="Home care"),
        "conversation": lambda: Conversation.objects.create(renewal=renewal, topic="Waiting"),
        "workshop": lambda: Workshop.objects.create(
            organisation=renewal.organisation,
            renewal=renewal,
            title="Café",
            format=Workshop.Format.WORLD_CAFE,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
        ),
        "panel": lambda: Panel.objects.create(
            organisation=renewal.organisation,
            renewal=renewal,
            title="Panel",
            purpose="Advise",
            size=12,
            retention_until=date(2030, 1, 1),
        ),
    }
    make[work]()
    assert fresh(renewal).status == Status.RENEWING


def test_a_published_commitment_makes_it_committing(renewal):
    JourneyMap.objects.create(renewal=renewal, title="Home care")
    CommitmentFactory(renewal=renewal, is_published=False)
    assert fresh(renewal).status == Status.RENEWING
    CommitmentFactory(renewal=renewal, is_published=True)
    assert fresh(renewal).status == Status.COMMITTING


def test_comaster_makes_it_assessing_and_the_next_cycle_starts_over(renewal, staff):
    CommitmentFactory(renewal=renewal, is_published=True)
    quality_services.open_assessment(actor=staff, renewal=renewal)
    assert fresh(renewal).status == Status.ASSESSING

    renewal = services.start_next_cycle(actor=staff, renewal=renewal)
    # Cycle 1's commitment and Co-Master belong to cycle 1: cycle 2 has done nothing yet.
    assert renewal.cycle_number == 2 and fresh(renewal).status == Status.PREPARING


def test_closing_is_the_one_decision_and_wins(renewal, staff):
    quality_services.open_assessment(actor=staff, renewal=renewal)
    services.update_renewal(
        actor=staff, renewal=renewal, title=renewal.title, goal=renewal.goal, team=[],
        visibility=renewal.visibility, closed=True,
    )  # fmt: skip
    assert fresh(renewal).status == Status.CLOSED
    assert selectors.activity_of(renewal)[0].action == "renewal.close"
    services.update_renewal(
        actor=staff, renewal=renewal, title=renewal.title, goal=renewal.goal, team=[],
        visibility=renewal.visibility, closed=False,
    )  # fmt: skip
    assert fresh(renewal).status == Status.ASSESSING


def test_status_shows_on_the_staff_and_public_pages(client, org, staff):
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    renewal.team.add(staff)
    JourneyMap.objects.create(renewal=renewal, title="Home care")
    client.force_login(staff)
    for url in (
        reverse("renewals:renewal", args=[renewal.pk]),
        reverse("renewals:renewals"),
        reverse("public:public_renewal", args=[renewal.pk]),
        reverse("public:public_renewals"),
    ):
        assert "Renewing" in client.get(url).content.decode(), url
