"""Nothing lost, nothing twice — in the browser (issue 14).

A guest rates four steps and leaves as people do (no save pressed): four ratings are kept. Without
JavaScript one save keeps every rating on the page. A double tap on support, vote, contribution and
an Open Space dot gives one effect each; a support survives a double tap."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.conversations import services as conversation_services
from cocreate.conversations.models import Vote
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution, FeelingRating, Support
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import services as workshop_services
from cocreate.workshops.models import Interest
from tests.browser.conftest import PHONE, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(org: Any, staff: Any) -> Any:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Applying")
    for title in ("Finds the form", "Fills it in", "Sends it", "Waits for an answer"):
        journey_services.add_step(actor=staff, stage=stage, title=title)
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


def _phone(browser: Any, live_server: Any, **options: Any) -> tuple[Any, Visitor]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, **options)
    return context, Visitor(context.new_page(), live_server.url)


def test_four_ratings_survive_leaving_without_saving(browser: Any, live_server: Any, journey: Any) -> None:
    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/j/{journey.pk}/")
    statuses = page.locator("[id^=saved-]")
    for n, feeling in enumerate(("Very bad", "Bad", "Neither good nor bad", "Good")):
        page.get_by_label(feeling, exact=True).nth(n).check()
        statuses.nth(n).get_by_text("Saved").wait_for()
    phone.goto("/")  # leaves, as people do, without pressing any save
    page = phone.goto(f"/j/{journey.pk}/")
    assert FeelingRating.objects.count() == 4
    assert page.locator("input[type=radio]:checked").count() == 4
    context.close()


def test_without_javascript_one_save_keeps_every_rating(browser: Any, live_server: Any, journey: Any) -> None:
    # axe needs JavaScript, so this page is checked by the test above; here only the plain form.
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/j/{journey.pk}/")
    for n in range(4):
        page.get_by_label("Very good", exact=True).nth(n).check()
    page.get_by_role("button", name="Save how it felt").first.click()
    page.wait_for_selector("text=4 steps is saved")
    assert FeelingRating.objects.filter(value=2).count() == 4
    context.close()


def test_double_taps_give_one_effect(
    browser: Any, live_server: Any, journey: Any, staff: Any, org: Any
) -> None:
    step = journey.stages.get().steps.first()
    idea = journey_services.contribute(
        step=step, participant=_guest(), kind="idea", text="Call people back within a day"
    )
    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/j/{journey.pk}/")
    page.get_by_role("button", name="Support").first.dblclick()
    page.get_by_role("button", name="Withdraw my support").wait_for()
    assert Support.objects.filter(contribution=idea).count() == 1

    page.locator("summary:has-text('Add a pain point')").first.click()
    page.get_by_label("Your words").first.fill("Nobody answers the phone.")
    page.get_by_role("button", name="It was a problem").first.dblclick()
    page.wait_for_selector("text=The organisation will answer")
    assert Contribution.objects.filter(text="Nobody answers the phone.").count() == 1
    made = Contribution.objects.get(text="Nobody answers the phone.")
    expect(page.locator(f"#c-{made.pk}")).to_have_count(1)  # answered in place once: listed once

    conversation = conversation_services.create_conversation(
        actor=staff,
        renewal=journey.renewal,
        topic="Night buses",
        seed_statements=["Buses should run all night"],
    )
    page = phone.goto(f"/c/{conversation.pk}/")
    page.get_by_role("button", name="Agree", exact=True).dblclick()
    page.wait_for_selector("text=You have voted on 1 of 1")
    assert Vote.objects.count() == 1
    page.get_by_label("Your statement").fill("Night buses need lighting at stops")
    page.get_by_role("button", name="Add my statement").dblclick()
    page.wait_for_selector("text=Your statement is in the conversation")
    assert conversation.statements.filter(text__startswith="Night buses need").count() == 1

    workshop = workshop_services.create_workshop(
        actor=staff, organisation=org, renewal=journey.renewal, title="Open Space", format="open_space",
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=1, hours=2),
    )  # fmt: skip
    page = phone.goto(f"/w/{workshop.pk}/")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_role("button", name="Join the workshop").dblclick()
    page.wait_for_selector("text=The marketplace")
    assert workshop.attendees.count() == 1
    page = phone.goto(f"/w/{workshop.pk}/market/")
    page.get_by_label("Your session").fill("Buses at night")
    page.get_by_role("button", name="Propose").dblclick()
    page.get_by_role("button", name="I want to join").dblclick()
    page.get_by_role("button", name="Remove my dot").wait_for()
    assert workshop.sessions.count() == 1
    assert Interest.objects.count() == 1
    context.close()


def _guest() -> Any:
    from cocreate.accounts.tests.factories import GuestParticipantFactory

    return GuestParticipantFactory()


def test_a_support_is_given_in_place_and_focus_stays(browser: Any, live_server: Any, journey: Any) -> None:
    """With JavaScript a support does not reload the page: the line swaps in place, the button keeps
    focus under its new name, the announcer says what happened; Enter again withdraws it."""
    step = journey.stages.get().steps.first()
    idea = journey_services.contribute(step=step, participant=_guest(), kind="idea", text="Call back")
    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/j/{journey.pk}/")
    page.evaluate("window.stayedOnThePage = true")
    page.get_by_role("button", name="Support").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Withdraw my support").wait_for()
    expect(page.locator("#announcer")).to_have_text("You support this idea.")
    expect(page.locator(f"#support-{idea.pk}")).to_contain_text("1 support")
    assert page.evaluate("document.activeElement.id") == f"support-button-{idea.pk}"
    assert page.evaluate("window.stayedOnThePage === true")  # no reload
    assert Support.objects.filter(contribution=idea).count() == 1
    phone.check_accessibility()

    page.keyboard.press("Enter")  # focus stayed on the button, now "Withdraw my support"
    page.get_by_role("button", name="Support").wait_for()
    expect(page.locator("#announcer")).to_have_text("Your support is withdrawn.")
    assert page.evaluate("document.activeElement.id") == f"support-button-{idea.pk}"
    assert not Support.objects.exists()
    context.close()


def test_a_support_that_cannot_go_in_place_goes_the_plain_way(
    browser: Any, live_server: Any, journey: Any
) -> None:
    """The in-place request is lost (a bad network): the form is sent as without JavaScript, and the
    page that comes back says the support is kept."""
    step = journey.stages.get().steps.first()
    idea = journey_services.contribute(step=step, participant=_guest(), kind="idea", text="Call back")
    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/j/{journey.pk}/")
    page.route(
        "**/support/",
        lambda route: route.abort() if route.request.headers.get("hx-request") else route.continue_(),
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Support").first.click()
    # The lost request is reported in the console (htmx and Chromium); nothing else may be.
    assert all("sendError" in e or "afterRequest" in e or "ERR_FAILED" in e for e in phone.console_errors)
    phone.console_errors.clear()
    phone.after_navigation()
    expect(page.locator("[data-messages]")).to_contain_text("You support this idea.")
    assert Support.objects.filter(contribution=idea).count() == 1
    context.close()


def test_a_vote_that_cannot_go_in_place_goes_the_plain_way_with_its_choice(
    browser: Any, live_server: Any, journey: Any, staff: Any
) -> None:
    """The in-place request fails (the server answers an error): the form goes the plain way with
    the button pressed, so the vote is counted as what was chosen, not lost."""
    conversation = conversation_services.create_conversation(
        actor=staff, renewal=journey.renewal, topic="Night buses", seed_statements=["Buses all night"]
    )
    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/c/{conversation.pk}/")
    page.route(
        f"**/c/{conversation.pk}/",
        lambda route: (
            route.fulfill(status=503, body="busy")
            if route.request.headers.get("hx-request")
            else route.continue_()
        ),
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Disagree", exact=True).click()
    assert all("responseError" in e or "503" in e or "afterRequest" in e for e in phone.console_errors)
    phone.console_errors.clear()
    phone.after_navigation()
    page.get_by_text("You have voted on 1 of 1 statements.").wait_for()
    assert Vote.objects.get().value == -1
    context.close()


def test_an_idea_sent_after_the_journey_closed_keeps_its_words(
    browser: Any, live_server: Any, journey: Any, staff: Any
) -> None:
    """The journey closes while a guest types: the in-place answer is an error status, so the form
    goes the plain way with the button pressed, and the closed page shows the words typed."""
    step = journey.stages.get().steps.first()
    context, phone = _phone(browser, live_server)
    page = phone.goto(f"/j/{journey.pk}/")
    page.locator(f"#step-{step.pk} summary").click()
    page.locator(f"#t-{step.pk}").fill("Let me book a visit online.")
    journey_services.set_participation(actor=staff, journey=journey, open_=False)
    with page.expect_navigation():
        page.locator(f"#step-{step.pk}").get_by_role("button", name="It is an idea").click()
    assert all("responseError" in e or "410" in e or "afterRequest" in e for e in phone.console_errors)
    phone.console_errors.clear()
    phone.after_navigation()
    expect(page.locator("main")).to_contain_text("Let me book a visit online.")
    assert not Contribution.objects.exists()
    context.close()
