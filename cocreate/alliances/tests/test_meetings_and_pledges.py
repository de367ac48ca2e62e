"""Pledges counted toward the shared target (published ones on the public side, drafts for their
organisation and the secretariat); meetings with an agenda before, minutes and numbered decisions
after; every write counts once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import OrganisationFactory, member
from cocreate.alliances import selectors, services
from cocreate.alliances.models import Decision, Meeting, Pledge, PledgeReport
from cocreate.alliances.tests.factories import alliance_with
from cocreate.core.audit import entries_for

pytestmark = pytest.mark.django_db


def _pledge(actor: Any, alliance: Any, organisation: Any, amount: int, **kwargs: Any) -> Pledge:
    return services.add_pledge(
        actor=actor,
        alliance=alliance,
        organisation=organisation,
        title=kwargs.pop("title", "Letters rewritten"),
        amount=Decimal(amount),
        year=kwargs.pop("year", 2030),
        **kwargs,
    )


def test_published_pledges_sum_toward_the_target_and_drafts_stay_inside(
    org: Any, org_admin: Any, staff: Any, other_admin: Any, outsider: Any, secretary: Any
) -> None:
    agency = OrganisationFactory(name="Tax agency", kind="agency")
    agency_staff = member(agency, Role.STAFF)
    alliance = alliance_with(secretary, org, agency, target=200)
    ours = _pledge(staff, alliance, org, 80, publish=True)  # a member's staff pledge for it
    theirs = _pledge(agency_staff, alliance, agency, 40, publish=True)
    draft = _pledge(org_admin, alliance, org, 30, title="Forms")
    assert ours.unit == alliance.target_unit  # in the target's unit unless told otherwise
    services.report_on_pledge(actor=staff, pledge=ours, period_end=date(2026, 1, 31), amount=Decimal(20))
    services.report_on_pledge(actor=staff, pledge=ours, period_end=date(2026, 6, 30), amount=Decimal(50))
    services.report_on_pledge(
        actor=agency_staff, pledge=theirs, period_end=date(2026, 3, 31), amount=Decimal(40)
    )
    services.report_on_pledge(actor=org_admin, pledge=draft, period_end=date(2026, 3, 31), amount=Decimal(10))

    public = selectors.progress_of(alliance, selectors.pledges_visible_to(outsider, alliance))
    assert (public.pledged, public.reported) == (Decimal(120), Decimal(90))  # latest report per pledge
    assert (public.percent_reported, public.percent_pledged, public.bar) == (45, 60, 45)
    everything = selectors.progress_of(alliance, selectors.pledges_visible_to(secretary, alliance))
    assert (everything.pledged, everything.reported) == (Decimal(150), Decimal(100))
    assert set(selectors.pledges_visible_to(staff, alliance)) == {ours, theirs, draft}  # its own draft
    assert set(selectors.pledges_visible_to(other_admin, alliance)) == {ours, theirs}
    assert set(selectors.public_pledges()) == {ours, theirs}
    assert set(selectors.public_reports().values_list("pledge", flat=True)) == {ours.pk, theirs.pk}

    rows = {row.pledge: row for row in selectors.pledge_rows(alliance.pledges.all())}
    assert (rows[ours].reached, rows[ours].percent, rows[ours].state) == (Decimal(50), 62, "under_way")
    assert (rows[theirs].percent, rows[theirs].state) == (100, "reached")
    services.publish_pledge(actor=org_admin, pledge=draft)
    services.publish_pledge(actor=org_admin, pledge=draft)  # a double tap: published once
    assert selectors.progress_of(alliance, selectors.pledges_visible_to(outsider, alliance)).pledged == 150
    assert entries_for(alliance).filter(action="alliances.pledge_publish").count() == 1


def test_a_target_passed_shows_its_share_and_a_full_bar(org: Any, org_admin: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org, target=10)
    pledge = _pledge(org_admin, alliance, org, 12, publish=True)
    services.report_on_pledge(actor=org_admin, pledge=pledge, period_end=date(2026, 1, 1), amount=Decimal(15))
    progress = selectors.progress_of(alliance)
    assert (progress.percent_reported, progress.bar) == (150, 100)
    row = selectors.pledge_rows(alliance.pledges.all())[0]
    assert (row.percent, row.bar, row.state) == (125, 100, "reached")


def test_a_pledge_past_its_year_and_not_reached_is_overdue(org: Any, org_admin: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org)
    pledge = _pledge(org_admin, alliance, org, 10, year=timezone.localdate().year - 1)
    assert selectors.pledge_rows(alliance.pledges.all())[0].state == "overdue"
    services.report_on_pledge(actor=org_admin, pledge=pledge, period_end=date(2025, 1, 1), amount=Decimal(10))
    assert selectors.pledge_rows(alliance.pledges.all())[0].state == "reached"


def test_a_pledge_and_a_report_sent_twice_count_once(
    org: Any, org_admin: Any, staff: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    first = _pledge(staff, alliance, org, 10, publish=True)
    assert _pledge(staff, alliance, org, 10, publish=True) == first
    assert alliance.pledges.count() == 1
    assert entries_for(alliance).filter(action="alliances.pledge").count() == 1
    day = date(2026, 5, 31)
    report = services.report_on_pledge(actor=staff, pledge=first, period_end=day, amount=Decimal(4))
    assert services.report_on_pledge(actor=staff, pledge=first, period_end=day, amount=Decimal(4)) == report
    assert entries_for(alliance).filter(action="alliances.report").count() == 1
    # The same date with another figure corrects it (one figure per date), and says so.
    services.report_on_pledge(
        actor=org_admin, pledge=first, period_end=day, amount=Decimal(6), note="Recounted"
    )
    assert list(PledgeReport.objects.values_list("amount", "note")) == [(Decimal(6), "Recounted")]
    correction = entries_for(alliance).get(action="alliances.report_correct")
    assert correction.changes == {"amount": ["4.00", "6"]} and correction.params["date"] == day.isoformat()


def test_staff_of_another_organisation_may_not_pledge_for_a_member(
    org: Any, other_org: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    with pytest.raises(ValidationError):
        _pledge(other_admin, alliance, org, 5)
    with pytest.raises(ValidationError):  # not a member
        _pledge(other_admin, alliance, other_org, 5)
    assert not alliance.pledges.exists()


def test_agenda_before_minutes_and_decisions_after(org: Any, staff: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org)
    group = services.add_working_group(actor=secretary, alliance=alliance, name="Letters", members=[org])
    soon = timezone.now() + timedelta(days=2)
    meeting = services.add_meeting(
        actor=secretary,
        owner=alliance,
        working_group=group,
        title="Kick-off",
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
        online_link="https://meet.example.org/k",
    )
    assert services.add_meeting(actor=secretary, owner=alliance, title="Kick-off", starts_at=soon) == meeting
    assert Meeting.objects.count() == 1
    services.set_agenda(actor=staff, meeting=meeting, agenda="1. Hello\n2. Checklist")
    services.set_agenda(actor=staff, meeting=meeting, agenda="1. Hello\n2. Checklist")  # unchanged
    assert entries_for(alliance).filter(action="alliances.meeting_agenda").count() == 1
    with pytest.raises(ValidationError, match="not started"):
        services.write_minutes(actor=staff, meeting=meeting, minutes="Too early")
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.record_decision(actor=staff, meeting=meeting, title="Too early")
    with pytest.raises(ValidationError):  # minutes of a meeting still to come
        services.add_meeting(actor=secretary, owner=alliance, title="Later", starts_at=soon, minutes="x")
    with pytest.raises(ValidationError):  # it must end after it starts
        services.add_meeting(
            actor=secretary, owner=alliance, title="Odd", starts_at=soon, ends_at=soon - timedelta(hours=1)
        )

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="minutes instead"):
        services.set_agenda(actor=staff, meeting=meeting, agenda="Changed afterwards")
    services.write_minutes(actor=staff, meeting=meeting, minutes="We met.")
    first = services.record_decision(actor=staff, meeting=meeting, title="Adopt the checklist")
    again = services.record_decision(actor=staff, meeting=meeting, title="Adopt the checklist")
    second = services.record_decision(
        actor=secretary, meeting=meeting, title="Report twice a year", details="x"
    )
    assert again == first and (first.number, second.number) == (1, 2)
    assert list(meeting.decisions.values_list("number", "title")) == [
        (1, "Adopt the checklist"),
        (2, "Report twice a year"),
    ]
    decisions = entries_for(alliance).filter(action="alliances.decision")
    assert decisions.count() == 2 and decisions.filter(public=True).count() == 2
    assert decisions.get(params__n=2).params == {
        "meeting": "Kick-off",
        "n": 2,
        "title": "Report twice a year",
    }
    assert Decision.objects.get(pk=second.pk).recorded_by == secretary


def test_a_working_group_of_another_alliance_is_refused(org: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org)
    other = alliance_with(secretary, org, name="Other alliance")
    group = services.add_working_group(actor=secretary, alliance=other, name="Elsewhere")
    with pytest.raises(ValidationError):
        services.add_meeting(
            actor=secretary, owner=alliance, working_group=group, title="x", starts_at=timezone.now()
        )
