"""Accountability in the browser: an organisation's admin signs the alliance's declaration and
reports progress on its pledge; every page is checked with axe."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.alliances import services as alliance_services
from cocreate.alliances.tests.factories import alliance_with
from cocreate.commitments import services
from cocreate.transparency import services as log_services
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_signs_the_declaration_and_reports_on_a_pledge(
    visitor: Visitor, org: Any, org_admin: Any
) -> None:
    secretary = UserFactory(email="secretariat@alliance.example", full_name="Sam Secretariat")
    alliance = alliance_with(secretary, org, name="Alliance for clear letters")
    alliance_services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="Rewrite letters",
        amount=Decimal(40),
        unit="letters",
        year=2030,
    )
    log_in(visitor, org_admin)
    page = visitor.goto(f"/commitments/alliances/{alliance.pk}/")
    page.get_by_label("For the organisation").select_option(label=org.name)
    page.get_by_role("button", name="Sign the declaration").click()
    page.wait_for_selector("text=Signed on behalf of")
    visitor.after_navigation()
    assert page.locator("li:has-text('Municipality of Lipovec,')").count() == 1

    page.get_by_role("link", name=f"Report progress for {org.name}").click()
    page.wait_for_selector("h1:has-text('Report progress on a pledge')")
    visitor.after_navigation()
    page.get_by_label("Amount reached").fill("12")
    page.get_by_role("button", name="Report progress").click()
    page.wait_for_selector("text=Progress reported.")
    visitor.after_navigation()
    row = page.locator("table:has(caption:has-text('by member')) tbody tr").first
    assert "12" in row.inner_text()
    assert page.locator("svg.chart__svg[role='img']").count() == 1


def test_commitments_board_process_log_and_public_challenge_are_accessible(
    visitor: Visitor, org: Any, staff: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from cocreate.renewals.models import Renewal
    from cocreate.renewals.tests.factories import RenewalFactory

    renewal = RenewalFactory(
        service__organisation=org, title="Home care", visibility=Renewal.Visibility.PUBLIC
    )
    services.add_commitment(
        actor=staff,
        owner=renewal,
        title="Plain letters",
        organisation=org,
        responsible=staff,
        deadline=timezone.localdate() - timedelta(days=3),
        publish=True,
    )
    entry = log_services.add_log_entry(
        actor=staff,
        owner=renewal,
        kind="decision",
        title="We chose SMS",
        publish=True,
        participation={"Service users": 12},
    )
    log_in(visitor, staff)
    for path in (
        f"/renewals/{renewal.pk}/",
        f"/commitments/renewals/{renewal.pk}/",
        "/commitments/mine/",
        f"/commitments/renewals/{renewal.pk}/new/",
        "/open/data/",
    ):
        visitor.goto(path)
    page = visitor.goto(f"/open/log/{entry.pk}/")
    page.get_by_label("Your question or comment").fill("Why not letters?")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector("text=Thank you. The team will answer here.")
    visitor.after_navigation()
    page = visitor.goto(f"/commitments/renewals/{renewal.pk}/log/")
    page.get_by_label("Answer").fill("Most people asked for SMS.")
    page.get_by_role("button", name="Publish the answer").click()
    page.wait_for_selector("text=Answer published.")
    visitor.after_navigation()
    page = visitor.goto(f"/public/renewals/{renewal.pk}/")
    assert page.locator(".tag--late").count() == 1
