"""Phone first (issue 19): type a code on the home page and arrive, by keyboard; the header fits a
phone (≤ 64 px) with its menu as a disclosure; after a post the message is focused and in view."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.conversations import services as conversation_services
from cocreate.core import join
from cocreate.journeys import services as journey_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True)
    yield Visitor(context.new_page(), live_server.url)
    context.close()


def header_height(page: Any) -> float:
    return float(page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height"))


def test_type_a_code_on_the_home_page_and_vote_by_keyboard(phone: Visitor, org: Any, org_admin: Any) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    conversation = conversation_services.create_conversation(
        actor=org_admin,
        renewal=renewal,
        topic="Opening hours",
        is_public=True,
        seed_statements=["Open on Saturdays"],
    )
    code = join.code_for(conversation)

    page = phone.goto("/")
    assert header_height(page) <= 64
    # Participants see their language switch and nothing to get lost in.
    assert page.locator(".site-header nav").count() == 0
    page.keyboard.press("Tab")  # the skip link
    field = page.get_by_label("Code")
    while not page.evaluate("document.activeElement.id === 'join-code'"):
        page.keyboard.press("Tab")
    page.keyboard.type(f"{code[:3].lower()} {code[3:]}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/c/{conversation.pk}/")
    phone.after_navigation()
    assert field.count() == 0
    agree = page.get_by_role("button", name="Agree", exact=True)
    agree.focus()
    page.keyboard.press("Enter")  # answered in place (the ballot swaps)
    page.get_by_text("You have voted on 1 of 1 statements.").wait_for()
    phone.check_accessibility()
    assert conversation.statements.get().votes.count() == 1


def test_an_unknown_code_says_so(phone: Visitor) -> None:
    page = phone.goto("/join/?code=ZZZ222")
    assert page.get_by_role("alert").inner_text().startswith("Error:")


def test_staff_header_fits_a_phone_and_the_menu_opens_by_keyboard(phone: Visitor, staff: Any) -> None:
    log_in(phone, staff)
    page = phone.page
    assert header_height(page) <= 64
    assert page.locator(".site-menu__panel").is_hidden()
    page.locator(".site-menu summary").focus()
    page.keyboard.press("Enter")
    assert page.locator(".site-menu").get_by_role("link", name="Renewals", exact=True).is_visible()
    headings = [h.split()[0] for h in page.locator(".site-menu__heading").all_inner_texts()]
    assert headings == ["Ready", "Serve", "Renew", "Commit", "Master", "Community", "Organisation"]
    phone.check_accessibility()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_after_a_post_the_message_is_focused_inside_the_step(phone: Visitor, org: Any, staff: Any) -> None:
    """A button that reloads the page (a report) brings the person back to the step, its message
    moved into it and focused; an idea, answered in place, focuses its thanks in the step too."""
    renewal = RenewalFactory(service__organisation=org)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Applying")
    for title in ("Finds the form", "Fills in the form", "Waits", "Gets an answer", "Care starts"):
        last = journey_services.add_step(actor=staff, stage=stage, title=title)
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    journey_services.contribute(
        step=last, participant=GuestParticipantFactory(), kind="comment", text="Care started late."
    )
    page = phone.goto(f"/j/{journey.pk}/")
    section = page.locator("section.participate-step").last
    section.locator("summary").click()
    section.get_by_label("Your words").fill("Nobody told me when care would start.")
    section.get_by_role("button", name="A comment").click()
    thanks = section.locator(f"#thanked-{last.pk}")
    thanks.wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.id.startsWith('thanked-')")
    box = thanks.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE_390["height"]

    with page.expect_navigation():
        section.get_by_role("button", name="Report").first.click()
    phone.after_navigation()
    message = page.locator("[data-messages]")
    assert page.evaluate("document.activeElement.hasAttribute('data-messages')")
    assert message.is_visible()
    box = message.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE_390["height"]
    # The message sits in the step it is about.
    assert page.evaluate(
        "document.querySelector('[data-messages]').closest('section.participate-step') !== null"
    )
