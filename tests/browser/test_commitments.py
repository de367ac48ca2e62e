"""Accountability in the browser: an organisation's admin signs the alliance's declaration and
reports progress on its pledge; every page is checked with axe."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.commitments import services
from cocreate.commitments.tests.factories import alliance_with
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_signs_the_declaration_and_reports_on_a_pledge(
    visitor: Visitor, org: Any, org_admin: Any
) -> None:
    secretary = UserFactory(email="secretariat@alliance.example", full_name="Sam Secretariat")
    alliance = alliance_with(secretary, org, name="Alliance for clear letters")
    services.add_pledge(
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
    assert page.locator("svg.chart[role='img']").count() == 1
