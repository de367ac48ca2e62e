import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.portfolio import selectors, services
from cocreate.portfolio.models import Service
from cocreate.portfolio.tests.factories import ServiceFactory
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


def assess(service, people, answers):
    assessment = services.open_assessment(actor=people[0], service=service)
    for person in people:
        services.save_coserve_answers(actor=person, assessment=assessment, answers=answers, submit=True)
    return assessment


def test_the_shipped_model_has_13_criteria_three_reversed(org, staff):
    assessment = services.open_assessment(actor=staff, service=ServiceFactory(organisation=org))
    questions = list(assessment.collection.questions())
    assert len(questions) == 13
    reversed_ = {q.attribute for q in questions if q.options[0]["value"] == "yes"}
    assert reversed_ == {"C16", "C23", "C24"}  # "yes" is the unfavourable answer there


def test_favourable_answers_rank_first_and_advice_follows_the_answers(org, staff, org_admin):
    good = assess(ServiceFactory(organisation=org, name="Good"), [staff, org_admin], FAVOURABLE)
    known = assess(ServiceFactory(organisation=org, name="Known"), [staff], {**FAVOURABLE, "C24": "yes"})
    bad = assess(ServiceFactory(organisation=org, name="Bad"), [staff], UNFAVOURABLE)
    ServiceFactory(organisation=org, name="Unassessed")
    ranking = selectors.portfolio_of(staff, org)
    assert [f.service.name for f in ranking] == ["Good", "Known", "Bad", "Unassessed"]
    fits = {f.service.name: f for f in ranking}
    assert fits["Good"].result.root.quality == "good" and fits["Good"].advice == ["good_fit"]
    assert "simple_or_known_solution" in fits["Known"].advice
    assert fits["Bad"].result.root.quality == "bad" and "low_fit" in fits["Bad"].advice
    assert selectors.advice_texts(fits["Known"].advice)[0]
    del good, known, bad


def test_disagreement_between_colleagues_is_flagged(org, staff, org_admin):
    service = ServiceFactory(organisation=org)
    assessment = services.open_assessment(actor=staff, service=service)
    services.save_coserve_answers(actor=staff, assessment=assessment, answers=FAVOURABLE, submit=True)
    services.save_coserve_answers(actor=org_admin, assessment=assessment, answers=UNFAVOURABLE, submit=True)
    result = selectors.fit_of(service).result
    assert result.respondents == 2 and all(a.disagreement for a in result.leaves())


def test_csv_import_all_or_nothing(org, staff):
    good = "name,description,users,channels\nParking,Permits,Residents,web;counter\nLibrary,Books,,Website\n"
    created = services.import_services(actor=staff, organisation=org, csv_text=good)
    assert [s.name for s in created] == ["Parking", "Library"]
    assert Service.objects.get(name="Library").channels == ["web"]
    bad = "name;channels\nPools;web\n;phone\nParking;web\nZoo;teleport\nPools;app\n"
    with pytest.raises(ValidationError) as error:
        services.import_services(actor=staff, organisation=org, csv_text=bad)
    messages = error.value.messages
    assert messages == [
        "Row 3: the name is empty.",
        "Row 4: a service called “Parking” exists already.",
        "Row 5: unknown channel “teleport”.",
        "Row 6: “Pools” appears twice in the file.",
    ]
    assert not Service.objects.filter(name="Pools").exists()  # nothing half-imported


def test_csv_without_a_name_column_is_refused(org, staff):
    with pytest.raises(ValidationError, match="Row 1"):
        services.import_services(actor=staff, organisation=org, csv_text="title,users\nX,Y\n")


def test_import_view_names_bad_rows_and_keeps_nothing(as_user, org, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "s.csv", "name,channels\nA,web\nB,fax\n".encode("cp1250"), content_type="text/csv"
    )
    response = as_user(staff).post(reverse("portfolio:service_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200 and "Row 3: unknown channel “fax”." in body
    assert not Service.objects.exists()


def test_start_a_renewal_from_the_result_links_the_assessment(as_user, org, staff):
    service = ServiceFactory(organisation=org)
    assessment = assess(service, [staff], FAVOURABLE)
    client = as_user(staff)
    page = client.get(reverse("portfolio:coserve_results", args=[service.pk])).content.decode()
    assert f"assessment={assessment.pk}" in page
    response = client.post(
        reverse("renewals:renewal_create"),
        {
            "service": service.pk,
            "coserve_assessment": assessment.pk,
            "title": "Renew",
            "goal": "Better",
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    assert Renewal.objects.get().coserve_assessment == assessment


def test_ranking_csv_and_compare(as_user, org, staff):
    a = ServiceFactory(organisation=org, name="Alpha")
    b = ServiceFactory(organisation=org, name="Beta")
    assess(a, [staff], FAVOURABLE)
    assess(b, [staff], UNFAVOURABLE)
    client = as_user(staff)
    csv_text = client.get(reverse("portfolio:ranking") + "?format=csv").content.decode()
    assert csv_text.splitlines()[1].startswith("1,Alpha,") and csv_text.splitlines()[2].startswith("2,Beta,")
    page = client.get(reverse("portfolio:compare") + f"?service={a.pk}&service={b.pk}").content.decode()
    assert "Alpha" in page and "Beta" in page


def test_other_organisations_cannot_assess_or_see_our_services(as_user, org, staff, other_admin):
    service = ServiceFactory(organisation=org, name="Ours-MARKER")
    assess(service, [staff], FAVOURABLE)
    client = as_user(other_admin)
    for name in ("coserve", "coserve_results"):
        assert client.get(reverse(f"portfolio:{name}", args=[service.pk])).status_code == 404
    assert b"Ours-MARKER" not in client.get(reverse("portfolio:ranking")).content
    assert b"Ours-MARKER" not in client.get(reverse("portfolio:compare") + f"?service={service.pk}").content


def test_starting_an_assessment_is_its_own_action(as_user, org, staff):
    service = ServiceFactory(organisation=org, name="Home care")
    client = as_user(staff)
    answer = reverse("portfolio:coserve", args=[service.pk])
    page = client.get(answer).content.decode()
    start = reverse("portfolio:coserve_start", args=[service.pk])
    assert f'action="{start}"' in page and 'name="start"' not in page
    client.post(answer, {"start": "1"})  # the old way starts nothing
    assert not service.assessments.exists()
    response = client.post(start)
    assert response.status_code == 302 and response["Location"] == answer
    assessment = service.assessments.get()
    assert client.post(start).status_code == 302 and service.assessments.get() == assessment  # twice: one
    assert "Submit my answers" in client.get(answer).content.decode()
