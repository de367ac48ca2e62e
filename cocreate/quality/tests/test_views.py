"""The results page and its actions, one view each: publish, withdraw, plan an improvement. An invalid
form (or one the service refuses) answers on the page with its errors and what was typed (400)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.quality import services
from cocreate.quality.models import QualityAssessment
from cocreate.quality.tests.test_quality import all_answers
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(org: Any, staff: Any, guest: Any) -> QualityAssessment:
    """Open, answered: organisers content, participants not (every point is an area to improve)."""
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC, title="Care")
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    services.answer_as_organiser(
        assessment=assessment, user=staff, answers=all_answers(assessment.organisers, 2), submit=True
    )
    services.answer_as_participant(
        assessment=assessment, participant=guest, answers=all_answers(assessment.participants, 0), submit=True
    )
    return assessment


@pytest.fixture
def closed(assessment: QualityAssessment, staff: Any) -> QualityAssessment:
    return services.close_assessment(actor=staff, assessment=assessment)


def url(name: str, assessment: QualityAssessment) -> str:
    return reverse(f"quality:{name}", args=[assessment.pk])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_page_posts_publish_and_withdraw_to_their_own_actions(
    as_user: Any, closed: QualityAssessment, staff: Any
) -> None:
    services.publish(actor=staff, assessment=closed, summary="Went well")
    content = as_user(staff).get(url("results", closed)).content.decode()
    assert (
        f'action="{url("publish", closed)}"' in content and f'action="{url("withdraw", closed)}"' in content
    )
    assert 'name="withdraw"' not in content


# --- publish and withdraw --------------------------------------------------------------------------


def test_the_summary_is_published(as_user: Any, closed: QualityAssessment, staff: Any) -> None:
    response = as_user(staff).post(url("publish", closed), {"summary": "We heard you."}, follow=True)
    assert response.redirect_chain[-1][0] == url("results", closed)
    assert "Published on the renewal's public page." in messages_of(response)
    closed.refresh_from_db()
    assert closed.is_published and closed.summary == "We heard you."


def test_an_empty_summary_answers_with_its_error(as_user: Any, closed: QualityAssessment, staff: Any) -> None:
    response = as_user(staff).post(url("publish", closed), {"summary": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    closed.refresh_from_db()
    assert not closed.is_published


def test_publishing_while_open_is_refused_on_the_form_with_the_summary_kept(
    as_user: Any, assessment: QualityAssessment, staff: Any
) -> None:
    response = as_user(staff).post(url("publish", assessment), {"summary": "Typed-MARKER summary"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Close the questionnaires before publishing the result." in content
    assert "Typed-MARKER summary" in content
    assessment.refresh_from_db()
    assert not assessment.is_published


def test_withdraw(as_user: Any, closed: QualityAssessment, staff: Any) -> None:
    services.publish(actor=staff, assessment=closed, summary="Went well")
    response = as_user(staff).post(url("withdraw", closed), follow=True)
    assert response.redirect_chain[-1][0] == url("results", closed)
    assert "Withdrawn from the public page." in messages_of(response)
    closed.refresh_from_db()
    assert not closed.is_published


# --- improvements for the next cycle ---------------------------------------------------------------


def action_data(staff: Any, **changes: Any) -> dict[str, Any]:
    deadline = timezone.localdate() + timedelta(days=30)
    return {
        "attribute": "FEEDBACK",
        "title": "Report back",
        "owner": staff.pk,
        "deadline": deadline,
        **changes,
    }


def test_an_improvement_is_planned(as_user: Any, assessment: QualityAssessment, staff: Any) -> None:
    response = as_user(staff).post(url("add_action", assessment), action_data(staff), follow=True)
    assert response.redirect_chain[-1][0] == url("results", assessment)
    assert "Added to the plan for the next cycle." in messages_of(response)
    assert assessment.actions.get().title == "Report back"


def test_an_improvement_with_a_past_deadline_reopens_its_form_with_what_was_typed(
    as_user: Any, assessment: QualityAssessment, staff: Any
) -> None:
    past = timezone.localdate() - timedelta(days=1)
    data = action_data(staff, title="Typed-MARKER improvement", deadline=past.isoformat())
    response = as_user(staff).post(url("add_action", assessment), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "The deadline cannot be in the past." in content
    assert 'value="Typed-MARKER improvement"' in content and f'value="{past.isoformat()}"' in content
    assert '<details class="no-print" open>' in content
    assert not assessment.actions.exists()


def test_an_improvement_without_a_title_answers_with_its_error(
    as_user: Any, assessment: QualityAssessment, staff: Any
) -> None:
    response = as_user(staff).post(url("add_action", assessment), action_data(staff, title=""))
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_an_improvement_for_an_unknown_point_is_refused_above_the_areas(
    as_user: Any, assessment: QualityAssessment, staff: Any
) -> None:
    response = as_user(staff).post(url("add_action", assessment), action_data(staff, attribute="NOPE"))
    assert response.status_code == 400 and "Unknown attribute." in response.content.decode()
    assert not assessment.actions.exists()


# --- the questionnaires --------------------------------------------------------------------------


def test_an_incomplete_submission_answers_with_its_errors_and_keeps_the_answers_given(
    as_user: Any, assessment: QualityAssessment, staff: Any
) -> None:
    first = next(iter(assessment.organisers.questions()))
    chosen = first.options[0]["value"]
    response = as_user(staff).post(
        url("answer_organiser", assessment), {first.attribute: chosen, "submit": "1"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose an answer" in content
    assert re.search(rf'name="{first.attribute}" value="{chosen}"[^>]*checked', content)
    participants = reverse("quality_public:participate", args=[assessment.pk])
    assert Client().post(participants, {"submit": "1"}).status_code == 400
