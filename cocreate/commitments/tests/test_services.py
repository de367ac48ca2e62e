from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.commitments import selectors, services
from cocreate.commitments.models import Commitment, ReminderSent
from cocreate.commitments.tests.factories import CommitmentFactory
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


def test_done_records_when_and_reopening_clears_it(org: Any, staff: Any) -> None:
    commitment = CommitmentFactory(renewal__service__organisation=org, deadline=date(2026, 3, 10))
    with time_machine.travel(date(2026, 3, 12), tick=False):
        services.set_status(actor=staff, commitment=commitment, status=Commitment.Status.DONE)
        assert timezone.localdate(commitment.completed_at) == date(2026, 3, 12)
        services.set_status(actor=staff, commitment=commitment, status=Commitment.Status.IN_PROGRESS)
        assert commitment.completed_at is None  # reopened
    with time_machine.travel(date(2026, 3, 9), tick=False):
        services.set_status(actor=staff, commitment=commitment, status=Commitment.Status.DONE)
        commitment.refresh_from_db()
        assert timezone.localdate(commitment.completed_at) == date(2026, 3, 9)


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
    # asked again (a double tap, a retry): the database keeps one commitment per source
    again = services.commitment_from_action(actor=org_admin, renewal=renewal, action=action)
    assert again.pk == commitment.pk
    assert Commitment.objects.filter(source_id=str(action.pk)).count() == 1
    assert selectors.commitment_for_source(action) == commitment


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
    response = as_user(staff).post(reverse("quality:action_to_commitment", args=[action.pk]))
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.title == "Report back within a month" and commitment.renewal == renewal
