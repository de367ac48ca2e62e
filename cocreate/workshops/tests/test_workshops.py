from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import planning, services
from cocreate.workshops.models import Attendee, Seat, Workshop

pytestmark = pytest.mark.django_db
GROUPS = ["users", "staff", "ngo", "family", "experts"]


def cafe(org, staff, people=30, **extra):
    start = timezone.now() + timedelta(days=3)
    workshop = services.create_workshop(
        actor=staff,
        organisation=org,
        title="Café",
        format="world_cafe",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        tables_count=6,
        table_size=5,
        **extra,
    )
    lines = [f"Person {n}; {GROUPS[n % 5]}" + (f"; host {n + 1}" if n < 6 else "") for n in range(people)]
    services.add_people(actor=staff, workshop=workshop, text="\n".join(lines))
    return workshop


def test_templates_give_a_script_and_rounds(org, staff):
    workshop = cafe(org, staff)
    assert workshop.script.count() == 6 and workshop.rounds.count() == 3


def test_people_lines_are_checked(org, staff):
    workshop = cafe(org, staff, people=0)
    with pytest.raises(ValidationError) as error:
        services.add_people(
            actor=staff, workshop=workshop, text="Ana; users; host 99\n; staff\nBo; ngo; hots 2"
        )
    assert [m.split(":")[0] for m in error.value.messages] == ["Line 1", "Line 2", "Line 3"]
    assert not workshop.attendees.exists()


def test_rotation_has_no_repeats_hosts_stay_and_groups_mix(org, staff):
    workshop = cafe(org, staff)
    plan = planning.plan_rotation(actor=staff, workshop=workshop)
    assert plan.metrics.repeated_pairs == 0 and plan.metrics.min_distinct_groups >= 4
    for host in workshop.attendees.exclude(host_table=None):
        assert set(Seat.objects.filter(attendee=host).values_list("table", flat=True)) == {host.host_table}


def test_live_rounds_are_held_and_replanning_keeps_them(org, staff):
    workshop = cafe(org, staff)
    planning.plan_rotation(actor=staff, workshop=workshop)
    services.start_or_advance(actor=staff, workshop=workshop)
    first = sorted(Seat.objects.filter(workshop=workshop, round_number=1).values_list("attendee_id", "table"))
    leaving = workshop.attendees.filter(host_table=None).first()
    services.set_present(actor=staff, attendee=leaving, present=False)
    services.add_people(actor=staff, workshop=workshop, text="Late Larry; users")
    planning.plan_rotation(actor=staff, workshop=workshop)
    assert (
        sorted(Seat.objects.filter(workshop=workshop, round_number=1).values_list("attendee_id", "table"))
        == first
    )
    later = Seat.objects.filter(workshop=workshop, round_number=2)
    assert not later.filter(attendee=leaving).exists()
    assert later.filter(attendee__name="Late Larry").exists()


def test_open_registration_counts_once_and_respects_capacity(org, staff):
    workshop = cafe(org, staff, people=0, capacity=2)
    guest = GuestParticipantFactory()
    first = services.register(workshop=workshop, participant=guest, name="Mo", group="users")
    assert services.register(workshop=workshop, participant=guest, name="Mo", group="users") == first
    services.register(workshop=workshop, participant=GuestParticipantFactory(), name="Jo", group="ngo")
    with pytest.raises(ValidationError):
        services.register(workshop=workshop, participant=GuestParticipantFactory(), name="Too many", group="")


def test_open_space_marketplace_to_schedule(org, staff):
    start = timezone.now() + timedelta(days=3)
    workshop = services.create_workshop(
        actor=staff,
        organisation=org,
        title="OS",
        format="open_space",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
    )
    services.add_people(actor=staff, workshop=workshop, text="\n".join(f"P{n}; users" for n in range(12)))
    people = list(workshop.attendees.all())
    sessions = [
        services.propose_session(workshop=workshop, convener=people[n], title=f"Session {n}")
        for n in range(6)
    ]
    for n, person in enumerate(people):
        for session in sessions[n % 3 : n % 3 + 3]:
            services.add_interest(session=session, attendee=person)
    plan = planning.schedule(actor=staff, workshop=workshop)
    assert not plan.unscheduled
    placed = list(workshop.sessions.values_list("convener_id", "slot_id"))
    assert len(placed) == len(set(placed))  # no convener in two places at once
    workshop.refresh_from_db()
    assert workshop.schedule_metrics["satisfaction_mean"] > 0


def test_harvest_becomes_an_idea_in_the_journey(org, staff):
    renewal = RenewalFactory(service__organisation=org)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="J")
    step = journey_services.add_step(
        actor=staff, stage=journey_services.add_stage(actor=staff, journey=journey, title="S"), title="T"
    )
    workshop = cafe(org, staff, renewal=renewal)
    note = services.add_note(
        actor=staff, workshop=workshop, text="Call people back the same day", round_number=1, table=2
    )
    idea = services.note_to_idea(actor=staff, note=note, step=step)
    assert idea.kind == Contribution.Kind.IDEA and idea.step == step
    with pytest.raises(ValidationError):
        services.add_note(actor=staff, workshop=workshop, text="   ")


def test_ics_is_valid_icalendar(org, staff):
    workshop = cafe(org, staff, people=0)
    Workshop.objects.filter(pk=workshop.pk).update(title="Café; with, commas", accessibility="x" * 200)
    workshop.refresh_from_db()
    text = Client().get(reverse("workshops_public:ics", args=[workshop.pk])).content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VEVENT" in lines and text.endswith("\r\n")
    assert "SUMMARY:Café\\; with\\, commas" in text
    assert all(len(line.encode()) <= 75 for line in lines)


def test_joining_live_on_a_phone_and_other_organisations(org, staff, other_admin, as_user):
    workshop = cafe(org, staff, people=0)
    client = Client()
    url = reverse("workshops_public:join", args=[workshop.pk])
    assert client.post(url, {"name": "", "group": ""}).status_code == 200
    assert client.post(url, {"name": "Mo", "group": "users"}).status_code == 302
    assert Attendee.objects.filter(workshop=workshop, name="Mo").exists()
    assert as_user(other_admin).get(reverse("workshops:workshop", args=[workshop.pk])).status_code == 404


def test_a_panel_becomes_the_participant_list_and_the_log_gets_a_summary(
    org, staff, django_capture_on_commit_callbacks
):
    from cocreate.core.models import AuditEntry
    from cocreate.panels import services as panel_services

    panel = panel_services.create_panel(
        actor=staff,
        organisation=org,
        title="Jury",
        purpose="p",
        size=4,
        retention_until=timezone.localdate() + timedelta(days=9),
    )
    panel_services.set_quotas(actor=staff, panel=panel, text="Age: young = 1-3\nAge: old = 1-3\n")
    panel_services.import_pool(
        actor=staff,
        panel=panel,
        table=[["name", "Age"]] + [[f"V{n}", ["young", "old"][n % 2]] for n in range(10)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        panel_services.announce_draw(actor=staff, panel=panel, draw_at=timezone.now(), seed_source="test")
        panel_services.start_selection(actor=staff, panel=panel, seed="seed-seed")
    workshop = cafe(org, staff, people=0)
    added = services.add_panel_members(actor=staff, workshop=workshop, panel=panel)
    assert len(added) == 4 and {a.group for a in added} <= {"young", "old"}
    services.start_or_advance(actor=staff, workshop=workshop)
    services.stop_live(actor=staff, workshop=workshop)
    assert AuditEntry.objects.filter(action="workshop.held").exists()
