"""Issue 16, the link Co-Ready → starting a renewal: a low readiness shows what to fix first (a hint,
never a wall); no result yet says so and links to Co-Ready."""

import pytest
from django.urls import reverse

from cocreate.assessments.results import collection_result
from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.readiness import selectors
from cocreate.readiness.models import ImprovementAction
from cocreate.readiness.tests.factories import closed_round
from cocreate.renewals.models import Renewal

pytestmark = pytest.mark.django_db

URL = "renewals:renewal_create"
LOW = "Co-Ready: your readiness is low"
NONE_YET = "Co-Ready: no readiness result yet"


def test_only_the_lowest_value_of_the_three_is_low(org, org_admin):
    rounds = {i: closed_round(org, [org_admin], value_index=i, title=str(i)) for i in (0, 1, 2)}
    low = {i: selectors.is_low(collection_result(r.collection)) for i, r in rounds.items()}
    assert low == {0: True, 1: False, 2: False}
    assert selectors.latest_result(org)[0] == rounds[2]


def test_a_low_readiness_shows_what_to_fix_first_and_the_renewal_can_still_start(as_user, org, org_admin):
    round_ = closed_round(org, [org_admin], value_index=0)
    result = collection_result(round_.collection)
    first = selectors.weakest_areas(org, result)[0]
    ImprovementAction.objects.create(
        round=round_,
        organisation=org,
        attribute=first.attribute.id,
        title="Ask the mayor to sponsor it",
        owner=org_admin,
        deadline="2027-01-31",
    )
    client = as_user(org_admin)
    page = client.get(reverse(URL)).content.decode()
    assert LOW in page and first.attribute.name in page
    assert "Ask the mayor to sponsor it" in page  # the organisation's own action on the weak point
    assert reverse("readiness:results", args=[round_.pk]) + "#roadmap" in page
    service = ServiceFactory(organisation=org)
    data = {"service": service.pk, "title": "Still", "goal": "Go", "visibility": "private"}
    assert client.post(reverse(URL), data).status_code == 302
    assert Renewal.objects.filter(title="Still").exists()


def test_a_medium_or_high_readiness_shows_no_hint(as_user, org, org_admin):
    closed_round(org, [org_admin], value_index=0, title="Earlier")
    closed_round(org, [org_admin], value_index=2, title="Latest")
    page = as_user(org_admin).get(reverse(URL)).content.decode()
    assert LOW not in page and NONE_YET not in page


def test_no_result_yet_says_so_with_a_link_to_co_ready(as_user, org, org_admin, staff):
    page = as_user(org_admin).get(reverse(URL)).content.decode()
    assert NONE_YET in page and reverse("readiness:home") in page and "Start a Co-Ready round" in page
    assert "Go to Co-Ready" in as_user(staff).get(reverse(URL)).content.decode()  # staff cannot open one
