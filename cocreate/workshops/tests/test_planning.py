"""The rotation and the schedule are made by the background worker: queued once, solved outside any
transaction, written in one short transaction (re-solved if the people changed meanwhile), and the
page says "planning…" until the result is there — or why there is none."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.engines import tables
from cocreate.workshops import planning, services
from cocreate.workshops.models import Attendee, Workshop
from cocreate.workshops.tests.test_workshops import cafe

pytestmark = pytest.mark.django_db


def test_a_request_queues_one_run_which_writes_the_plan(
    org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    workshop = cafe(org, staff, people=12)
    with django_capture_on_commit_callbacks() as queued:
        assert services.request_planning(actor=staff, workshop=workshop)
        assert not services.request_planning(actor=staff, workshop=workshop)  # a double click
    assert len(queued) == 1
    assert workshop.is_planning
    queued[0]()  # the immediate task backend: the worker's run
    workshop.refresh_from_db()
    assert not workshop.is_planning and not workshop.planning_error
    assert workshop.plan_metrics["repeated_pairs"] == 0
    assert workshop.seats.filter(round_number=3).count() == 12


def test_a_lost_run_can_be_asked_for_again(
    org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    workshop = cafe(org, staff, people=12)
    Workshop.objects.filter(pk=workshop.pk).update(
        planning_requested_at=timezone.now() - services.PLANNING_STALE_AFTER - timedelta(minutes=1)
    )
    workshop.refresh_from_db()
    with django_capture_on_commit_callbacks() as queued:
        assert services.request_planning(actor=staff, workshop=workshop)
    assert len(queued) == 1


def test_what_is_missing_is_said_at_once_and_nothing_is_queued(
    org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    workshop = cafe(org, staff, people=1)
    with (
        django_capture_on_commit_callbacks() as queued,
        pytest.raises(ValidationError, match="two participants"),
    ):
        services.request_planning(actor=staff, workshop=workshop)
    assert not queued
    workshop.refresh_from_db()
    assert not workshop.is_planning


def test_a_run_that_cannot_plan_leaves_the_reason_not_a_spinner(org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=12)
    Workshop.objects.filter(pk=workshop.pk).update(planning_requested_at=timezone.now())
    workshop.attendees.exclude(pk=workshop.attendees.first().pk).update(present=False)  # type: ignore[union-attr]
    planning.make_plan(workshop_id=str(workshop.pk), actor_id=str(staff.pk))
    workshop.refresh_from_db()
    assert not workshop.is_planning
    assert "two participants" in workshop.planning_error


def test_people_who_arrive_while_the_engine_searches_are_seated(
    org: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop = cafe(org, staff, people=12)
    solve = tables.plan_rotation
    calls = []

    def arrives_during_the_first_search(problem: tables.RotationProblem) -> tables.RotationPlan:
        calls.append(len(problem.participants))
        if len(calls) == 1:
            Attendee.objects.create(workshop=workshop, name="Late Lara", group="users")
        return solve(problem)

    monkeypatch.setattr(tables, "plan_rotation", arrives_during_the_first_search)
    planning.plan_rotation(actor=staff, workshop=workshop)
    assert calls == [12, 13]
    assert workshop.seats.filter(attendee__name="Late Lara").count() == 3


def test_the_page_says_planning_and_polls_until_the_plan_is_there(org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=12)
    Workshop.objects.filter(pk=workshop.pk).update(planning_requested_at=timezone.now())
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("workshops:workshop", args=[workshop.pk])).content.decode()
    assert "Planning the table rotation…" in page and 'hx-trigger="every 2s"' in page
    planning.plan_rotation(actor=staff, workshop=workshop)
    part = client.get(reverse("workshops:plan", args=[workshop.pk])).content.decode()
    assert "Planning" not in part and "hx-get" not in part and "repeated meetings" in part
