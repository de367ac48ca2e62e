"""Privacy of answers and the refusals that matter most for Co-Ready."""

import pytest
from django.urls import reverse

from cocreate.readiness import services
from cocreate.readiness.tests.factories import answers_all, closed_round

pytestmark = pytest.mark.django_db


def test_a_colleague_never_sees_another_colleagues_answers(as_user, org, org_admin, staff):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    services.save_answers(round_=round_, user=org_admin, answers=answers_all(round_, 2), submit=True)
    staff_client = as_user(staff)
    # The questionnaire opens empty for the staff member, not with the admin's answers.
    page = staff_client.get(reverse("readiness:answer", args=[round_.pk])).content.decode()
    assert "checked" not in page
    # Their own CSV has their (empty) answers only.
    own_csv = staff_client.get(reverse("readiness:my_answers_csv", args=[round_.pk])).content.decode()
    assert all(line.endswith(",") or line.startswith("attribute") for line in own_csv.strip().splitlines())
    # Results are not shown while the round is open, to anyone.
    assert staff_client.get(reverse("readiness:results", args=[round_.pk])).status_code == 403


def test_results_and_exports_are_aggregate(as_user, org, org_admin, staff):
    round_ = closed_round(org, [org_admin, staff], 2)
    client = as_user(staff)
    assert client.get(reverse("readiness:results", args=[round_.pk])).status_code == 200
    csv_text = client.get(reverse("readiness:answers_csv", args=[round_.pk])).content.decode()
    assert org_admin.email not in csv_text and org_admin.full_name not in csv_text
    assert ",2\r\n" in csv_text  # two respondents chose the top answer


def test_outsiders_and_other_organisations_see_nothing(as_user, org, org_admin, other_admin, outsider):
    round_ = closed_round(org, [org_admin], 1)
    for user in (other_admin, outsider):
        client = as_user(user)
        for name in ("round", "answer", "results", "report", "answers_csv", "my_answers_csv"):
            assert client.get(reverse(f"readiness:{name}", args=[round_.pk])).status_code in (403, 404), name


def test_pdf_report_downloads(as_user, org, org_admin):
    round_ = closed_round(org, [org_admin], 1)
    response = as_user(org_admin).get(reverse("readiness:report_pdf", args=[round_.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_staff_cannot_open_or_close_rounds(as_user, org, staff, org_admin):
    client = as_user(staff)
    assert client.post(reverse("readiness:open_round"), {"title": "Mine"}).status_code == 403
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    assert client.post(reverse("readiness:close_round", args=[round_.pk])).status_code == 403


def test_autosave_saves_without_submitting(as_user, org, org_admin):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    question = round_.collection.version.questions.order_by("order").first()
    value = question.options[-1]["value"]
    response = as_user(org_admin).post(
        reverse("readiness:autosave", args=[round_.pk]), {question.attribute: value}
    )
    assert response.status_code == 200 and "Saved" in response.content.decode()
    own = round_.collection.responses.get()
    assert own.answers == {question.attribute: value} and not own.is_submitted


def test_submitting_with_gaps_keeps_answers_and_names_the_gaps(as_user, org, org_admin):
    round_ = services.open_round(actor=org_admin, organisation=org, title="R")
    question = round_.collection.version.questions.order_by("order").first()
    value = question.options[0]["value"]
    response = as_user(org_admin).post(
        reverse("readiness:answer", args=[round_.pk]), {question.attribute: value, "submit": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert f'value="{value}"' in body and "checked" in body  # what was chosen is still chosen


def test_an_action_becomes_a_commitment_in_one_click_and_its_status_shows_back(
    as_user, org, org_admin, staff, facilitator, other_org
):
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.commitments import services as commitment_services
    from cocreate.commitments.models import Commitment
    from cocreate.renewals.tests.factories import RenewalFactory

    closed = closed_round(org, [org_admin], 1)
    action = services.add_action(
        actor=org_admin,
        round_=closed,
        attribute="BUDGET",
        title="Set aside a budget line",
        owner=staff,
        deadline=timezone.localdate() + timedelta(days=60),
    )
    renewal = RenewalFactory(service__organisation=org, title="Library cards")
    foreign = RenewalFactory(service__organisation=other_org)
    url = reverse("readiness:commit_action", args=[action.pk])
    client = as_user(staff)
    home = client.get(reverse("readiness:home")).content.decode()
    assert url in home and "Library cards" in home and foreign.title not in home
    # facilitators do not turn actions into commitments; a foreign renewal is refused
    assert as_user(facilitator).post(url, {"renewal": renewal.pk}).status_code == 403
    client.post(url, {"renewal": foreign.pk})
    assert not Commitment.objects.exists()

    response = client.post(url, {"renewal": renewal.pk})
    assert response.status_code == 302 and response["Location"].startswith(reverse("readiness:home"))
    commitment = Commitment.objects.get()
    assert commitment.responsible == staff and commitment.renewal == renewal
    commitment_services.report_progress(actor=staff, commitment=commitment, text="Draft budget")
    home = client.get(reverse("readiness:home")).content.decode()
    assert reverse("commitments:commitment", args=[commitment.pk]) in home
    assert "In progress" in home and url not in home  # linked: no second button
    results_page = client.get(reverse("readiness:results", args=[closed.pk])).content.decode()
    assert reverse("commitments:commitment", args=[commitment.pk]) in results_page
    # the owner finds it under "My commitments"
    mine = client.get(reverse("commitments:mine")).content.decode()
    assert "Set aside a budget line" in mine
