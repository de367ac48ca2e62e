"""Retention with a frozen clock: idle guest identities and unconfirmed e-mails go; counts stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.conversations.models import Conversation, Statement, Vote
from cocreate.privacy import services
from cocreate.privacy.models import AccessCode, StandIn
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db
START = datetime(2024, 1, 10, 9, 0, tzinfo=ZoneInfo("Europe/Ljubljana"))


def test_idle_guests_and_unconfirmed_emails_are_purged(org: Any) -> None:
    with time_machine.travel(START, tick=False):
        statement = Statement.objects.create(
            conversation=Conversation.objects.create(
                renewal=RenewalFactory(service__organisation=org), topic="T"
            ),
            number=1,
            text="S",
        )
        idle = GuestParticipantFactory(nickname="Sleepyhead", email="idle@example.net")
        idle.notify_consent_at = START
        idle.last_seen_at = START
        if hasattr(idle, "email_confirmed_at"):
            idle.email_confirmed_at = START  # a confirmed e-mail: only idleness removes it
        idle.save()
        Vote.objects.create(
            conversation=statement.conversation, statement=statement, participant=idle, value=1
        )
        active = GuestParticipantFactory(last_seen_at=START)
        no_consent = GuestParticipantFactory(email="nobody@example.net", notify_consent_at=None)
        services.send_access_code(email="someone@example.net")

    with time_machine.travel(START + timedelta(days=365), tick=False):
        Vote.objects.create(
            conversation=statement.conversation, statement=statement, participant=active, value=-1
        )
        assert services.purge_expired() == {"guests": 0, "emails": 1, "codes": 1}  # not idle long enough
        no_consent.refresh_from_db()
        assert no_consent.email == ""
        assert not AccessCode.objects.exists()

    with time_machine.travel(START + timedelta(days=25 * 31), tick=False):
        done = services.purge_expired()
    assert done["guests"] == 2  # the idle voter and the idle guest without consent
    assert not GuestParticipant.objects.filter(pk=idle.pk).exists()
    assert GuestParticipant.objects.filter(pk=active.pk).exists()  # voted 13 months before: still active
    assert Vote.objects.filter(statement=statement).count() == 2  # the idle guest's vote still counts
    first = set(StandIn.objects.values_list("participant", flat=True))
    assert len(first) == 1
    with time_machine.travel(START + timedelta(days=60 * 31), tick=False):
        services.purge_expired()  # now the once-active guest is idle too
    assert first <= set(StandIn.objects.values_list("participant", flat=True))  # never purged themselves
    assert Vote.objects.filter(statement=statement).count() == 2


@override_settings(PRIVACY_GUEST_IDLE_MONTHS=1)
def test_idle_time_is_a_setting() -> None:
    with time_machine.travel(START, tick=False):
        GuestParticipantFactory(last_seen_at=START)
    with time_machine.travel(START + timedelta(days=40), tick=False):
        call_command("privacy_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not GuestParticipant.objects.exists()


def test_schedule_needs_a_deferring_backend(capsys: Any) -> None:
    call_command("privacy_retention", "--schedule")  # the test backend runs tasks at once
    assert "cron" in capsys.readouterr().err
