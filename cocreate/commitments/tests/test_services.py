from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import OrganisationFactory, member
from cocreate.commitments import selectors, services
from cocreate.commitments.models import AllianceMember, Commitment, LogEntry, ReminderSent
from cocreate.commitments.tests.factories import CommitmentFactory, alliance_with
from cocreate.core.models import AuditEntry
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def test_add_commitment_audits_and_checks_responsible(org: Any, staff: Any, outsider: Any) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    with pytest.raises(ValidationError):
        services.add_commitment(
            actor=staff,
            owner=renewal,
            title="X",
            organisation=org,
            deadline=date(2030, 1, 1),
            responsible=outsider,
        )
    commitment = services.add_commitment(
        actor=staff,
        owner=renewal,
        title=" Shorter forms ",
        organisation=org,
        deadline=date(2030, 1, 1),
        responsible=staff,
        publish=True,
    )
    assert commitment.title == "Shorter forms"
    assert AuditEntry.objects.filter(action="commitments.add", public=True).count() == 1


def test_dropping_needs_a_reason(org: Any, staff: Any) -> None:
    commitment = CommitmentFactory(renewal__service__organisation=org)
    with pytest.raises(ValidationError):
        services.set_status(actor=staff, commitment=commitment, status=Commitment.Status.DROPPED)
    services.set_status(actor=staff, commitment=commitment, status="dropped", drop_reason="Law changed.")
    commitment.refresh_from_db()
    assert commitment.status == "dropped" and commitment.drop_reason == "Law changed."


def test_late_is_derived_from_the_date(org: Any) -> None:
    with time_machine.travel(date(2026, 3, 1), tick=False):
        commitment = CommitmentFactory(renewal__service__organisation=org, deadline=date(2026, 3, 10))
        assert not commitment.is_late
    with time_machine.travel(date(2026, 3, 10), tick=False):
        assert not commitment.is_late  # due today is not late yet
    with time_machine.travel(date(2026, 3, 11), tick=False):
        assert commitment.is_late
        assert selectors.late_count(Commitment.objects.all()) == 1
        commitment.status = Commitment.Status.DONE
        assert not commitment.is_late


def test_progress_moves_a_planned_commitment_on_and_checks_files(org: Any, staff: Any) -> None:
    commitment = CommitmentFactory(renewal__service__organisation=org)
    with pytest.raises(ValidationError):
        services.report_progress(
            actor=staff, commitment=commitment, text="x", file=SimpleUploadedFile("a.exe", b"MZ")
        )
    services.report_progress(actor=staff, commitment=commitment, text="Pilot started", link="https://e.org/r")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.IN_PROGRESS
    assert commitment.updates.count() == 1


