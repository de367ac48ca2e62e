"""Issue 16, the link Co-Serve → renewal: the renewal carries the service's criteria, rank and
advice; starting one against an "inform" or "consult" advice needs a reason, which is published."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cocreate.portfolio import selectors as portfolio
from cocreate.portfolio import services as portfolio_services
from cocreate.portfolio.models import Participation
from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.renewals import services
from cocreate.renewals.models import Renewal

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    "C11": "yes",
    "C12": "yes",
    "C13": "yes",
    "C14": "yes",
    "C15": "yes",
    "C16": "no",
    "C21": "yes",
    "C22": "yes",
    "C23": "no",
    "C24": "no",
    "C25": "yes",
    "C26": "yes",
    "C27": "yes",
}
UNFAVOURABLE = {k: ("yes" if v == "no" else "no") for k, v in FAVOURABLE.items()}
KNOWN_SOLUTION = {**FAVOURABLE, "C24": "yes"}
REASON = "Residents asked to shape it with us at the council hearing."


def assess(service, person, answers):
    assessment = portfolio_services.open_assessment(actor=person, service=service)
    portfolio_services.save_coserve_answers(actor=person, assessment=assessment, answers=answers, submit=True)
    return assessment


@pytest.fixture
def services_assessed(org, staff):
    """Three assessed services: a good fit (co-create), a known solution (consult), a poor fit
    (inform)."""
    good = ServiceFactory(organisation=org, name="Home care")
    known = ServiceFactory(organisation=org, name="Parking permits")
    poor = ServiceFactory(organisation=org, name="Registering a birth")
    assess(good, staff, FAVOURABLE)
    assess(known, staff, KNOWN_SOLUTION)
    assess(poor, staff, UNFAVOURABLE)
    return good, known, poor


def test_the_advice_is_named_in_one_word_from_the_result(services_assessed):
    good, known, poor = services_assessed
    assert portfolio.latest_summary(good).participation == Participation.CO_CREATE
    assert portfolio.latest_summary(known).participation == Participation.CONSULT
    assert portfolio.latest_summary(poor).participation == Participation.INFORM
    assert [portfolio.latest_summary(s).rank for s in (good, known, poor)] == [1, 2, 3]
    assert portfolio.latest_summary(known).ranked == 3
    assert portfolio.latest_summary(ServiceFactory()) is None


def test_a_renewal_keeps_the_assessment_and_advice_of_its_service(org, staff, services_assessed):
    good = services_assessed[0]
    renewal = services.create_renewal(actor=staff, service=good, title="T", goal="G")
    assert renewal.coserve_assessment == good.assessments.get()
    assert renewal.coserve_advice == Participation.CO_CREATE and renewal.reason_against_advice == ""
    assert renewal.status == Renewal.Status.CHOSEN


def test_starting_against_the_advice_without_a_reason_raises(org, staff, services_assessed):
    _good, known, poor = services_assessed
    for service in (known, poor):
        with pytest.raises(ValidationError) as error:
            services.create_renewal(actor=staff, service=service, title="T", goal="G")
        assert "reason_against_advice" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.create_renewal(
                actor=staff, service=service, title="T", goal="G", reason_against_advice="   "
            )
    assert not Renewal.objects.exists()
    renewal = services.create_renewal(
        actor=staff, service=known, title="T", goal="G", reason_against_advice=f"  {REASON} "
    )
    assert renewal.coserve_advice == Participation.CONSULT and renewal.reason_against_advice == REASON


def test_no_reason_is_needed_or_kept_without_such_advice(org, staff, services_assessed):
    renewal = services.create_renewal(
        actor=staff, service=services_assessed[0], title="T", goal="G", reason_against_advice="Why not"
    )
    assert renewal.reason_against_advice == ""
    unassessed = services.create_renewal(
        actor=staff, service=ServiceFactory(organisation=org), title="T", goal="G"
    )
    assert unassessed.coserve_assessment is None and unassessed.coserve_advice == ""


def test_the_form_asks_for_a_reason_only_against_the_advice(as_user, org, staff, services_assessed):
    good, known, _poor = services_assessed
    client = as_user(staff)
    url = reverse("renewals:renewal_create")
    page = client.get(url, {"service": good.pk}).content.decode()
    assert "Co-Serve advised to co-create" in page and 'name="reason_against_advice"' not in page
    page = client.get(url, {"service": known.pk}).content.decode()
    assert "Co-Serve advised to consult" in page and 'name="reason_against_advice"' in page

    data = {"service": known.pk, "title": "Kept title", "goal": "Kept goal", "visibility": "private"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Renewal.objects.exists()
    page = response.content.decode()
    assert "Say why you co-create this service against Co-Serve" in page
    assert "Kept title" in page and "Kept goal" in page

    response = client.post(url, {**data, "reason_against_advice": REASON})
    renewal = Renewal.objects.get()
    assert response.status_code == 302 and renewal.reason_against_advice == REASON

    response = client.post(url, {**data, "service": good.pk, "title": "Another"})
    assert response.status_code == 302 and Renewal.objects.get(title="Another").coserve_advice == "co-create"


def _public_renewal(staff, service, reason=""):
    return services.create_renewal(
        actor=staff,
        service=service,
        title="Open renewal",
        goal="G",
        visibility=Renewal.Visibility.PUBLIC,
        reason_against_advice=reason,
    )


def test_staff_and_public_pages_show_criteria_rank_advice_and_reason(as_user, org, staff, services_assessed):
    renewal = _public_renewal(staff, services_assessed[1], REASON)
    staff_page = as_user(staff).get(reverse("renewals:renewal", args=[renewal.pk])).content.decode()
    public_page = Client().get(reverse("public:public_renewal", args=[renewal.pk])).content.decode()
    for page in (staff_page, public_page):
        assert "Co-Serve advised to consult" in page
        assert "Why we co-create although Co-Serve advised to consult:" in page
        assert REASON in page
        assert "2 of 3 assessed services" in page
        assert "Strategic importance" in page  # a criterion


def test_open_data_carries_criteria_rank_advice_and_reason(org, staff, services_assessed):
    renewal = _public_renewal(staff, services_assessed[2], REASON)
    rows = json.loads(Client().get(reverse("open:export", args=["renewals", "json"])).content)
    row = next(r for r in (rows if isinstance(rows, list) else rows["items"]) if r["id"] == str(renewal.pk))
    assert row["coserve_advice"] == "inform" and row["reason_against_advice"] == REASON
    assert row["coserve_rank"] == 3 and row["coserve_services_ranked"] == 3 and row["coserve_fit"]
    assert len(row["coserve_criteria"]) == 13
    csv = Client().get(reverse("open:export", args=["renewals", "csv"])).content.decode()
    assert "reason_against_advice" in csv and REASON in csv and "inform" in csv
    api = Client().get(reverse("open_api:renewals")).json()
    item = next(i for i in api["items"] if i["id"] == str(renewal.pk))
    assert item["coserve_advice"] == "inform" and item["reason_against_advice"] == REASON
    assert item["coserve_rank"] == 3 and len(item["coserve_criteria"]) == 13
    schema = Client().get(reverse("open_api:openapi-json")).json()
    assert "reason_against_advice" in schema["components"]["schemas"]["RenewalOut"]["properties"]


def test_a_private_renewals_reason_never_reaches_open_data(org, staff, services_assessed):
    marker = "Private reason 7c1e"
    services.create_renewal(
        actor=staff, service=services_assessed[1], title="Closed door", goal="G", reason_against_advice=marker
    )
    for fmt in ("json", "csv"):
        body = Client().get(reverse("open:export", args=["renewals", fmt])).content.decode()
        assert marker not in body and "Closed door" not in body
    assert marker not in Client().get(reverse("open_api:renewals")).content.decode()
