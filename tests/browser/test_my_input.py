"""What happened to my input, on a 320 px phone: a guest gives an idea, keeps the personal link the
participation page shows, and follows the idea to a commitment — axe-clean, no wider than the
screen, the latest step marked; the link opens the same trail on another device."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest

from cocreate.commitments import services as commitment_services
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from tests.browser.conftest import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NARROW = {"width": 320, "height": 740}
IDEA = "A phone number that someone answers"


def _phone(browser: Any, live_server: Any) -> tuple[Any, Visitor]:
    context = browser.new_context(viewport=NARROW, is_mobile=True, has_touch=True)
    return context, Visitor(context.new_page(), live_server.url)


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_guest_follows_an_idea_to_a_commitment_at_320px(
    browser: Any, live_server: Any, org: Any, staff: Any
) -> None:
    renewal = RenewalFactory(
        service__organisation=org, title="Home care", visibility=Renewal.Visibility.PUBLIC
    )
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Finding out")
    journey_services.add_step(actor=staff, stage=stage, title="Calls the municipality")
    journey_services.set_participation(actor=staff, journey=journey, open_=True)

    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/j/{journey.pk}/")
    page.locator("summary:has-text('Add a pain point')").click()
    page.get_by_label("Your words").fill(IDEA)
    page.get_by_role("button", name="It is an idea").click()
    page.wait_for_selector("text=The organisation will answer")  # answered in place, no reload
    phone.check_accessibility()
    _fits(page)
    # The idea made the guest: the note at the foot of the page now carries their own link.
    link = page.locator(".my-input-note__link a").get_attribute("href")
    assert link and "/open/my-input/" in link

    idea = Contribution.objects.get(text=IDEA)
    journey_services.answer(
        actor=staff, contribution=idea, status="accepted", reason="We will staff the line."
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=renewal,
        title="Staff the phone line",
        organisation=org,
        deadline=date(2031, 3, 1),
        source=idea,
        publish=True,
    )

    page = phone.goto("/open/my-input/")
    _fits(page)
    card = page.locator(".trail").filter(has_text=IDEA)
    assert card.locator("ol.trail-steps > li").count() == 3
    current = card.locator("ol.trail-steps > li[aria-current='step']")
    assert current.count() == 1 and "Staff the phone line" in current.inner_text()
    assert "We will staff the line." in card.inner_text()
    context.close()

    # The kept link, on another phone: the same trail, no cookie needed.
    other_context, other = _phone(browser, live_server)
    page = other.goto(urlsplit(link).path)
    _fits(page)
    assert IDEA in page.locator("main").inner_text()
    other_context.close()
