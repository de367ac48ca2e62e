"""The shell end to end in a real browser: log in, switch language, create a service and a
renewal, accept an invitation — with axe-core (WCAG 2.1 AA) on every page visited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from cocreate.accounts.models import Membership
from cocreate.accounts.tests.factories import DEFAULT_PASSWORD
from tests.browser.conftest import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(visitor: Any, user: Any) -> None:
    page = visitor.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")
    visitor.after_navigation()


def test_home_and_login_errors_are_accessible(visitor: Any, staff: Any) -> None:
    visitor.goto("/")
    page = visitor.goto("/accounts/login/")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector(".error-summary")
    visitor.after_navigation()
    # Focus moves to the error summary, so keyboard and screen-reader users hear it first.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")


def test_log_in_switch_language_create_service_and_renewal(
    visitor: Any, staff: Any, facilitator: Any
) -> None:
    log_in(visitor, staff)
    page = visitor.page

    # Switch to Slovenian and back: the language is in the menu (a <details> disclosure).
    page.locator(".site-menu summary").click()
    page.get_by_label("Language").select_option("sl")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_selector("html[lang=sl]")
    visitor.after_navigation()
    page.locator(".site-menu summary").click()
    page.locator("#language-switcher").select_option("en")
    page.locator("#language-switcher ~ button").click()
    page.wait_for_selector("html[lang=en]")

    # Create a service; the first try is empty and keeps nothing half.
    visitor.goto("/services/new/")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".error-summary")
    visitor.after_navigation()
    page.get_by_label("Name").fill("Home care")
    page.get_by_label("Who uses it").fill("Older residents")
    page.get_by_label("Phone").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Home care')")
    visitor.after_navigation()

    # Start a renewal from the service page.
    page.get_by_role("link", name="Start a renewal of this service").click()
    page.wait_for_selector("h1:has-text('Start a renewal')")
    visitor.after_navigation()
    page.get_by_label("Title").fill("Care without waiting")
    page.get_by_label("Goal").fill("No week-long waits after hospital.")
    page.get_by_label(facilitator.full_name).check()
    page.get_by_label("Public — anyone can read the public page").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Care without waiting')")
    visitor.after_navigation()
    page.get_by_role("link", name="see the public page").click()
    page.wait_for_selector("h2:has-text('Process log')")
    visitor.after_navigation()


def test_invitation_is_accepted_in_the_browser(visitor: Any, org: Any, org_admin: Any) -> None:
    log_in(visitor, org_admin)
    page = visitor.goto(f"/accounts/organisations/{org.pk}/members/")
    page.get_by_label("E-mail address").fill("new.colleague@example.org")
    page.get_by_label("Role").first.select_option("facilitator")
    page.get_by_role("button", name="Send invitation").click()
    link = page.locator("[data-invitation-link]").inner_text()
    visitor.after_navigation()
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body

    # The invitee, in a fresh browser session.
    page.context.clear_cookies()
    visitor.goto(link.replace("http://127.0.0.1:8000", ""))
    page.get_by_label("Full name").fill("Nova Kolegica")
    page.get_by_label("Password", exact=True).fill("a-long-passphrase")
    page.get_by_label("Password again").fill("a-long-passphrase")
    page.get_by_role("button", name="Create account and join").click()
    page.wait_for_url("**/dashboard/")
    visitor.after_navigation()
    assert Membership.objects.get(user__email="new.colleague@example.org").role == "facilitator"


def test_public_pages_work_on_a_phone(phone_visitor: Any) -> None:
    phone_visitor.goto("/")
    phone_visitor.goto("/public/renewals/")
    phone_visitor.goto("/accounts/participant/")
    # Nothing is wider than the screen.
    assert phone_visitor.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_signed_in_pages_fit_320_pixels(browser: Any, live_server: Any, staff: Any) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    narrow = Visitor(context.new_page(), live_server.url)
    log_in(narrow, staff)
    for path in ("/dashboard/", "/services/", "/services/new/", "/renewals/", "/accounts/profile/"):
        narrow.goto(path)
        assert narrow.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()


def test_keyboard_reaches_the_skip_link_first(visitor: Any) -> None:
    page = visitor.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
