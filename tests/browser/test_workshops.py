"""Workshops in the browser: a World Café from set-up to live rounds on two phones, and an Open
Space marketplace to schedule — axe-clean on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.workshops import services
from cocreate.workshops.models import Workshop
from tests.browser.conftest import PHONE, Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_of(browser: Any, live_server: Any) -> tuple[Any, Visitor]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    return context, Visitor(context.new_page(), live_server.url)


def test_world_cafe_live_on_two_phones(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, staff: Any
) -> None:
    log_in(visitor, staff)
    page = visitor.goto("/workshops/")
    page.get_by_label("Title").fill("Home care café")
    page.get_by_role("radio", name="World Café").check()
    page.get_by_role("button", name="Plan from the template").click()
    page.wait_for_selector("h1:has-text('Home care café')")
    visitor.after_navigation()
    workshop = Workshop.objects.get()
    people = "\n".join(f"Person {n}; {['users', 'staff', 'ngo', 'family'][n % 4]}" for n in range(22))
    page.get_by_label("Participants", exact=True).fill(people)
    page.get_by_role("button", name="Add people").click()
    page.wait_for_selector("text=22 participants added")

    # Two participants join on their phones by the link.
    phones = []
    for name in ("Mojca", "Luka"):
        context, phone = phone_of(browser, live_server)
        join = phone.goto(f"/w/{workshop.pk}/")
        join.get_by_label("Your name").fill(name)
        join.get_by_label("You come as").fill("users")
        join.get_by_role("button", name="Join the workshop").click()
        join.wait_for_selector("text=You are registered")
        phone.after_navigation()
        phones.append((context, phone))

    page = visitor.goto(f"/workshops/{workshop.pk}/")
    page.get_by_role("button", name="Plan the table rotation").click()
    page.wait_for_selector("text=Rotation planned: 0 repeated meetings")
    visitor.after_navigation()
    page.get_by_role("button", name="Start the first round").click()
    page.wait_for_selector("text=Round 1 is running")
    # Each phone shows its table and the question within 2 s, without reloading.
    for _context, phone in phones:
        phone.page.wait_for_selector("text=Your table:", timeout=4000)
        phone.page.wait_for_selector("text=What does a good day with this service look like for you?")
        phone.check_accessibility()
    page.get_by_role("button", name="Next round").click()
    page.wait_for_selector("text=Round 2 is running")
    phones[0][1].page.wait_for_selector("text=Round 2", timeout=4000)
    for context, _phone in phones:
        context.close()
    for what in ("run-sheet", "table-cards", "itineraries"):
        visitor.goto(f"/workshops/{workshop.pk}/print/{what}/")


def test_open_space_marketplace_to_schedule(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, staff: Any
) -> None:
    start = timezone.now() + timedelta(days=2)
    workshop = services.create_workshop(
        actor=staff,
        organisation=org,
        title="Open day",
        format="open_space",
        starts_at=start,
        ends_at=start + timedelta(hours=5),
    )
    context, phone = phone_of(browser, live_server)
    join = phone.goto(f"/w/{workshop.pk}/")
    join.get_by_label("Your name").fill("Ana")
    join.get_by_role("button", name="Join the workshop").click()
    join.wait_for_selector("text=The marketplace")
    market = phone.goto(f"/w/{workshop.pk}/market/")
    for title in ("Waiting times", "Carers' pay"):
        market.get_by_label("Your session").fill(title)
        market.get_by_role("button", name="Propose").click()
        market.wait_for_selector(f'strong:has-text("{title}")')
    market.get_by_role("button", name="I want to join — Waiting times").click()
    market.get_by_role("button", name="Remove my dot — Waiting times").wait_for()
    phone.after_navigation()
    context.close()
    log_in(visitor, staff)
    page = visitor.goto(f"/workshops/{workshop.pk}/")
    page.get_by_role("button", name="Make the schedule").click()
    page.wait_for_selector("text=Schedule made")
    visitor.after_navigation()
    board = visitor.goto(f"/workshops/{workshop.pk}/board/")
    assert board.locator("strong:has-text('Waiting times')").count() == 1
