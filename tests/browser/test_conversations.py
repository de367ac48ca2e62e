"""A conversation in the browser: staff open it with seed statements, guests vote on phones, and
the public results page moves within seconds, axe-clean."""

from __future__ import annotations

import random
from typing import Any

import pytest

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.conversations import services
from cocreate.conversations.models import Conversation
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from tests.browser.conftest import PHONE, Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_vote_on_a_phone_and_watch_the_map_move(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, staff: Any
) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    log_in(visitor, staff)
    page = visitor.goto(f"/conversations/renewals/{renewal.pk}/new/")
    page.get_by_label("Topic").fill("Home care after hospital")
    page.get_by_label("Seed statements").fill("\n".join(f"Statement number {n}" for n in range(1, 9)))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Home care after hospital')")
    visitor.after_navigation()
    conversation = Conversation.objects.get()

    # Earlier voters in two camps, so there are groups to show.
    rng = random.Random(3)
    statements = list(conversation.statements.order_by("number"))
    for p in range(20):
        participant = GuestParticipantFactory()
        camp = 1 if p % 2 else -1
        for s in statements:
            value = (camp if s.number <= 4 else -camp) if rng.random() < 0.9 else 0
            services.vote(statement=s, participant=participant, value=value)

    results = visitor.goto(f"/c/{conversation.pk}/results/")
    assert results.locator("h3:has-text('Group A')").count() == 1
    assert results.locator("circle").count() > 0
    before = results.locator("p.lead").inner_text()

    # A newcomer votes from a phone, as a guest.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = Visitor(context.new_page(), live_server.url)
    phone.goto(f"/c/{conversation.pk}/")
    for n in range(1, 4):  # each vote answered in place with the next statement, which takes focus
        phone.page.get_by_role("button", name="Agree", exact=True).click()
        phone.page.get_by_text(f"You have voted on {n} of 8 statements.").wait_for()
        phone.page.wait_for_function("() => document.activeElement.classList.contains('statement-card')")
    phone.check_accessibility()
    assert phone.page.locator("text=You have voted on 3 of 8 statements.").count() == 1
    phone.page.get_by_label("Your statement").fill("Care should start on the day of discharge")
    phone.page.get_by_role("button", name="Add my statement").click()
    phone.page.wait_for_selector("text=Your statement is in the conversation")
    phone.after_navigation()
    context.close()

    # The open results page updates itself (htmx polling every 2 s): within 3 s.
    results.wait_for_function(
        "before => document.querySelector('p.lead').innerText !== before", arg=before, timeout=3000
    )
    assert "21 participants" in results.locator("p.lead").inner_text()
