"""Starting a renewal against Co-Serve's advice on a phone (390 px): the form shows the advice and
asks why; without a reason it keeps what was typed and says what is missing; the reason is then
published next to the advice. Axe checks every page."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.portfolio import services as portfolio_services
from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.renewals.models import Renewal
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN_SOLUTION = dict.fromkeys(("C11", "C12", "C13", "C14", "C15", "C21", "C22", "C25", "C26", "C27"), "yes")
KNOWN_SOLUTION |= {"C16": "no", "C23": "no", "C24": "yes"}  # the solution is known: consult


@pytest.fixture
def narrow_visitor(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield Visitor(context.new_page(), live_server.url)
    context.close()


def test_starting_against_the_advice_asks_why_and_publishes_it(
    narrow_visitor: Visitor, org: Any, staff: Any
) -> None:
    service = ServiceFactory(organisation=org, name="Parking permits")
    assessment = portfolio_services.open_assessment(actor=staff, service=service)
    portfolio_services.save_coserve_answers(
        actor=staff, assessment=assessment, answers=KNOWN_SOLUTION, submit=True
    )
    log_in(narrow_visitor, staff)
    page = narrow_visitor.goto(f"/renewals/new/?service={service.pk}&assessment={assessment.pk}")
    assert page.get_by_text("Co-Serve advised to consult this service").is_visible()
    page.get_by_label("Title").fill("Permits online")
    page.get_by_label("Goal").fill("Fewer trips to the counter.")
    page.get_by_label("Public — anyone can read the public page").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Say why you co-create this service against Co-Serve")
    narrow_visitor.after_navigation()
    assert page.get_by_label("Title").input_value() == "Permits online"
    assert not Renewal.objects.exists()
    page.get_by_label("Why we co-create although Co-Serve advised to consult").fill(
        "Residents asked to design the new permit with us."
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Permits online')")
    narrow_visitor.after_navigation()
    renewal = Renewal.objects.get()
    assert renewal.reason_against_advice == "Residents asked to design the new permit with us."
    page = narrow_visitor.goto(f"/public/renewals/{renewal.pk}/")
    assert page.get_by_text("Why we co-create although Co-Serve advised to consult:").is_visible()
    assert page.get_by_text("Residents asked to design the new permit with us.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows the phone
