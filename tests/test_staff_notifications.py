"""Staff are told what citizens did (issue 16): every room's `notify.py` over the audit signal
(notifications/staff.py, decision 0018). About several rooms, so it lives here."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import GuestParticipantFactory, member
from cocreate.commitments import services as commitment_services
from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.conversations import services as conversation_services
from cocreate.conversations.models import Conversation
from cocreate.core import audit
from cocreate.core.models import AuditEntry
from cocreate.journeys import selectors as journey_selectors
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import BlockedWord
from cocreate.notifications import services as notification_services
from cocreate.notifications import staff as staff_telling
from cocreate.notifications.models import Delivery, Kind, Notification, PendingTell, TellingQueued, Told
from cocreate.notifications.staff import on_recorded, tell_staff
from cocreate.panels import services as panel_services
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(org: Any, staff: Any) -> Any:
    return member(org, Role.STAFF, email="tina@lipovec.example", full_name="Tina Team")


@pytest.fixture
def journey(org: Any, staff: Any, team: Any, other_admin: Any) -> Any:
    renewal = RenewalFactory(service__organisation=org, title="Home care")
    # Someone of another organisation on the team (a mistake, or a former partner): never told.
    renewal.team.add(staff, team, other_admin)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Finding out")
    journey_services.add_step(actor=staff, stage=stage, title="Calls the municipality")
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


def contribute(journey: Any, text: str = "The line is always busy", participant: Any = None) -> Any:
    step = journey_selectors.live_steps(journey)[0]
    return journey_services.contribute(
        step=step, participant=participant or GuestParticipantFactory(), kind="pain_point", text=text
    )


def rows(user: Any) -> list[Notification]:
    return list(Notification.objects.filter(user=user))


def test_a_new_contribution_tells_the_renewal_team_and_no_one_else(
    journey: Any, staff: Any, team: Any, org_admin: Any, other_admin: Any, outsider: Any
) -> None:
    contribution = contribute(journey)
    for person in (staff, team):
        (told,) = rows(person)
        assert told.kind == Kind.CONTRIBUTIONS
        assert told.text == "A new contribution on “Getting home care”"
        assert told.link == f"/journeys/maps/{journey.pk}/triage/"
    # Not another organisation's admin (on the team or not), not staff outside the team, not anyone.
    assert rows(other_admin) == rows(org_admin) == rows(outsider) == []
    entry = AuditEntry.objects.get(action="contribution.add")
    assert entry.organisation_id == journey.renewal.organisation_id and entry.actor_id is None
    assert Told.objects.filter(entry=entry).count() == 2
    assert entry.message == "A service user sent a pain point"
    assert contribution.text not in entry.summary  # the log names kinds, never the words


def test_the_actor_is_never_told_of_their_own_act(journey: Any, staff: Any, team: Any) -> None:
    contribution = contribute(journey)
    Notification.objects.all().delete()
    audit.record(actor=staff, action="contribution.add", target=contribution, params={"k": "pain_point"})
    assert rows(staff) == [] and len(rows(team)) == 1


def test_a_renewal_without_a_team_tells_the_organisations_staff(
    org: Any, staff: Any, org_admin: Any, facilitator: Any, other_admin: Any
) -> None:
    renewal = RenewalFactory(service__organisation=org)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Parking permits")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Apply")
    journey_services.add_step(actor=staff, stage=stage, title="Fills in the form")
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    contribute(journey)
    assert len(rows(staff)) == len(rows(org_admin)) == 1
    assert rows(facilitator) == rows(other_admin) == []


def test_many_contributions_coalesce_into_one_unread_row(journey: Any, team: Any) -> None:
    for n in range(12):
        contribute(journey, text=f"Problem number {n}")
    (row,) = rows(team)
    assert row.count == 12 and row.text == "12 new contributions on “Getting home care”"
    assert Told.objects.filter(user=team, notification=row).count() == 12
    notification_services.mark_read(user=team)
    contribute(journey, text="One more after reading")
    fresh = Notification.objects.get(user=team, read_at__isnull=True)
    assert fresh.pk != row.pk and fresh.count == 1
    # Held for moderation: its own row, so it is not lost among the published ones.
    BlockedWord.objects.create(organisation=journey.renewal.organisation, word="idiots")
    contribute(journey, text="They are idiots")
    held = Notification.objects.get(user=team, read_at__isnull=True, text__contains="moderation")
    assert held.text == "A contribution on “Getting home care” waits for moderation"


def test_each_event_is_told_once_even_if_dispatched_again(journey: Any, team: Any) -> None:
    contribution = contribute(journey)
    entry = AuditEntry.objects.get(action="contribution.add")
    on_recorded(sender=AuditEntry, entry=entry, target=contribution)
    tell_staff.call(str(entry.pk))  # the worker runs a task twice (a retry after a crash)
    (row,) = rows(team)
    assert row.count == 1 and Told.objects.filter(user=team).count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}, STAFF_TELL_GATHER_SECONDS=2
)
def test_the_worker_tells_a_burst_in_one_go_and_the_citizens_do_not_wait(journey: Any, team: Any) -> None:
    """As production runs it: each contribution puts its event in the outbox in its own transaction;
    the first queues a telling, which waits to gather the burst and tells it all, once."""
    before = timezone.now()
    for n in range(3):
        contribute(journey, text=f"Problem {n}")
    assert rows(team) == []
    queued = DBTaskResult.objects.filter(task_path="cocreate.notifications.staff.tell_staff")
    assert queued.count() == 1 and PendingTell.objects.count() == 3  # one run for the burst
    run = queued.get()
    assert run.run_after >= before + timedelta(seconds=2)  # it waits for the rest of the burst
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=True):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    (row,) = rows(team)
    assert row.count == 3 and row.text == "3 new contributions on “Getting home care”"
    assert Told.objects.filter(user=team, notification=row).count() == 3
    assert PendingTell.objects.count() == 0
    assert set(queued.values_list("status", flat=True)) == {"SUCCESSFUL"}
    contribute(journey, text="After the run")  # nothing queued any more: the next run is queued
    assert queued.count() == 2 and TellingQueued.objects.get().queued_at is not None


def test_one_run_tells_the_whole_outbox_in_one_row_per_person(journey: Any, staff: Any, team: Any) -> None:
    """The runs queued meanwhile find the outbox empty: twenty ideas are one update of each
    person's row, not twenty."""
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        for n in range(20):
            contribute(journey, text=f"Problem {n}")
        assert PendingTell.objects.count() == 20 and rows(team) == []
        with CaptureQueriesContext(connection) as queries:
            tell_staff.call()
        updates = [q for q in queries if q["sql"].startswith('UPDATE "notifications_notification"')]
        inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "notifications_notification"')]
        assert len(updates) == 0 and len(inserts) == 2  # staff and team: one new row each
        # What the rule looks up is shared by the burst: the ideas in one query, their map and the
        # renewal's team once, not once per idea.
        reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
        assert len([q for q in reads if q.startswith('SELECT "journeys_contribution"')]) == 1
        assert len([q for q in reads if 'FROM "journeys_journeymap"' in q]) == 1
        assert len([q for q in reads if "renewals_renewal_team" in q]) == 1
        for person in (staff, team):
            (row,) = rows(person)
            assert row.count == 20 and Told.objects.filter(user=person).count() == 20
        assert PendingTell.objects.count() == 0
        with CaptureQueriesContext(connection) as queries:
            tell_staff.call()  # a second run (one queued again as lost, say) finds nothing to tell
        assert not [q for q in queries if "notifications_notification" in q["sql"]]
        assert rows(team)[0].count == 20


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}})
def test_a_burst_queues_one_run_and_the_next_event_after_it_began_the_next(journey: Any, team: Any) -> None:
    """One run per burst, not one per event: the events written while a run is queued queue none
    (under a steady stream the worker's busiest work was a run per event, most of them finding
    nothing left to tell). The run clears the marker before it takes the outbox, so an event after
    that queues the next run, and nothing waits for a later event."""
    queued = DBTaskResult.objects.filter(task_path="cocreate.notifications.staff.tell_staff")
    for n in range(3):
        contribute(journey, text=f"Problem {n}")
    assert queued.count() == 1 and PendingTell.objects.count() == 3
    tell_staff.call()
    assert rows(team)[0].count == 3 and TellingQueued.objects.get().queued_at is None
    contribute(journey, text="Problem 3")
    contribute(journey, text="Problem 4")
    assert queued.count() == 2 and PendingTell.objects.count() == 2
    tell_staff.call()
    (row,) = rows(team)
    assert row.count == 5 and Told.objects.filter(user=team).count() == 5
    assert PendingTell.objects.count() == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}})
