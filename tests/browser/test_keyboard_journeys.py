"""A participant on a 390 px phone with a keyboard only (issue 19): from the home page, type a code,
say how a step of a journey felt and what went wrong; back home, type another code and vote in a
conversation. No mouse, no element.click(): Tab, Shift+Tab, Enter, Space, the arrow keys and typing.
The header stays ≤ 64 px logged out and logged in, and axe checks every page on the way."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from cocreate.accounts.tests.factories import DEFAULT_PASSWORD, GuestParticipantFactory
from cocreate.conversations import services as conversation_services
from cocreate.core import join
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution, FeelingRating
from cocreate.panels import services as panel_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import planning
from cocreate.workshops import services as workshop_services
from cocreate.workshops.tests.test_workshops import cafe
from tests.browser.conftest import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_390 = {"width": 390, "height": 844}
HEADER_MAX = 64


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True)
    yield Visitor(context.new_page(), live_server.url)
    context.close()


@pytest.fixture
def codes(org: Any, org_admin: Any) -> dict[str, Any]:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    journey = journey_services.create_map(actor=org_admin, renewal=renewal, title="Getting home care")
    stage = journey_services.add_stage(actor=org_admin, journey=journey, title="Applying")
    for title in ("Finds the form", "Fills in the form"):
        journey_services.add_step(actor=org_admin, stage=stage, title=title)
    journey_services.set_participation(actor=org_admin, journey=journey, open_=True)
    conversation = conversation_services.create_conversation(
        actor=org_admin,
        renewal=renewal,
        topic="Opening hours",
        is_public=True,
        seed_statements=["Open on Saturdays"],
    )
    return {
        "journey": journey,
        "journey_code": join.code_for(journey),
        "conversation": conversation,
        "conversation_code": join.code_for(conversation),
    }


def header_height(page: Any) -> float:
    return float(page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height"))


def tab_to(page: Any, condition: str, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies `condition`, a JavaScript
    expression over `el` (document.activeElement). Fails if the element is not reachable."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!(el && ({condition})); }})()"
        ):
            return
        page.keyboard.press(key)
    pytest.fail(f"not reachable by {key}: {condition}")


def type_a_code(phone: Visitor, code: str) -> None:
    """On the home page: Tab to the first field, type the code as people do, Enter."""
    page = phone.page
    tab_to(page, "el.id === 'join-code'")
    page.keyboard.type(f"{code[:3].lower()} {code[3:]}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    phone.after_navigation()


def test_join_give_feedback_and_vote_by_keyboard_on_a_phone(phone: Visitor, codes: dict[str, Any]) -> None:
    journey, conversation = codes["journey"], codes["conversation"]
    page = phone.goto("/")
    assert header_height(page) <= HEADER_MAX
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    # The join field is the page's first field: no more than a few Tabs past the header.
    type_a_code(phone, codes["journey_code"])
    assert page.url.endswith(f"/j/{journey.pk}/")
    assert header_height(page) <= HEADER_MAX

    # How the first step felt: Tab into its radio group, the arrow keys choose, autosave keeps it.
    first = journey.stages.get().steps.order_by("order").first()
    tab_to(page, f"el.name === 'feeling-{first.pk}'")
    page.keyboard.press("Space")  # checks the first choice, "Very bad"
    expect(page.locator(f"#saved-{first.pk}")).not_to_be_empty()  # the autosave answered
    assert FeelingRating.objects.get(step=first).value == -2
    page.keyboard.press("ArrowRight")  # the arrow keys move the choice: "Bad"
    for _ in range(50):
        if FeelingRating.objects.get(step=first).value == -1:
            break
        page.wait_for_timeout(100)
    assert FeelingRating.objects.get(step=first).value == -1  # replaced, not added

    # What went wrong: open the step's disclosure with Enter, type, and send it as a problem.
    tab_to(page, f"el.tagName === 'SUMMARY' && el.closest('#step-{first.pk}')")
    page.keyboard.press("Enter")
    tab_to(page, f"el.id === 't-{first.pk}'")
    page.keyboard.type("Nobody told me which form to use.")
    tab_to(page, "el.tagName === 'BUTTON' && el.value === 'pain_point'")
    page.evaluate("window.stayedOnThePage = true")
    page.keyboard.press("Enter")  # answered in place: the step's part swaps, the thanks take focus
    thanked = f"thanked-{first.pk}"
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=thanked)
    assert page.evaluate("window.stayedOnThePage === true")  # no reload: the phone keeps its place
    contribution = Contribution.objects.get(step=first)
    assert contribution.kind == Contribution.Kind.PAIN_POINT
    expect(page.locator(f"#new-{first.pk}")).to_contain_text("Nobody told me which form to use. (yours)")
    assert page.locator(f"#t-{first.pk}").input_value() == ""  # an empty form for the next one
    phone.check_accessibility()

    # Back home by the header's link (Shift+Tab walks back up the page), then the second code.
    tab_to(page, "el.classList.contains('site-header__brand')", backwards=True)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    phone.after_navigation()
    type_a_code(phone, codes["conversation_code"])
    assert page.url.endswith(f"/c/{conversation.pk}/")

    tab_to(page, "el.tagName === 'BUTTON' && el.value === 'agree'")
    page.keyboard.press("Space")  # answered in place: the ballot swaps, focus moves to what is next
    page.get_by_text("You have voted on 1 of 1 statements.").wait_for()
    thanks = "You have voted on every statement"
    page.wait_for_function("thanks => document.activeElement.textContent.includes(thanks)", arg=thanks)
    phone.check_accessibility()
    assert conversation.statements.get().votes.get().value == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert len(phone.checked) >= 5


def log_in_by_keyboard(phone: Visitor, user: Any) -> None:
    page = phone.goto("/accounts/login/")
    tab_to(page, "el.type === 'email'")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    phone.after_navigation()


def test_the_logged_in_header_fits_a_phone_and_log_in_is_keyboard_only(phone: Visitor, staff: Any) -> None:
    page = phone.goto("/accounts/login/")
    assert header_height(page) <= HEADER_MAX
    log_in_by_keyboard(phone, staff)
    assert header_height(page) <= HEADER_MAX
    # The menu opens from the keyboard and its first link is reachable by Tab.
    tab_to(page, "el.classList.contains('site-menu__button')")
    page.keyboard.press("Enter")
    assert page.locator(".site-menu__panel").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-menu__panel') !== null")
    phone.check_accessibility()


def test_the_emotion_curve_is_labelled_and_axe_clean_on_a_phone(
    phone: Visitor, codes: dict[str, Any], org_admin: Any
) -> None:
    journey = codes["journey"]
    first, second = journey.stages.get().steps.order_by("order")
    for value, step in ((-2, first), (1, second)):
        journey_services.rate(step=step, participant=GuestParticipantFactory(), value=value)
    log_in_by_keyboard(phone, org_admin)
    page = phone.goto(f"/journeys/maps/{journey.pk}/outputs/")
    labels = page.locator("svg .curve__feeling").all_text_contents()
    assert labels == ["Very bad −2.0", "Good +1.0"]
    assert (page.locator("svg desc").text_content() or "").startswith("Lowest: “Finds the form”")
    # The chart scrolls in its own focusable region; the page itself never scrolls sideways.
    tab_to(page, "el.classList.contains('curve__scroll')")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_join_a_workshop_and_follow_live_mode_by_keyboard(phone: Visitor, org: Any, staff: Any) -> None:
    workshop = cafe(org, staff, people=12)
    page = phone.goto("/")
    type_a_code(phone, join.code_for(workshop))
    assert page.url.endswith(f"/w/{workshop.pk}/")
    tab_to(page, "el.name === 'name'")
    page.keyboard.type("Mojca")
    page.keyboard.press("Tab")
    page.keyboard.type("users")
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && !!el.closest('main')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    phone.after_navigation()
    expect(page.get_by_text("You are registered")).to_be_visible()

    # The organisers plan the rotation and start the first round; the phone follows without reloading.
    planning.plan_rotation(actor=staff, workshop=workshop)
    workshop_services.start_or_advance(actor=staff, workshop=workshop)
    expect(page.get_by_text("Your table:")).to_be_visible(timeout=6000)
    phone.check_accessibility()
    assert header_height(page) <= HEADER_MAX


def test_volunteer_for_a_panel_by_keyboard(phone: Visitor, org: Any, staff: Any) -> None:
    panel = panel_services.create_panel(
        actor=staff,
        organisation=org,
        title="Home care panel",
        purpose="Advise the municipality on home care.",
        size=6,
        retention_until=date.today() + timedelta(days=365),
    )
    panel_services.set_quotas(actor=staff, panel=panel, text="Age: young = 2-4\nAge: older = 2-4\n")
    panel_services.set_options(actor=staff, panel=panel, registration_open=True, is_public=True)
    page = phone.goto("/")
    type_a_code(phone, join.code_for(panel))
    tab_to(page, "el.name === 'name'")
    page.keyboard.type("Vesna Novak")
    page.keyboard.press("Tab")
    page.keyboard.type("vesna@example.org")
    # The age group is a radio group: Tab reaches it, the arrow keys choose within it.
    tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    tab_to(page, "el.name === 'consent'")
    page.keyboard.press("Space")
    tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit' && !!el.closest('main')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    phone.after_navigation()
    volunteer = panel.volunteers.get()
    assert volunteer.answers == {"Age": "older"}
    assert header_height(page) <= HEADER_MAX
