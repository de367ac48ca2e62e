"""An alliance's loop in the browser, on a phone: a working group's staff member records a decision
after the meeting, makes it a commitment of the alliance, and the public reads each member's
pledges and commitments with the progress toward the target; every page is checked with axe."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.alliances import services as alliance_services
from cocreate.alliances.tests.factories import alliance_with
from cocreate.commitments.models import Commitment
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def test_a_decision_becomes_a_commitment_and_the_public_sees_the_progress(
    phone_visitor: Visitor, visitor: Visitor, org: Any, staff: Any
) -> None:
    secretary = UserFactory(email="secretariat@alliance.example", full_name="Sam Secretariat")
    alliance = alliance_with(secretary, org, name="Alliance for clear letters", target=200)
    group = alliance_services.add_working_group(
        actor=secretary, alliance=alliance, name="Letters", members=[org]
    )
    meeting = alliance_services.add_meeting(
        actor=secretary,
        owner=alliance,
        working_group=group,
        title="Kick-off",
        starts_at=timezone.now() - timedelta(hours=2),
        location="Room 3",
        agenda="1. Hello\n2. Checklist",
    )
    pledge = alliance_services.add_pledge(
        actor=staff,
        alliance=alliance,
        organisation=org,
        title="Letters rewritten",
        amount=Decimal(80),
        year=2030,
        publish=True,
    )
    alliance_services.report_on_pledge(
        actor=staff, pledge=pledge, period_end=timezone.localdate(), amount=Decimal(50)
    )

    log_in(phone_visitor, staff)
    page = phone_visitor.goto(f"/commitments/meetings/{meeting.pk}/")
    page.get_by_label("Minutes").fill("We agreed on one checklist.")
    page.get_by_role("button", name="Save the minutes").click()
    page.wait_for_selector("text=The minutes are saved.")
    phone_visitor.after_navigation()
    page.get_by_label("What was decided").fill("Adopt one checklist")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_selector("text=Decision 1 is recorded.")
    phone_visitor.after_navigation()
    page.get_by_role("link", name="Make it a commitment").click()
    page.wait_for_selector("h1:has-text('Make the decision a commitment')")
    phone_visitor.after_navigation()
    page.get_by_label("Responsible organisation").select_option(label=org.name)
    page.get_by_label("Deadline").fill("")
    page.get_by_role("button", name="Make it a commitment").click()  # no deadline: its error
    page.wait_for_selector(".form-group--error")
    # The refused form comes back with status 400, which the browser logs as a failed load.
    assert phone_visitor.console_errors == [REFUSED]
    phone_visitor.console_errors.clear()
    phone_visitor.after_navigation()
    page.get_by_label("Deadline").fill("2030-06-30")
    page.get_by_role("button", name="Make it a commitment").click()
    page.wait_for_selector("text=Became a commitment: Adopt one checklist")
    phone_visitor.after_navigation()
    assert Commitment.objects.get().alliance == alliance

    page = visitor.goto(f"/commitments/alliances/{alliance.pk}/members/")  # the public
    assert "Reached so far: 50" in page.inner_text("main")
    assert page.locator("progress[aria-labelledby='target-progress']").get_attribute("value") == "25"
    assert "Adopt one checklist" in page.inner_text("main")
    visitor.goto(f"/commitments/meetings/{meeting.pk}/")
