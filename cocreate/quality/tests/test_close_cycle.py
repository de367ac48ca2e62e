"""The assessment closes the cycle: its improvements become the next cycle's plan, then cycle N+1
starts — each exactly once however often it is asked — and the results compare the cycles."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cocreate.core.models import AuditEntry
from cocreate.quality import evidence, services
from cocreate.quality.models import QualityAssessment
from cocreate.quality.tests.test_quality import all_answers
from cocreate.renewals.models import Cycle, Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops.models import Attendee, Workshop

pytestmark = pytest.mark.django_db


def assess(
    renewal: Renewal, staff: Any, guest: Any, organisers: int = 2, participants: int = 0
) -> QualityAssessment:
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    services.answer_as_organiser(
        assessment=assessment, user=staff, answers=all_answers(assessment.organisers, organisers), submit=True
    )
    services.answer_as_participant(
        assessment=assessment,
        participant=guest,
        answers=all_answers(assessment.participants, participants),
        submit=True,
    )
    return assessment


@pytest.fixture
def renewal(org: Any) -> Renewal:
    return RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC, title="Care")


@pytest.fixture
def planned(renewal: Renewal, staff: Any, guest: Any) -> QualityAssessment:
    """Cycle 1 assessed and closed, two improvements planned."""
    assessment = assess(renewal, staff, guest)
    services.close_assessment(actor=staff, assessment=assessment)
    plan = (("FEEDBACK", "Answer every idea within two weeks"), ("INCLUSION", "Invite carers"))
    for attribute, title in plan:
        services.add_action(
            actor=staff,
            assessment=assessment,
            attribute=attribute,
            title=title,
            owner=staff,
            deadline=timezone.localdate() + timedelta(days=30 if attribute == "FEEDBACK" else 60),
        )
    return assessment


def audits(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_close_hands_the_improvements_to_the_next_cycle_once(planned: QualityAssessment, staff: Any) -> None:
    cycle = services.close_cycle(actor=staff, assessment=planned, note="Good start")
    assert cycle.is_closed and cycle.number == 1
    assert cycle.next_plan == ["Answer every idea within two weeks", "Invite carers"]
    again = services.close_cycle(actor=staff, assessment=planned, note="Another note")
    assert again.pk == cycle.pk and again.note == "Good start" and again.closed_at == cycle.closed_at
    assert audits("renewal.cycle_close") == 1

    renewal = services.start_next_cycle(actor=staff, assessment=planned)
    assert renewal.cycle_number == 2
    assert services.start_next_cycle(actor=staff, assessment=planned).cycle_number == 2
    assert Cycle.objects.filter(renewal=planned.renewal).count() == 2 and audits("renewal.cycle") == 1
    assert Cycle.objects.get(renewal=planned.renewal, number=2).plan == cycle.next_plan
    # Closing the first cycle again, from its assessment, changes nothing now.
    assert services.close_cycle(actor=staff, assessment=planned).pk == cycle.pk
    assert not Cycle.objects.get(renewal=planned.renewal, number=2).is_closed


def test_the_cycle_closes_only_after_the_questionnaires(renewal: Renewal, staff: Any, guest: Any) -> None:
    assessment = assess(renewal, staff, guest)
    with pytest.raises(ValidationError):
        services.close_cycle(actor=staff, assessment=assessment)
    with pytest.raises(ValidationError):
        services.start_next_cycle(actor=staff, assessment=assessment)  # the cycle is not closed
    assert not Cycle.objects.get(renewal=renewal, number=1).is_closed
    assert Renewal.objects.get(pk=renewal.pk).cycle_number == 1


def url(name: str, assessment: QualityAssessment) -> str:
    return reverse(f"quality:{name}", args=[assessment.pk])


def test_the_views_close_and_start_once_on_a_double_post(
    as_user: Any, planned: QualityAssessment, staff: Any
) -> None:
    client = as_user(staff)
    page = client.get(url("results", planned)).content.decode()
    assert f'action="{url("close_cycle", planned)}"' in page
    assert f'action="{url("start_next_cycle", planned)}"' not in page
    for _ in range(2):
        response = client.post(url("close_cycle", planned), {"note": "Went well"})
        assert response.status_code == 302 and response["Location"] == url("results", planned)
    assert audits("renewal.cycle_close") == 1
    page = client.get(url("results", planned)).content.decode()
    assert f'action="{url("start_next_cycle", planned)}"' in page and "Start cycle 2" in page
    for _ in range(2):
        response = client.post(url("start_next_cycle", planned))
        assert response.status_code == 302
    assert response["Location"] == reverse("renewals:renewal", args=[planned.renewal_id])
    assert Renewal.objects.get(pk=planned.renewal_id).cycle_number == 2 and audits("renewal.cycle") == 1
    # Cycle 1 is over: its results page offers neither action any more.
    page = client.get(url("results", planned)).content.decode()
    assert 'id="close-cycle"' not in page


def test_an_invalid_closing_answers_on_the_page(as_user: Any, planned: QualityAssessment, staff: Any) -> None:
    response = as_user(staff).post(url("close_cycle", planned), {"note": "x" * 3001})
    assert response.status_code == 400
    content = response.content.decode()
    assert "error-summary" in content and "x" * 3001 in content  # what was typed comes back
    assert not Cycle.objects.get(renewal=planned.renewal, number=1).is_closed


def test_a_refused_closing_says_why_with_400(as_user: Any, renewal: Renewal, staff: Any, guest: Any) -> None:
    assessment = assess(renewal, staff, guest)  # questionnaires still open
    response = as_user(staff).post(url("close_cycle", assessment), {"note": ""})
    assert response.status_code == 400
    assert "Close the questionnaires before closing the cycle." in response.content.decode()


def test_a_member_who_does_not_run_the_renewal_cannot_close(
    as_user: Any, planned: QualityAssessment, facilitator: Any, other_admin: Any
) -> None:
    for user in (facilitator, other_admin):
        assert as_user(user).post(url("close_cycle", planned)).status_code in (403, 404)
        assert as_user(user).post(url("start_next_cycle", planned)).status_code in (403, 404)
    assert not Cycle.objects.get(renewal=planned.renewal, number=1).is_closed


def test_the_results_compare_two_cycles(
    as_user: Any, planned: QualityAssessment, staff: Any, guest: Any, renewal: Renewal
) -> None:
    Workshop.objects.create(
        organisation=renewal.organisation,
        renewal=renewal,
        title="Café",
        format=Workshop.Format.WORLD_CAFE,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now(),
    )
    workshop = Workshop.objects.get()
    for i in range(3):
        Attendee.objects.create(workshop=workshop, name=f"P{i}", group="Residents")
    services.close_cycle(actor=staff, assessment=planned)
    renewal = services.start_next_cycle(actor=staff, assessment=planned)
    second = assess(renewal, staff, guest, organisers=1, participants=2)
    comparison = evidence.compare(renewal)
    assert [w.number for w in comparison.windows] == [1, 2]
    assert [a.pk if a else None for a in comparison.assessments] == [planned.pk, second.pk]
    assert len(comparison.bars) == 4  # organisers and participants, per cycle
    assert [b.name for b in comparison.bars][::2] == ["Cycle 1, organisers", "Cycle 2, organisers"]
    rows = {row.name: row.cells for row in comparison.evidence}
    assert rows["Workshop attendees and their stakeholder groups"] == ["3", "—"]  # cycle 1's work only
    assert rows["Participants' own ratings beside the organisers'"] == ["1", "1"]
    first_root = next(r for r in comparison.results if r.cells[0] != "—")
    assert len(first_root.cells) == 2

    content = as_user(staff).get(url("results", second)).content.decode()
    assert 'id="cycles"' in content and 'role="img"' in content
    assert re.search(r"<th scope=\"col\">Cycle 1</th>\s*<th scope=\"col\">Cycle 2</th>", content)
    assert f'href="{url("results", planned)}"' in content


def test_the_public_page_shows_only_public_evidence(
    client: Any, planned: QualityAssessment, staff: Any, renewal: Renewal
) -> None:
    workshop = Workshop.objects.create(
        organisation=renewal.organisation,
        renewal=renewal,
        title="Café",
        format=Workshop.Format.WORLD_CAFE,
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now(),
    )
    Attendee.objects.create(workshop=workshop, name="Zala", group="Secret carers' circle")
    services.publish(actor=staff, assessment=planned, summary="We learned a lot")
    staff_page = client.get(url("results", planned))
    assert staff_page.status_code in (302, 403, 404)
    content = client.get(reverse("public:public_renewal", args=[renewal.pk])).content.decode()
    assert "We learned a lot" in content
    assert "Service users who gave feedback on the journey" in content  # a public figure
    assert "1 participant and 1 organiser answered Co-Master." in content
    hidden = ("Secret carers", "Workshop attendees", "Commitments kept on time", "took part in conversations")
    for private in hidden:
        assert private not in content
