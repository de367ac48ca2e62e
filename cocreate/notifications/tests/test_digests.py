"""Digests by frequency, the preferences page, and the scheduler that runs the jobs (decision 0018)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.notifications import selectors, services
from cocreate.notifications.models import STAFF_KINDS, Delivery, Digest, Kind, Notification
from cocreate.notifications.schedule import Scheduler

pytestmark = pytest.mark.django_db
LJUBLJANA = ZoneInfo("Europe/Ljubljana")
WEDNESDAY = datetime(2026, 12, 2, 7, 5, tzinfo=LJUBLJANA)
THURSDAY = datetime(2026, 12, 3, 7, 5, tzinfo=LJUBLJANA)
NEXT_MONDAY = datetime(2026, 12, 7, 7, 5, tzinfo=LJUBLJANA)


def digests(capture: Any) -> int:
    with capture(execute=True):
        return services.send_digests()


def subjects(outbox: list) -> list[str]:
    return [m.subject for m in outbox]


def test_daily_and_weekly_digests_each_go_once_per_period(
    outsider: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_preferences(
        user=outsider, deliveries={Kind.EVENTS: Delivery.DAILY, Kind.NEWSLETTER: Delivery.WEEKLY}
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        services.notify(user=outsider, kind=Kind.EVENTS, text="Event moved")
        services.notify(user=outsider, kind=Kind.NEWSLETTER, text="New issue")
        assert digests(django_capture_on_commit_callbacks) == 2  # the first run of the week sends both
        assert digests(django_capture_on_commit_callbacks) == 0  # the same day again: nothing
    daily = next(m for m in mailoutbox if "weekly" not in m.subject)
    weekly = next(m for m in mailoutbox if "weekly" in m.subject)
    assert "Event moved" in daily.body and "New issue" not in daily.body
    assert "New issue" in weekly.body and "/notifications/unsubscribe/" in weekly.body
    with time_machine.travel(THURSDAY, tick=False):
        services.notify(user=outsider, kind=Kind.EVENTS, text="Event full")
        services.notify(user=outsider, kind=Kind.NEWSLETTER, text="Another issue")
        assert digests(django_capture_on_commit_callbacks) == 1  # the day's; the week's went already
    assert "Event full" in mailoutbox[-1].body and "Another issue" not in mailoutbox[-1].body
    assert Notification.objects.get(text="Another issue").email_status == Notification.EmailStatus.PENDING
    with time_machine.travel(NEXT_MONDAY, tick=False):
        assert digests(django_capture_on_commit_callbacks) == 1
    assert "weekly" in mailoutbox[-1].subject and "Another issue" in mailoutbox[-1].body
    assert len(mailoutbox) == 4
    assert set(Digest.objects.values_list("frequency", "period")) == {
        (Delivery.DAILY, WEDNESDAY.date()),
        (Delivery.WEEKLY, datetime(2026, 11, 30).date()),
        (Delivery.DAILY, THURSDAY.date()),
        (Delivery.WEEKLY, NEXT_MONDAY.date()),
    }


def test_a_kind_switched_to_immediate_or_off_leaves_the_digest(
    outsider: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_preferences(user=outsider, deliveries={Kind.EVENTS: Delivery.WEEKLY})
    services.notify(user=outsider, kind=Kind.EVENTS, text="Queued")
    services.set_preferences(user=outsider, deliveries={Kind.EVENTS: Delivery.IMMEDIATELY})
    assert digests(django_capture_on_commit_callbacks) == 0 and mailoutbox == []
    assert Notification.objects.get().email_status == Notification.EmailStatus.NONE


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_one_digest(mailoutbox: list) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; this runs on PostgreSQL in CI")
    people = [UserFactory() for _ in range(3)]
    for person in people:
        services.set_preferences(user=person, deliveries={Kind.EVENTS: Delivery.DAILY})
        services.notify(user=person, kind=Kind.EVENTS, text="Something")

    def run(_: int) -> int:
        try:
            return services.send_digests()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert sum(pool.map(run, range(4))) == 3
    assert Digest.objects.count() == 3
    assert Notification.objects.filter(email_status=Notification.EmailStatus.SENT).count() == 3


@override_settings(SCHEDULE={"send_digests": "0 7 * * *", "send_commitment_reminders": "0 6 * * *"})
def test_the_schedule_runs_each_job_at_its_time_and_a_second_run_sends_nothing(
    outsider: Any, mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    services.set_preferences(user=outsider, deliveries={Kind.EVENTS: Delivery.DAILY})
    services.notify(user=outsider, kind=Kind.EVENTS, text="Event moved")
    early = datetime(2026, 12, 2, 6, 30, tzinfo=LJUBLJANA)
    scheduler = Scheduler(now=early, out=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduler.tick(early) == ["send_commitment_reminders"]  # 06:00 came; 07:00 not yet
        assert scheduler.tick(datetime(2026, 12, 2, 6, 59, tzinfo=LJUBLJANA)) == []
        assert scheduler.tick(WEDNESDAY) == ["send_digests"]
        assert scheduler.tick(WEDNESDAY) == []
    assert len(mailoutbox) == 1
    # A second scheduler (or a restart) the same day catches up with the 07:00 run: it runs the job,
    # and the job sends nothing twice.
    with time_machine.travel(WEDNESDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("run_schedule", "--once", stdout=out)
        call_command("run_schedule", "--once", stdout=out)
    assert out.getvalue().count("ran send_digests") == 2
    assert len(mailoutbox) == 1


def test_preferences_offer_weekly_and_the_staff_kinds_only_to_staff(
    as_user: Any, staff: Any, outsider: Any
) -> None:
    offered = {kind for kind, _ in selectors.kinds_for(staff)}
    assert set(STAFF_KINDS) <= offered
    assert not set(STAFF_KINDS) & {kind for kind, _ in selectors.kinds_for(outsider)}
    page = as_user(outsider).get(reverse("notifications:preferences")).content.decode()
    assert "weekly digest" in page and "Commitments falling due" not in page
    client = as_user(staff)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Commitments falling due" in page
    data = {kind: Delivery.OFF for kind in offered} | {Kind.CONTRIBUTIONS: Delivery.WEEKLY}
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    assert selectors.delivery_for(staff, Kind.CONTRIBUTIONS) == Delivery.WEEKLY
    typed = data | {Kind.CONTRIBUTIONS: "hourly", Kind.EVENTS: Delivery.DAILY}
    bad = client.post(reverse("notifications:preferences"), typed)
    assert bad.status_code == 400 and "form-group--error" in bad.content.decode()
    assert re.search(r'name="events" value="daily"[^>]*checked', bad.content.decode())  # what was typed
    assert selectors.delivery_for(staff, Kind.EVENTS) == Delivery.OFF