def test_reminders_are_sent_once_per_reason(
    org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(date(2026, 5, 1), tick=False):
        commitment = CommitmentFactory(
            renewal__service__organisation=org, responsible=staff, deadline=date(2026, 5, 6)
        )
        CommitmentFactory(renewal__service__organisation=org, responsible=staff, deadline=date(2026, 9, 1))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.send_commitment_reminders() == 1
            assert services.send_commitment_reminders() == 0
    assert len(mail.outbox) == 1 and "Due soon" in mail.outbox[0].subject
    with time_machine.travel(date(2026, 5, 7), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.send_commitment_reminders() == 1
        assert services.send_commitment_reminders() == 0
    assert len(mail.outbox) == 2 and "Overdue" in mail.outbox[1].subject
    assert set(ReminderSent.objects.filter(commitment=commitment).values_list("reason", flat=True)) == {
        "due_soon",
        "overdue",
    }


def test_comments_only_on_public_published_entries_and_answers(org: Any, staff: Any, guest: Any) -> None:
    public = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    draft = services.add_log_entry(actor=staff, owner=public, kind=LogEntry.Kind.DECISION, title="Draft")
    with pytest.raises(ValidationError):
        services.comment(entry=draft, text="?", participant=guest)
    services.publish_log_entry(actor=staff, entry=draft)
    question = services.comment(entry=draft, text="Why?", participant=guest)
    assert list(selectors.unanswered_of(public)) == [question]
    services.answer_comment(actor=staff, comment=question, answer="Because.")
    assert not selectors.unanswered_of(public).exists()


def test_alliance_membership_history_and_signatures(
    org_admin: Any, org: Any, other_org: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    declaration = alliance.current_declaration()
    assert declaration is not None and declaration.version == 1
    with pytest.raises(ValidationError):  # other_org is not a member yet
        services.sign_declaration(actor=other_admin, declaration=declaration, organisation=other_org)
    with pytest.raises(ValidationError):  # not an admin of org
        services.sign_declaration(actor=other_admin, declaration=declaration, organisation=org)
    first = services.sign_declaration(actor=org_admin, declaration=declaration, organisation=org)
    assert services.sign_declaration(actor=org_admin, declaration=declaration, organisation=org) == first

    application = services.apply_to_join(actor=other_admin, alliance=alliance, organisation=other_org)
    services.decide_application(actor=secretary, membership=application, approve=True)
    services.leave(actor=other_admin, membership=application)
    application.refresh_from_db()
    assert application.status == AllianceMember.Status.LEFT and application.joined_on and application.left_on
    again = services.apply_to_join(actor=other_admin, alliance=alliance, organisation=other_org)
    assert again.pk != application.pk  # the old row stays as history

    second = services.new_declaration_version(actor=secretary, alliance=alliance, text="Version two")
    assert second.version == 2 and not second.signatures.exists()


def test_pledges_and_progress_by_member_and_sector(org: Any, org_admin: Any, secretary: Any) -> None:
    agency = OrganisationFactory(name="Tax agency", kind="agency")
    agency_admin = member(agency, Role.ADMIN)
    alliance = alliance_with(secretary, org, agency)
    p1 = services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="A",
        amount=Decimal(40),
        unit="letters",
        year=2028,
    )
    p2 = services.add_pledge(
        actor=agency_admin,
        alliance=alliance,
        organisation=agency,
        title="B",
        amount=Decimal(60),
        unit="letters",
        year=2029,
    )
    with pytest.raises(ValidationError):
        services.add_pledge(
            actor=agency_admin,
            alliance=alliance,
            organisation=org,
            title="C",
            amount=Decimal(1),
            unit="l",
            year=2028,
        )
    services.report_on_pledge(actor=org_admin, pledge=p1, period_end=date(2026, 1, 31), amount=Decimal(10))
    services.report_on_pledge(actor=org_admin, pledge=p1, period_end=date(2026, 6, 30), amount=Decimal(25))
    services.report_on_pledge(actor=agency_admin, pledge=p2, period_end=date(2026, 3, 31), amount=Decimal(5))
    progress = selectors.progress_of(alliance)
    assert progress.pledged == 100 and progress.reported == 30
    assert progress.over_time == [
        (date(2026, 1, 31), Decimal(10)),
        (date(2026, 3, 31), Decimal(15)),
        (date(2026, 6, 30), Decimal(30)),
    ]
    assert {r.label: r.reported for r in progress.by_sector} == {"Agency": 5, "Municipality": 25}


def test_commitment_from_an_improvement_action(org: Any, org_admin: Any) -> None:
    from cocreate.readiness import services as readiness_services
    from cocreate.readiness.tests.factories import closed_round

    closed = closed_round(org, [org_admin], 1, title="Round")
    action = readiness_services.add_action(
        actor=org_admin,
        round_=closed,
        attribute="LEADERSHIP",
        title="Train leaders",
        owner=org_admin,
        deadline=timezone.localdate() + timedelta(days=5),
    )
    renewal = RenewalFactory(service__organisation=org)
    commitment = services.commitment_from_action(actor=org_admin, renewal=renewal, action=action)
    assert commitment.source_id == str(action.pk) and commitment.responsible == org_admin


def test_a_co_master_improvement_becomes_a_commitment(as_user, org, staff):
    from django.urls import reverse
    from django.utils import timezone as tz

    from cocreate.commitments.models import Commitment
    from cocreate.quality import services as quality_services
    from cocreate.renewals.tests.factories import RenewalFactory

    renewal = RenewalFactory(service__organisation=org)
    assessment = quality_services.open_assessment(actor=staff, renewal=renewal)
    action = quality_services.add_action(
        actor=staff,
        assessment=assessment,
        attribute="FEEDBACK",
        title="Report back within a month",
        owner=staff,
        deadline=tz.localdate(),
    )
    response = as_user(staff).post(reverse("commitments:from_quality_action", args=[action.pk]))
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.title == "Report back within a month" and commitment.renewal == renewal
