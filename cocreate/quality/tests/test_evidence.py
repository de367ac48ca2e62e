"""The platform's evidence of a cycle beside Co-Master: every figure against a hand-counted world of
two cycles (cycle 1 from 1 March, cycle 2 from 1 May 2026, read on 1 June), so that the work of
cycle 1 is never counted in cycle 2 and the other way round."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.commitments.models import Commitment
from cocreate.conversations.models import Conversation, Statement, Vote
from cocreate.core.evidence import EvidenceItem
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution
from cocreate.panels import services as panel_services
from cocreate.panels.models import Selection, Volunteer
from cocreate.quality import evidence, selectors, services
from cocreate.quality.models import QualityAssessment
from cocreate.quality.tests.test_quality import all_answers
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops.models import Attendee, Workshop

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SECOND = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)  # cycle 2 starts
READ = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 10) -> Any:
    return time_machine.travel(datetime(2026, month, day, hour, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def world(org: Any, staff: Any) -> dict[str, Any]:
    with time_machine.travel(START, tick=False):
        renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    return {"renewal": renewal, "guests": [GuestParticipantFactory() for _ in range(9)]}


def next_cycle(renewal: Renewal, staff: Any) -> Renewal:
    with time_machine.travel(SECOND, tick=False):
        renewal_services.close_cycle(actor=staff, renewal=renewal, plan=["Answer within a week"])
        return renewal_services.start_next_cycle(actor=staff, renewal=renewal)


def items_by_key(renewal: Renewal, number: int) -> dict[str, EvidenceItem]:
    window = evidence.window_of(renewal, number)
    assert window is not None
    return {item.key: item for item in evidence.gather(renewal, window)}


def test_the_windows_follow_the_renewals_cycles(world: dict[str, Any], staff: Any) -> None:
    renewal = next_cycle(world["renewal"], staff)
    with time_machine.travel(READ, tick=False):
        first, second = evidence.windows(renewal)
    assert (first.number, first.ended_at, first.closed_at, first.is_current) == (1, SECOND, SECOND, False)
    assert first.started_at == evidence.BEGINNING  # the first cycle holds what came before it
    assert (second.number, second.started_at, second.ended_at, second.is_current) == (2, SECOND, READ, True)
    assert not second.is_closed


def journey(renewal: Renewal, staff: Any) -> Any:
    with at(3, 2):
        journey = journey_services.create_map(actor=staff, renewal=renewal, title="Home care")
        journey_services.set_participation(actor=staff, journey=journey, open_=True)
        stage = journey_services.add_stage(actor=staff, journey=journey, title="Apply")
        return journey_services.add_step(actor=staff, stage=stage, title="Fill in the form")


def contribute(step: Any, guest: Any, kind: str, when: tuple[int, int]) -> Contribution:
    with at(*when):
        return journey_services.contribute(step=step, participant=guest, kind=kind, text=f"{kind} {when}")


def answer(staff: Any, contribution: Contribution, when: datetime) -> None:
    with time_machine.travel(when, tick=False):
        journey_services.answer(
            actor=staff, contribution=contribution, status=Contribution.Status.ACCEPTED, reason="Yes"
        )


def test_contributions_answered_and_the_median_wait_per_cycle(world: dict[str, Any], staff: Any) -> None:
    renewal, g = world["renewal"], world["guests"]
    step = journey(renewal, staff)
    idea, pain = Contribution.Kind.IDEA, Contribution.Kind.PAIN_POINT
    c1 = contribute(step, g[0], idea, (3, 10))
    c2 = contribute(step, g[1], pain, (3, 10))
    c3 = contribute(step, g[0], pain, (3, 10))
    contribute(step, g[2], idea, (3, 10))  # never answered
    contribute(step, g[3], Contribution.Kind.COMMENT, (3, 10))  # comments are not waiting for answers
    hidden = contribute(step, g[4], idea, (3, 11))
    with at(3, 12):
        journey_services.moderate(actor=staff, contribution=hidden, visibility="hidden", reason="Spam")
    late = contribute(step, g[0], idea, (4, 20))  # answered only after cycle 1 ended
    duplicate = contribute(step, g[2], idea, (3, 15))
    with at(3, 16):
        journey_services.merge(actor=staff, duplicate=duplicate, into=c1)  # counted once, as c1
    answer(staff, c1, datetime(2026, 3, 12, 10, tzinfo=UTC))  # 2 days
    answer(staff, c2, datetime(2026, 3, 14, 10, tzinfo=UTC))  # 4 days
    answer(staff, c3, datetime(2026, 3, 20, 10, tzinfo=UTC))  # 10 days
    with at(3, 20):
        journey_services.rate(step=step, participant=g[5], value=-1)
        journey_services.support(contribution=c1, participant=g[6])
    renewal = next_cycle(renewal, staff)
    answer(staff, late, datetime(2026, 5, 5, 10, tzinfo=UTC))
    d1 = contribute(step, g[0], idea, (5, 10))
    contribute(step, g[7], pain, (5, 10))
    answer(staff, d1, datetime(2026, 5, 10, 22, tzinfo=UTC))  # 12 hours

    with time_machine.travel(READ, tick=False):
        first, second = items_by_key(renewal, 1), items_by_key(renewal, 2)
    # Cycle 1: c1, c2, c3, the unanswered idea and the late one; answered by its end: c1, c2, c3.
    answered = first["journeys.answered"]
    assert (answered.value, answered.total, answered.figure) == (3, 5, "3 / 5")
    assert str(answered.text) == "3 of 5 pain points and ideas answered, median 4 days."
    assert answered.public
    # Wrote (g0, g1, g2, g3, g4), rated (g5), supported (g6): seven people, each once.
    assert first["journeys.reached"].value == 7 and first["journeys.reached"].total is None
    # Cycle 2: d1 and g7's pain point; the late answer to cycle 1's idea is not cycle 2's work.
    answered = second["journeys.answered"]
    assert (answered.value, answered.total) == (1, 2)
    assert str(answered.text) == "1 of 2 pain points and ideas answered, median 12 hours."
    assert second["journeys.reached"].value == 2


def test_conversation_participants_per_cycle(world: dict[str, Any], staff: Any) -> None:
    renewal, g = world["renewal"], world["guests"]
    with at(3, 5):
        conversation = Conversation.objects.create(renewal=renewal, topic="Waiting times")
        s1, s2 = (Statement.objects.create(conversation=conversation, number=n, text=f"S{n}") for n in (1, 2))
        for guest, statement in ((g[0], s1), (g[0], s2), (g[1], s1)):
            Vote.objects.create(conversation=conversation, statement=statement, participant=guest, value=1)
        Statement.objects.create(conversation=conversation, number=3, text="S3", author_participant=g[2])
    renewal = next_cycle(renewal, staff)
    with at(5, 5):
        s4 = Statement.objects.create(conversation=conversation, number=4, text="S4")
        Vote.objects.create(conversation=conversation, statement=s4, participant=g[0], value=-1)
    with time_machine.travel(READ, tick=False):
        first, second = items_by_key(renewal, 1), items_by_key(renewal, 2)
    assert first["conversations.reached"].value == 3  # g0 (twice), g1, and g2 who wrote
    assert second["conversations.reached"].value == 1
    assert not first["conversations.reached"].public


def workshop(renewal: Renewal, day: datetime, people: list[tuple[str, bool]]) -> Workshop:
    w = Workshop.objects.create(
        organisation=renewal.organisation,
        renewal=renewal,
        title=f"Café {day:%m-%d}",
        format=Workshop.Format.WORLD_CAFE,
        starts_at=day,
        ends_at=day + timedelta(hours=3),
    )
    for i, (group, present) in enumerate(people):
        Attendee.objects.create(workshop=w, name=f"Person {i}", group=group, present=present)
    return w


def test_workshop_attendees_by_stakeholder_group(world: dict[str, Any], staff: Any) -> None:
    renewal = next_cycle(world["renewal"], staff)
    workshop(
        renewal,
        datetime(2026, 3, 20, 16, tzinfo=UTC),
        [("Residents", True), ("Residents", True), ("Carers", True), ("", True), ("Carers", False)],
    )
    workshop(renewal, datetime(2026, 4, 2, 16, tzinfo=UTC), [("Providers", True)])
    workshop(renewal, datetime(2026, 5, 20, 16, tzinfo=UTC), [("Residents", True)])
    with time_machine.travel(READ, tick=False):
        first, second = items_by_key(renewal, 1), items_by_key(renewal, 2)
    reached = first["workshops.reached"]
    assert reached.value == 5  # the absent carer is not counted
    assert str(reached.text) == "5 attendees at 2 workshops, from 3 stakeholder groups."
    assert [(str(r.label), r.figure) for r in reached.rows] == [
        ("Residents", "2"),
        ("no group given", "1"),
        ("Carers", "1"),
        ("Providers", "1"),
    ]
    assert second["workshops.reached"].value == 1
    assert not reached.public


def test_panel_quotas_met_of_the_panel_drawn_in_the_cycle(
    world: dict[str, Any], staff: Any, org_admin: Any
) -> None:
    renewal = world["renewal"]
    with at(3, 3):
        panel = panel_services.create_panel(
            actor=org_admin,
            organisation=renewal.organisation,
            title="Jury",
            purpose="p",
            size=4,
            retention_until=date(2026, 12, 31),
            renewal=renewal,
        )
        panel_services.set_quotas(actor=org_admin, panel=panel, text="Age: young = 1-3\nAge: old = 1-3\n")
        panel_services.import_pool(
            actor=org_admin,
            panel=panel,
            table=[["name", "email", "Age"]]
            + [[f"V{i}", f"v{i}@x.org", ("young", "old")[i % 2]] for i in range(10)],
        )
    with at(3, 20):
        Selection.objects.create(panel=panel, seed="s", state=Selection.State.DONE)
    young = [v for v in panel.volunteers.order_by("created_at", "pk") if v.answers["Age"] == "young"]
    old = [v for v in panel.volunteers.order_by("created_at", "pk") if v.answers["Age"] == "old"]
    statuses = [Volunteer.Status.SELECTED, Volunteer.Status.SELECTED, Volunteer.Status.CONFIRMED]
    for volunteer, status in zip(young, statuses, strict=False):
        Volunteer.objects.filter(pk=volunteer.pk).update(status=status)
    Volunteer.objects.filter(pk=old[0].pk).update(status=Volunteer.Status.DECLINED)
    renewal = next_cycle(renewal, staff)
    with time_machine.travel(READ, tick=False):
        first, second = items_by_key(renewal, 1), items_by_key(renewal, 2)
    quotas = first["panels.quotas"]
    assert (quotas.value, quotas.total) == (1, 2)  # 3 young within 1–3; 0 old below 1
    assert str(quotas.text) == "1 of 2 quotas met; 3 of 4 seats filled (1 panel)."
    assert [(r.met, str(r.figure)) for r in quotas.rows] == [
        (True, "3 on the panel (quota 1–3)"),
        (False, "0 on the panel (quota 1–3)"),
    ]
    assert "panels.quotas" not in second  # drawn in cycle 1


def commitment(renewal: Renewal, deadline: date, status: str, done: datetime | None = None) -> None:
    Commitment.objects.create(
        renewal=renewal,
        title=f"C {deadline}",
        organisation=renewal.organisation,
        deadline=deadline,
        status=status,
        drop_reason="No money" if status == Commitment.Status.DROPPED else "",
        completed_at=done,
    )


def test_commitments_kept_on_time_of_those_due_in_the_cycle(world: dict[str, Any], staff: Any) -> None:
    renewal = next_cycle(world["renewal"], staff)
    done, planned, dropped = Commitment.Status.DONE, Commitment.Status.PLANNED, Commitment.Status.DROPPED
    commitment(renewal, date(2026, 3, 20), done, datetime(2026, 3, 18, 10, tzinfo=UTC))  # kept
    commitment(renewal, date(2026, 3, 25), done, datetime(2026, 3, 30, 10, tzinfo=UTC))  # late
    commitment(renewal, date(2026, 4, 10), planned)  # still open, past its deadline
    commitment(renewal, date(2026, 4, 15), dropped)
    # Done on its deadline's day in Ljubljana (23:30 local), though already the next day nowhere.
    commitment(renewal, date(2026, 4, 30), done, datetime(2026, 4, 30, 21, 30, tzinfo=UTC))
    commitment(renewal, date(2026, 5, 20), done, datetime(2026, 5, 10, 10, tzinfo=UTC))  # cycle 2, kept
    commitment(renewal, date(2026, 7, 1), planned)  # not due yet: counted nowhere
    with time_machine.travel(READ, tick=False):
        first, second = items_by_key(renewal, 1), items_by_key(renewal, 2)
    kept = first["commitments.kept"]
    assert (kept.value, kept.total) == (2, 5)
    assert str(kept.text) == "2 of 5 commitments due in this cycle kept on time. 1 was dropped."
    assert (second["commitments.kept"].value, second["commitments.kept"].total) == (1, 1)
    assert not kept.public


def assessed(renewal: Renewal, staff: Any, guests: list[Any], organisers: int, participants: int) -> Any:
    assessment = services.open_assessment(actor=staff, renewal=renewal)
    if organisers:
        services.answer_as_organiser(
            assessment=assessment, user=staff, answers=all_answers(assessment.organisers, 2), submit=True
        )
    for guest in guests[:participants]:
        services.answer_as_participant(
            assessment=assessment,
            participant=guest,
            answers=all_answers(assessment.participants, 0),
            submit=True,
        )
    return assessment


def test_participants_ratings_beside_the_organisers(world: dict[str, Any], staff: Any) -> None:
    assessment: QualityAssessment = assessed(world["renewal"], staff, world["guests"], 1, 3)
    items = {item.key: item for item in evidence.of_assessment(assessment)}
    answers = items["quality.answers"]
    assert answers.value == 3
    assert str(answers.text).startswith("3 participants and 1 organiser answered Co-Master. Overall: ")
    root = selectors.two_views(assessment).rows[0]
    assert f"participants {root.participants.label} ({root.participants.score:.0f})" in str(answers.text)
    # Nothing but the public items on a public page.
    assert all(item.public for item in evidence.of_assessment(assessment, public=True))
    assert {i.key for i in evidence.of_assessment(assessment, public=True)} < set(items)


def test_every_room_with_work_has_its_hook() -> None:
    modules = {hook.__module__ for hook in evidence.hooks()}
    assert modules == {
        f"cocreate.{room}.cycle_evidence"
        for room in ("journeys", "conversations", "workshops", "panels", "commitments")
    }


def test_the_running_cycle_ends_now(world: dict[str, Any]) -> None:
    with time_machine.travel(READ, tick=False):
        (only,) = evidence.windows(world["renewal"])
        assert only.ended_at == timezone.now() and only.is_current and only.number == 1