def test_a_run_queued_long_ago_is_taken_as_lost_and_the_next_event_queues_another(
    journey: Any, team: Any
) -> None:
    queued = DBTaskResult.objects.filter(task_path="cocreate.notifications.staff.tell_staff")
    contribute(journey, text="Problem 0")
    contribute(journey, text="Problem 1")
    assert queued.count() == 1
    TellingQueued.objects.update(
        queued_at=timezone.now() - staff_telling.TELLING_LOST_AFTER - timedelta(seconds=1)
    )
    contribute(journey, text="Problem 2")  # the worker died with the first run: another is queued
    assert queued.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_event_that_saw_the_run_queued_is_told_by_it_even_while_the_run_begins(
    journey: Any, team: Any
) -> None:
    """The race one run per burst must not lose: an event finds the run queued (so queues none) and
    commits only after the run has begun. The run's clearing waits for the event's lock on the
    marker, so the outbox it takes holds the event."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers (the event holds the database); this runs on PostgreSQL in CI")
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        contribute(journey, text="Problem 0")  # queues the run
        assert TellingQueued.objects.get().queued_at is not None
        written, committed, run_began = threading.Event(), threading.Event(), threading.Event()
        when: dict[str, float] = {}

        def citizen() -> None:
            try:
                with transaction.atomic():
                    contribute(journey, text="Problem 1")  # sees the run queued, holds the marker
                    written.set()
                    run_began.wait(5)
                    time.sleep(0.5)  # the run's clearing is waiting for this transaction
                    when["committed"] = time.monotonic()
                committed.set()
            finally:
                connection.close()

        def worker() -> None:
            try:
                written.wait(5)
                when["run_began"] = time.monotonic()
                run_began.set()
                tell_staff.call()
                when["run_ended"] = time.monotonic()
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=2) as pool:
            for done in [pool.submit(citizen), pool.submit(worker)]:
                done.result()
    assert when["run_began"] < when["committed"] < when["run_ended"]
    (row,) = rows(team)
    assert row.count == 2 and PendingTell.objects.count() == 0


def test_immediate_email_once_per_unread_row_in_the_persons_language(
    journey: Any, team: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    team.language = "sl"
    team.save()
    notification_services.set_preferences(user=team, deliveries={Kind.CONTRIBUTIONS: Delivery.IMMEDIATELY})
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            contribute(journey, text=f"Issue {n}")
    assert [m.to for m in mailoutbox] == [[team.email]]
    assert "Getting home care" in mailoutbox[0].body and "/notifications/unsubscribe/" in mailoutbox[0].body
    notification_services.mark_read(user=team)
    with django_capture_on_commit_callbacks(execute=True):
        contribute(journey, text="After reading")
    assert len(mailoutbox) == 2


def test_a_rolled_back_contribution_tells_nobody(journey: Any, team: Any) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        contribute(journey)
        raise RuntimeError("the request failed after the write")
    assert rows(team) == []


def test_participants_statements_tell_the_team_and_organisers_statements_do_not(
    journey: Any, staff: Any, team: Any
) -> None:
    conversation = conversation_services.create_conversation(
        actor=staff,
        renewal=journey.renewal,
        topic="Opening hours",
        moderation=Conversation.Moderation.BEFORE,
        seed_statements=["Open on Saturdays"],
    )
    conversation_services.add_statement(conversation=conversation, text="Staff add this", author_user=staff)
    assert rows(team) == []
    conversation_services.add_statement(
        conversation=conversation, text="Open late on Thursdays", author_participant=GuestParticipantFactory()
    )
    (row,) = rows(team)
    assert row.text == "A statement in “Opening hours” waits for moderation"
    assert row.link == f"/conversations/{conversation.pk}/"


def test_panel_and_workshop_registrations_tell_the_organisations_staff(
    org: Any, staff: Any, team: Any, other_admin: Any
) -> None:
    panel = panel_services.create_panel(
        actor=staff,
        organisation=org,
        title="Jury on home care",
        purpose="x",
        size=6,
        retention_until=timezone.localdate() + timedelta(days=30),
    )
    panel_services.set_quotas(actor=staff, panel=panel, text="Gender: woman = 50%\nGender: man = 50%\n")
    panel_services.set_options(actor=staff, panel=panel, registration_open=True, is_public=False)
    for n, gender in enumerate(["woman", "man", "woman"]):
        panel_services.register(
            panel=panel,
            contact={"name": f"P{n}", "email": f"p{n}@example.org"},
            household="",
            answers={"Gender": gender},
        )
    (row,) = rows(team)
    assert row.kind == Kind.REGISTRATIONS and row.count == 3
    assert row.text == "3 new volunteers registered for the panel “Jury on home care”"
    assert len(rows(staff)) == 1  # the staff who set the panel up did not register: told too
    start = timezone.now() + timedelta(days=3)
    workshop = workshop_services.create_workshop(
        actor=staff,
        organisation=org,
        title="Café",
        format="world_cafe",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    workshop_services.register(
        workshop=workshop, participant=GuestParticipantFactory(), name="Mo", group="users"
    )
    assert (
        Notification.objects.filter(user=team, text="A new registration for the workshop “Café”").count() == 1
    )
    assert rows(other_admin) == []


def test_a_commitment_falling_due_tells_the_team_and_the_responsible_in_app(
    org: Any, staff: Any, team: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    renewal = RenewalFactory(service__organisation=org)
    renewal.team.add(team)
    CommitmentFactory(
        renewal=renewal, responsible=staff, title="Call back within a day", deadline=date(2026, 9, 1)
    )
    for person in (staff, team):
        notification_services.set_preferences(
            user=person, deliveries={Kind.COMMITMENTS_DUE: Delivery.IMMEDIATELY}
        )
    with time_machine.travel(date(2026, 8, 28), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert commitment_services.send_commitment_reminders() == 1
        assert commitment_services.send_commitment_reminders() == 0
    assert [r.text for r in rows(team)] == ["Due on 2026-09-01: “Call back within a day”"]
    (responsible,) = rows(staff)
    assert responsible.email_status == Notification.EmailStatus.NONE  # the reminder e-mailed them already
    assert sorted(m.to[0] for m in mailoutbox) == sorted([staff.email, team.email])


@pytest.mark.django_db(transaction=True)
def test_parallel_contributions_keep_one_unread_row_with_every_event_counted(
    org: Any, staff: Any, team: Any, other_admin: Any
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; this runs on PostgreSQL in CI")
    renewal = RenewalFactory(service__organisation=org)
    renewal.team.add(team)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="J")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="S")
    step = journey_services.add_step(actor=staff, stage=stage, title="T")
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    people = [GuestParticipantFactory() for _ in range(10)]

    def send(n: int) -> None:
        journey_services.contribute(step=step, participant=people[n], kind="idea", text=f"Idea {n}")
        connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(send, range(10)))
    (row,) = Notification.objects.filter(user=team)
    assert row.count == 10 and Told.objects.filter(user=team).count() == 10


@pytest.mark.django_db(transaction=True)
def test_two_workers_telling_at_once_take_different_events(
    journey: Any, team: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch's outbox rows are locked and skipped by the other teller: every event is told
    once, whichever worker took it."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; this runs on PostgreSQL in CI")
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        for n in range(40):
            contribute(journey, text=f"Problem {n}")
    monkeypatch.setattr(staff_telling, "DRAIN_BATCH", 3)  # many small batches, interleaved

    def one_worker(_: int) -> int:
        try:
            return staff_telling.drain()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        taken = list(pool.map(one_worker, range(2)))
    assert sum(taken) == 40
    (row,) = rows(team)
    assert row.count == 40 and Told.objects.filter(user=team).count() == 40
    assert PendingTell.objects.count() == 0


def test_a_rule_that_fails_on_one_event_holds_back_none_of_the_others(
    journey: Any, team: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The batch is told without the bad event (logged), and nothing is left in the outbox to fail
    every later run."""
    rule = staff_telling.registry.get("contribution.add")
    assert rule is not None

    def fails_on_one(entry: Any, target: Any) -> Any:
        if target is not None and target.text == "Problem 1":
            raise RuntimeError("a bug in a room's rule")
        return rule(entry, target)

    monkeypatch.setitem(staff_telling.registry.rules, "contribution.add", fails_on_one)
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        for n in range(3):
            contribute(journey, text=f"Problem {n}")
        tell_staff.call()
    (row,) = rows(team)
    assert row.count == 2 and PendingTell.objects.count() == 0
    assert "telling staff of contribution.add" in caplog.text and "Problem 1" not in caplog.text
