"""One person with data in every app: an account and a guest identity, same e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from cocreate.accounts.models import Invitation, Role
from cocreate.accounts.tests.factories import GuestParticipantFactory, member
from cocreate.assessments.models import Response
from cocreate.commitments.models import InputNotice
from cocreate.commitments.tests.factories import CommitmentFactory
from cocreate.community.models import Registration, Subscription
from cocreate.community.tests.factories import EventFactory, GoodPracticeFactory, ProfileFactory
from cocreate.conversations.models import Conversation, Statement, Vote
from cocreate.core import audit
from cocreate.journeys.models import (
    Contribution,
    ContributionReport,
    FeelingRating,
    JourneyMap,
    Stage,
    Step,
    Support,
)
from cocreate.notifications.models import Digest, Notification, Preference, Told
from cocreate.panels import services as panel_services
from cocreate.panels.models import Panel
from cocreate.privacy import services
from cocreate.privacy.registry import Subject
from cocreate.readiness.models import ImprovementAction
from cocreate.readiness.tests.factories import closed_round
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency.models import LogEntry, PublicComment
from cocreate.workshops.models import Attendee, Seat, Workshop

EMAIL = "zorana.quellmark@example.net"
NAME = "Zorana Quellmark"
NICKNAME = "Quellfox"


@dataclass
class World:
    person: Any
    guest: Any
    others: list[Any]
    renewal: Any
    step: Any
    statement: Any
    others_idea: Any
    panel: Any
    round_: Any

    @property
    def subject(self) -> Subject:
        return Subject(user=self.person, participants=[self.guest], emails=[EMAIL])


def build(org: Any) -> World:
    person = member(org, Role.STAFF, email=EMAIL, full_name=NAME)
    colleague = member(org, Role.ADMIN, email="colleague@example.net", full_name="Cole Colleague")
    guest = GuestParticipantFactory(nickname=NICKNAME, email=EMAIL, notify_consent_at=timezone.now())
    others = [GuestParticipantFactory() for _ in range(3)]

    Invitation.objects.create(
        organisation=org,
        email=EMAIL,
        token_hash="x" * 64,
        invited_by=person,
        expires_at=timezone.now() + timedelta(days=3),
    )
    audit.record(actor=colleague, action="test.mention", target=None, summary=f"Added {NAME} <{EMAIL}>")
    audit.record(actor=person, action="test.own", target=None, summary="Did something")

    renewal = RenewalFactory(service__organisation=org)
    renewal.team.add(person)
    round_ = closed_round(org, [person, colleague])
    Response.objects.create(collection=round_.collection, participant=guest, answers={})
    ImprovementAction.objects.create(
        round=round_, organisation=org, attribute="a", title="Act", owner=person, deadline=date(2030, 1, 1)
    )

    journey = JourneyMap.objects.create(renewal=renewal, title="Home care", participation_open=True)
    stage = Stage.objects.create(journey=journey, title="Apply")
    step = Step.objects.create(stage=stage, title="Form")
    FeelingRating.objects.create(step=step, participant=guest, value=-2)
    for o in others:
        FeelingRating.objects.create(step=step, participant=o, value=1)
    Contribution.objects.create(step=step, kind="pain_point", text="Too many papers", participant=guest)
    others_idea = Contribution.objects.create(
        step=step, kind="idea", text="One form", participant=others[0], answered_by=person, reason="Yes"
    )
    Support.objects.create(contribution=others_idea, participant=guest)
    Support.objects.create(contribution=others_idea, participant=others[1])
    ContributionReport.objects.create(contribution=others_idea, participant=guest, reason="dup")

    conversation = Conversation.objects.create(renewal=renewal, topic="Letters")
    statement = Statement.objects.create(
        conversation=conversation, number=1, text="Letters are unclear", author_participant=guest
    )
    Statement.objects.create(conversation=conversation, number=2, text="Seed", author_user=person)
    Vote.objects.create(conversation=conversation, statement=statement, participant=guest, value=1)
    for o in others:
        Vote.objects.create(conversation=conversation, statement=statement, participant=o, value=-1)

    now = timezone.now()
    workshop = Workshop.objects.create(
        organisation=org, title="Café", format="world_cafe", starts_at=now, ends_at=now + timedelta(hours=2)
    )
    attendee = Attendee.objects.create(workshop=workshop, name=NAME, participant=guest, group="Users")
    Seat.objects.create(workshop=workshop, round_number=1, attendee=attendee, table=1)

    panel = Panel.objects.create(
        organisation=org, title="Jury", purpose="p", size=10, retention_until=date(2031, 1, 1)
    )
    panel_services._volunteer(panel, {"name": NAME, "email": EMAIL}, "", {}, "registration").save()
    panel_services._volunteer(panel, {"name": "Other", "email": "other@example.net"}, "", {}, "import").save()
    panel.recommendations.create(
        number=1, title="Visits", text="Visits on time", created_by=person, answered_by=person
    )

    told = Notification.objects.create(user=person, kind="events", text="Hello")
    entry = audit.record(actor=None, action="contribution.add", target=None, params={"k": "idea"})
    Told.objects.create(user=person, entry=entry, notification=told)
    Digest.objects.create(user=person, frequency="daily", period=timezone.localdate())
    Preference.objects.create(user=person, kind="events", delivery="daily")
    ProfileFactory(user=person)
    Registration.objects.create(
        event=EventFactory(organiser=person), user=person, status="confirmed", queued_at=timezone.now()
    )
    GoodPracticeFactory(author=person)
    Subscription.objects.create(user=person)

    entry = LogEntry.objects.create(renewal=renewal, kind="decision", title="Decided", author=person)
    PublicComment.objects.create(entry=entry, participant=guest, nickname=NICKNAME, text="Why?")
    promise = CommitmentFactory(renewal=renewal, responsible=person)
    InputNotice.objects.create(commitment=promise, event="made", user=person)  # told in the app
    InputNotice.objects.create(commitment=promise, event="made", participant=guest)  # told by e-mail

    services.record_consent(purpose="notifications", wording="I agree", given=True, participant=guest)
    services.send_access_code(email=EMAIL)
    return World(person, guest, others, renewal, step, statement, others_idea, panel, round_)
