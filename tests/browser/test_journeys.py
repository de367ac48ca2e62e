"""Co-Renew in the browser: staff build a small map, a service user gives feedback on a phone
through the participation link, staff answer, and the user reads the answer — axe-clean."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.journeys.models import Contribution, JourneyMap
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from tests.browser.conftest import PHONE, Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_feedback_answer_loop(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, staff: Any
) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    log_in(visitor, staff)
    page = visitor.goto(f"/journeys/renewals/{renewal.pk}/")
    page.get_by_label("Title of the journey").fill("Getting home care")
    page.get_by_role("button", name="Start an as-is map").click()
    page.wait_for_selector("h1:has-text('Getting home care')")
    visitor.after_navigation()
    page.get_by_label("Stage").fill("Applying")
    page.get_by_role("button", name="Add a stage").click()
    page.wait_for_selector("h2:has-text('Applying')")
    page.locator("summary:has-text('Add a step')").click()
    page.get_by_label("Title").fill("Fills in the paper form")
    page.get_by_role("button", name="Add the step").click()
    page.wait_for_selector("h4:has-text('Fills in the paper form')")
    visitor.after_navigation()
    page.get_by_role("button", name="Open to service users").click()
    page.wait_for_selector("text=Poster with QR code")
    journey = JourneyMap.objects.get()

    # A service user on a phone, no account.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = Visitor(context.new_page(), live_server.url)
    user_page = phone.goto(f"/j/{journey.pk}/")
    user_page.get_by_label("Very bad").check()
    user_page.get_by_role("button", name="Save how it felt").click()
    user_page.wait_for_selector("text=1 step is saved")
    phone.after_navigation()
    user_page.locator("summary:has-text('Add a pain point')").click()
    user_page.get_by_label("Your words").fill("The form asks for documents I do not have.")
    user_page.get_by_role("button", name="It was a problem").click()
    user_page.wait_for_selector("text=The organisation will answer")
    phone.after_navigation()
    assert user_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Staff answer.
    page = visitor.goto(f"/journeys/maps/{journey.pk}/triage/")
    page.get_by_label("Status").select_option("accepted")
    page.get_by_label("Answer (public)").fill("From March the form asks only for your ID.")
    page.get_by_role("button", name="Save the answer").click()
    page.wait_for_selector("text=Answer saved")
    visitor.after_navigation()
    assert Contribution.objects.get().status == "accepted"

    # The user, on the same phone, reads the answer.
    mine = phone.goto("/j/mine/")
    assert mine.locator("text=From March the form asks only for your ID.").count() == 1
    assert mine.locator("text=Accepted").count() == 1
    context.close()
