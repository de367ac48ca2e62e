"""An alliance's loop across alliances and commitments: each member's pledges and commitments on
one page, with progress toward the shared target (the public sees published ones only), and a
meeting's decision made a commitment of the alliance in one step — once, whatever the taps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import OrganisationFactory, UserFactory, member
from cocreate.alliances import services as alliance_services
from cocreate.alliances.models import Alliance, Decision
from cocreate.alliances.tests.factories import alliance_with
from cocreate.commitments import selectors, services
from cocreate.commitments.models import Commitment
from cocreate.core.audit import entries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(db: Any) -> Any:
    """Runs the alliance's secretariat without belonging to any organisation."""
    return UserFactory(email="secretariat@alliance.example", full_name="Sam Secretariat")


def _decision(secretary: Any, alliance: Alliance, *group: Any) -> Decision:
    working_group = alliance_services.add_working_group(
        actor=secretary, alliance=alliance, name="Letters", members=list(group)
    )
    meeting = alliance_services.add_meeting(
        actor=secretary,
        owner=alliance,
        working_group=working_group,
        title="Kick-off",
        starts_at=timezone.now() - timedelta(hours=2),
    )
    return alliance_services.record_decision(actor=secretary, meeting=meeting, title="Adopt the checklist")


def test_a_decision_becomes_one_commitment_however_often_it_is_asked(
    org: Any, org_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    decision = _decision(secretary, alliance, org)
    made = [
        services.add_commitment(
            actor=secretary,
            owner=alliance,
            title=decision.title,
            organisation=org,
            deadline=date(2030, 1, 1),
            responsible=org_admin,
            source=decision,
        )
        for _ in range(2)
    ]
    assert made[0] == made[1] and Commitment.objects.count() == 1
    assert made[0].alliance == alliance and selectors.commitment_for_source(decision) == made[0]
    assert entries_for(alliance).filter(action="commitments.add").count() == 1


def test_a_decision_made_a_commitment_through_the_meeting_page(
    as_user: Any, org: Any, org_admin: Any, staff: Any, other_org: Any, other_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org, other_org)
    decision = _decision(secretary, alliance, org)
    meeting_url = reverse("alliances:meeting", args=[decision.meeting.pk])
    page = as_user(staff).get(meeting_url).content.decode()
    url = reverse("commitments:decision_commitment", args=[decision.pk])
    assert url in page and "Make it a commitment" in page  # a working group member may
    assert url not in Client().get(meeting_url).content.decode()
    assert as_user(other_admin).get(url).status_code == 403  # a member, not in the group
    form = as_user(staff).get(url)
    assert form.status_code == 200 and b'value="Adopt the checklist"' in form.content

    data = {
        "title": "Adopt the checklist in every member",
        "organisation": str(org.pk),
        "responsible": str(other_admin.pk),  # of another organisation
        "deadline": "2030-06-30",
        "publish": "on",
    }
    response = as_user(staff).post(url, data)
    assert response.status_code == 400 and b"must belong to the responsible organisation" in response.content
    assert b"Adopt the checklist in every member" in response.content and not Commitment.objects.exists()
    response = as_user(staff).post(url, {**data, "deadline": "soon"})
    assert response.status_code == 400 and b"form-group--error" in response.content

    data["responsible"] = str(org_admin.pk)
    assert as_user(staff).post(url, data).status_code == 302
    assert as_user(secretary).post(url, data).status_code == 302  # a second tab: the first stands
    commitment = Commitment.objects.get()
    assert (commitment.alliance, commitment.organisation, commitment.responsible) == (
        alliance,
        org,
        org_admin,
    )
    assert commitment.is_published and "Decision 1 of the meeting" in commitment.why
    assert as_user(staff).get(url).status_code == 302  # already made: back to the meeting

    shown = as_user(secretary).get(meeting_url).content.decode()
    assert "Became a commitment: Adopt the checklist in every member" in shown
    assert reverse("commitments:commitment", args=[commitment.pk]) in shown and url not in shown
    public = Client().get(meeting_url).content.decode()
    assert "Became a commitment: Adopt the checklist in every member" in public
    assert reverse("commitments:commitment", args=[commitment.pk]) not in public


def test_a_draft_commitment_of_a_decision_stays_with_those_who_run_it(
    as_user: Any, org: Any, org_admin: Any, secretary: Any, other_admin: Any
) -> None:
    alliance = alliance_with(secretary, org)
    decision = _decision(secretary, alliance, org)
    services.add_commitment(
        actor=secretary,
        owner=alliance,
        title="Draft promise",
        organisation=org,
        deadline=date(2030, 1, 1),
        source=decision,
    )
    meeting_url = reverse("alliances:meeting", args=[decision.meeting.pk])
    for client in (Client(), as_user(other_admin)):
        assert "Draft promise" not in client.get(meeting_url).content.decode()
    assert "Draft promise" in as_user(org_admin).get(meeting_url).content.decode()  # in the group


def test_members_commitments_page_public_and_inside(
    as_user: Any, org: Any, org_admin: Any, staff: Any, outsider: Any, secretary: Any
) -> None:
    agency = OrganisationFactory(name="Tax agency", kind="agency")
    agency_staff = member(agency, Role.STAFF)
    alliance = alliance_with(secretary, org, agency, target=200)
    ours = alliance_services.add_pledge(
        actor=staff,
        alliance=alliance,
        organisation=org,
        title="Letters",
        amount=Decimal(80),
        year=2030,
        publish=True,
    )
    alliance_services.add_pledge(
        actor=agency_staff,
        alliance=alliance,
        organisation=agency,
        title="Agency draft pledge",
        amount=Decimal(60),
        year=2030,
    )
    alliance_services.report_on_pledge(
        actor=staff, pledge=ours, period_end=date(2026, 3, 31), amount=Decimal(50), note="Half of the letters"
    )
    shown = services.add_commitment(
        actor=secretary,
        owner=alliance,
        title="Shared checklist",
        organisation=agency,
        deadline=timezone.localdate() - timedelta(days=1),
        publish=True,
    )
    services.report_progress(actor=secretary, commitment=shown, text="First draft circulated")
    services.add_commitment(
        actor=secretary,
        owner=alliance,
        title="Our draft promise",
        organisation=org,
        deadline=date(2030, 1, 1),
    )
    url = reverse("commitments:alliance_members", args=[alliance.pk])

    public = Client().get(url).content.decode()
    assert "Tax agency" in public and "Municipality of Lipovec" in public
    assert "Letters" in public and "Half of the letters" in public and "Agency draft pledge" not in public
    assert "Shared checklist" in public and "First draft circulated" in public and "Late" in public
    assert "Our draft promise" not in public
    assert reverse("commitments:public_commitment", args=[shown.pk]) in public
    progress = public[public.index("<progress") : public.index("</progress>")]
    assert 'value="25"' in progress  # 50 of 200
    assert "Reached so far: 50" in public and "Pledged: 80" in public and "(40 % of the target)" in public
    assert "Publish the pledge" not in public and "Make a pledge" not in public

    mine = as_user(staff).get(url).content.decode()  # its own drafts, not the agency's
    assert "Our draft promise" in mine and "Agency draft pledge" not in mine and "Make a pledge" in mine
    assert reverse("alliances:pledge_report", args=[ours.pk]) in mine
    everything = as_user(secretary).get(url).content.decode()
    assert "Agency draft pledge" in everything and "Our draft promise" in everything
    assert "Pledged: 140" in everything and "You see every member" in everything
    assert "Agency draft pledge" not in as_user(outsider).get(url).content.decode()

    page = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "Members&#x27; commitments" in page or "Members' commitments" in page
    assert url in page


def test_a_private_alliances_members_page_is_for_its_people(
    as_user: Any, org: Any, staff: Any, outsider: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org, is_public=False)
    url = reverse("commitments:alliance_members", args=[alliance.pk])
    assert Client().get(url).status_code == 404
    assert as_user(outsider).get(url).status_code == 404
    assert as_user(staff).get(url).status_code == 200
