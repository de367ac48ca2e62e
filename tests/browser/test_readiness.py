"""A full Co-Ready round in the browser: open, invite, answer on phones, close, read the results,
turn a roadmap idea into an action, download the PDF — axe-clean on every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from cocreate.readiness.models import ImprovementAction, Round
from tests.browser.conftest import PHONE, Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_everything(visitor: Visitor, choice: int) -> None:
    """On the questionnaire page: pick the answer at position `choice` in every question."""
    page = visitor.page
    groups = page.locator("fieldset")
    for i in range(groups.count()):
        radios = groups.nth(i).get_by_role("radio")
        radios.nth(min(choice, radios.count() - 1)).check()
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("text=Your answers are counted")
    visitor.after_navigation()


def test_readiness_round_from_opening_to_roadmap(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, org_admin: Any, staff: Any, facilitator: Any
) -> None:
    log_in(visitor, org_admin)
    page = visitor.goto("/readiness/")
    page.get_by_label("Title").fill("Spring 2027")
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_selector("h1:has-text('Spring 2027')")
    visitor.after_navigation()
    page.get_by_label(staff.full_name, exact=False).check()
    page.get_by_label(facilitator.full_name, exact=False).check()
    page.get_by_role("button", name="Send invitations").click()
    page.wait_for_selector("text=Invitation sent to 2 colleagues")
    visitor.after_navigation()
    assert len(mail.outbox) == 2
    round_ = Round.objects.get()
    link = f"/readiness/rounds/{round_.pk}/answer/"
    assert link in mail.outbox[0].body

    # Two colleagues answer on phones; the admin answers too.
    for person, choice in ((staff, 2), (facilitator, 0)):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        phone = Visitor(context.new_page(), live_server.url)
        log_in(phone, person)
        phone.goto(link)
        assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Autosave: the first answer is saved before anything is submitted.
        phone.page.locator("fieldset").first.get_by_role("radio").first.check()
        phone.page.wait_for_selector("#autosave-status:has-text('Saved')")
        answer_everything(phone, choice)
        context.close()
    visitor.goto(link)
    answer_everything(visitor, 1)

    # Close and read the results.
    visitor.goto(f"/readiness/rounds/{round_.pk}/")
    page.get_by_role("button", name="Close the round and see results").click()
    page.wait_for_selector("h1:has-text('How ready are we to co-create?')")
    visitor.after_navigation()
    assert page.locator("text=Based on the answers of 3 colleagues").count() == 1
    assert page.locator(".tag:has-text('Colleagues disagree')").count() > 0  # yes vs no on every point

    # Turn the first roadmap idea into an action.
    page.locator("main details summary").first.click()  # the header's menu is a <details> too
    form = page.locator("main details form").first
    form.get_by_role("button", name="Add the action").click()
    page.wait_for_selector("text=Action added to the roadmap")
    visitor.after_navigation()
    assert ImprovementAction.objects.count() == 1

    # The printable report and the PDF.
    visitor.goto(f"/readiness/rounds/{round_.pk}/report/")
    pdf = page.request.get(f"{live_server.url}/readiness/rounds/{round_.pk}/report.pdf")
    assert pdf.ok and pdf.body()[:4] == b"%PDF"
    visitor.goto("/readiness/history/")
    visitor.goto("/readiness/benchmark/")
