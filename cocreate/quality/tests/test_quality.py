import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cocreate.assessments.models import Response
from cocreate.quality import selectors, services, shipped
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def all_answers(collection, position):
    out = {}
    for q in collection.questions():
        values = [o["value"] for o in q.options]
        out[q.attribute] = values[min(position, len(values) - 1)]
    return out


@pytest.fixture
def renewal(org):
    return RenewalFactory(
        service__organisation=org, visibility=Renewal.Visibility.PUBLIC, title="Care renewal"
    )


def test_one_assessment_per_cycle_with_two_questionnaires(renewal, staff):
    first = services.open_assessment(actor=staff, renewal=renewal)
    assert services.open_assessment(actor=staff, renewal=renewal) == first
    organisers = list(first.organisers.questions())
    participants = list(first.participants.questions())
    assert len(organisers) == len(participants) >= 18
    assert {q.attribute for q in organisers} == {q.attribute for q in participants}
    assert organisers[0].text != participants[0].text  # each audience in its own words


def test_two_views_side_by_side_and_their_difference(renewal, staff, guest):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    services.answer_as_organiser(
        assessment=assessment, user=staff, answers=all_answers(assessment.organisers, 2), submit=True
    )
    services.answer_as_participant(
        assessment=assessment, participant=guest, answers=all_answers(assessment.participants, 0), submit=True
    )
    views = selectors.two_views(assessment)
    root = views.rows[0]
    assert root.organisers.quality == "good" and root.participants.quality == "bad" and root.differs
    areas = selectors.improvement_areas(views)
    assert len(areas) == 19 and all(a.ideas for a in areas)


def test_one_response_per_participant_identity(renewal, staff, guest):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    for _ in range(3):
        services.answer_as_participant(
            assessment=assessment,
            participant=guest,
            answers=all_answers(assessment.participants, 1),
            submit=True,
        )
    assert Response.objects.filter(collection=assessment.participants).count() == 1


def test_no_influence_is_never_high_quality(renewal, staff):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    answers = {**all_answers(assessment.organisers, 2), "INFLUENCE": "no"}
    services.answer_as_organiser(assessment=assessment, user=staff, answers=answers, submit=True)
    assert selectors.two_views(assessment).organisers.root.quality != "good"


def test_publish_only_after_closing_and_then_public(renewal, staff, guest):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    services.answer_as_participant(
        assessment=assessment, participant=guest, answers=all_answers(assessment.participants, 2), submit=True
    )
    with pytest.raises(ValidationError):
        services.publish(actor=staff, assessment=assessment, summary="Went well")
    public_url = reverse("public:public_renewal", args=[renewal.pk])
    assert "Went well" not in Client().get(public_url).content.decode()
    services.close_assessment(actor=staff, assessment=assessment)
    services.publish(actor=staff, assessment=assessment, summary="Went well")
    page = Client().get(public_url).content.decode()
    assert "Went well" in page and "Quality of the co-creation" in page


def test_participant_page_needs_no_account_and_keeps_answers_anonymous(renewal, staff):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    client = Client()
    url = reverse("quality_public:participate", args=[assessment.pk])
    assert client.get(url).status_code == 200
    data = {**all_answers(assessment.participants, 2), "submit": "1"}
    response = client.post(url, data)
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    stored = Response.objects.get(collection=assessment.participants)
    assert stored.participant is not None and stored.respondent is None
    # A second browser is a second participant; the same browser edits its own response.
    client.post(url, data)
    Client().post(url, data)
    assert Response.objects.filter(collection=assessment.participants).count() == 2


def test_closed_questionnaire_refuses_participants(renewal, staff, guest):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    services.answer_as_participant(
        assessment=assessment, participant=guest, answers=all_answers(assessment.participants, 1), submit=True
    )
    services.close_assessment(actor=staff, assessment=assessment)
    url = reverse("quality_public:participate", args=[assessment.pk])
    body = Client().get(url).content.decode()
    assert "closed" in body
    response = Client().post(url, {**all_answers(assessment.participants, 1), "submit": "1"})
    assert "closed" in response.content.decode()
    assert Response.objects.filter(collection=assessment.participants).count() == 1


def test_staff_of_another_organisation_see_nothing(as_user, renewal, staff, other_admin):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    client = as_user(other_admin)
    for name in ("assessment", "results", "poster", "answer_organiser"):
        assert client.get(reverse(f"quality:{name}", args=[assessment.pk])).status_code == 404
    assert client.post(reverse("quality:open", args=[renewal.pk])).status_code == 404


def test_improvement_becomes_an_action(renewal, staff):
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    from django.utils import timezone

    action = services.add_action(
        actor=staff,
        assessment=assessment,
        attribute="FEEDBACK",
        title="Tell them",
        owner=staff,
        deadline=timezone.localdate(),
    )
    assert action.organisation == renewal.organisation
    assert shipped.ROOT in assessment.organisers.version.compiled.position
