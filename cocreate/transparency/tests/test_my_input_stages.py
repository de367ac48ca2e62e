"""Each stage's `trail.py`: statements (moderation, findings, commitment), Open Space sessions,
panel volunteering (by a proven e-mail only) and Co-Master answers (counted)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.commitments import services as commitment_services
from cocreate.conversations import services as conversation_services
from cocreate.conversations.models import OpinionSnapshot, Statement
from cocreate.panels import services as panel_services
from cocreate.quality import services as quality_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency import trails
from cocreate.workshops import services as workshop_services
from cocreate.workshops.models import Room, Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(org: Any) -> Renewal:
    return RenewalFactory(service__organisation=org, title="Home care", visibility=Renewal.Visibility.PUBLIC)


def _codes(items: list[Any]) -> list[list[str]]:
    return [[s.code for s in item.steps] for item in items]


def test_a_statement_published_in_the_findings_and_made_a_commitment(
    renewal: Renewal, staff: Any, org: Any
) -> None:
    guest, other = GuestParticipantFactory(), GuestParticipantFactory()
    conversation = conversation_services.create_conversation(
        actor=staff, renewal=renewal, topic="Opening hours", is_public=True, seed_statements=["Seed"]
    )
    mine = conversation_services.add_statement(
        conversation=conversation, text="Open on Saturdays", author_participant=guest
    )
    conversation_services.add_statement(
        conversation=conversation, text="Open at night", author_participant=other
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert item.text == "Open on Saturdays" and _codes([item]) == [["received", "published"]]

    OpinionSnapshot.objects.create(
        conversation=conversation,
        computed_at=timezone.now(),
        data={"consensus": {"agree": [{"statement": mine.number, "percent": 81}]}},
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=renewal,
        title="Saturday opening",
        organisation=org,
        deadline=date(2031, 1, 1),
        source=mine,
        publish=True,
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert _codes([item]) == [["received", "published", "finding", "commitment"]]
    assert "81 % agreed" in item.steps[2].text
    assert "Open at night" not in repr(item)


def test_a_finding_is_not_told_while_the_results_are_private(renewal: Renewal, staff: Any) -> None:
    guest = GuestParticipantFactory()
    conversation = conversation_services.create_conversation(
        actor=staff, renewal=renewal, topic="Opening hours", is_public=False
    )
    mine = conversation_services.add_statement(
        conversation=conversation, text="Open on Saturdays", author_participant=guest
    )
    OpinionSnapshot.objects.create(
        conversation=conversation,
        computed_at=timezone.now(),
        data={"divisive": [{"statement": mine.number}]},
    )
    assert _codes(trails.trail_of([guest.pk], None)) == [["received", "published"]]


def test_a_hidden_statement_says_why(renewal: Renewal, staff: Any) -> None:
    guest = GuestParticipantFactory()
    conversation = conversation_services.create_conversation(actor=staff, renewal=renewal, topic="Hours")
    mine = conversation_services.add_statement(
        conversation=conversation, text="Open on Saturdays", author_participant=guest
    )
    conversation_services.moderate_statement(
        actor=staff, statement=mine, state=Statement.State.HIDDEN, reason="Already asked"
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert _codes([item]) == [["received", "hidden"]] and item.steps[-1].text == "Already asked"


def test_an_open_space_session_scheduled_reported_and_committed(
    renewal: Renewal, staff: Any, org: Any
) -> None:
    guest = GuestParticipantFactory()
    start = timezone.now() + timedelta(days=1)
    workshop = workshop_services.create_workshop(
        actor=staff,
        organisation=org,
        title="Open day",
        format="open_space",
        renewal=renewal,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )
    attendee = workshop_services.register(workshop=workshop, participant=guest, name="Ana", group="")
    session = workshop_services.propose_session(workshop=workshop, convener=attendee, title="Night buses")
    session.room = Room.objects.create(workshop=workshop, name="Hall")
    session.slot = Slot.objects.create(workshop=workshop, label="10:00")
    session.report = "We agreed on two lines."
    session.save()
    note = workshop_services.add_note(actor=staff, workshop=workshop, text="Two lines", session=session)
    commitment_services.add_commitment(
        actor=staff,
        owner=renewal,
        title="Two night lines",
        organisation=org,
        deadline=date(2031, 1, 1),
        source=note,
        publish=True,
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert item.text == "Night buses"
    assert _codes([item]) == [["received", "scheduled", "report", "commitment"]]
    assert trails.trail_of([GuestParticipantFactory().pk], None) == []


def test_a_draft_commitment_is_not_told(renewal: Renewal, staff: Any, org: Any) -> None:
    guest = GuestParticipantFactory()
    conversation = conversation_services.create_conversation(actor=staff, renewal=renewal, topic="Hours")
    mine = conversation_services.add_statement(
        conversation=conversation, text="Open on Saturdays", author_participant=guest
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=renewal,
        title="Draft idea",
        organisation=org,
        deadline=date(2031, 1, 1),
        source=mine,
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert "commitment" not in [s.code for s in item.steps] and "Draft idea" not in repr(item)


def test_panel_volunteering_is_found_by_a_proven_address_only(org: Any, staff: Any) -> None:
    panel = panel_services.create_panel(
        actor=staff,
        organisation=org,
        title="Jury on home care",
        purpose="x",
        size=2,
        retention_until=timezone.localdate() + timedelta(days=30),
    )
    panel_services.set_quotas(actor=staff, panel=panel, text="Gender: woman = 0-2\nGender: man = 0-2\n")
    panel_services.set_options(actor=staff, panel=panel, registration_open=True, is_public=True)
    panel_services.register(
        panel=panel,
        contact={"name": "Mojca", "email": "mojca@example.org"},
        household="",
        answers={"Gender": "woman"},
    )
    (item,) = trails.trail_of([], None, ["mojca@example.org"])
    assert _codes([item]) == [["received"]] and item.text == ""
    assert "Mojca" not in repr(item) and "woman" not in repr(item)
    assert trails.trail_of([], None, ["someone.else@example.org"]) == []
    # A guest identity alone (its address not proven) does not reach the volunteer.
    guest = GuestParticipantFactory(email="mojca@example.org")
    assert trails.trail_of([guest.pk], None) == []


def test_co_master_answers_are_counted(renewal: Renewal, staff: Any) -> None:
    guest = GuestParticipantFactory()
    assessment = quality_services.open_assessment(actor=staff, renewal=renewal)
    answers = {q.attribute: q.options[0]["value"] for q in assessment.participants.questions()}
    quality_services.answer_as_participant(
        assessment=assessment, participant=guest, answers=answers, submit=False
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert _codes([item]) == [["received"]] and item.next_hint
    quality_services.answer_as_participant(
        assessment=assessment, participant=guest, answers=answers, submit=True
    )
    (item,) = trails.trail_of([guest.pk], None)
    assert _codes([item]) == [["received", "counted"]] and not item.next_hint
