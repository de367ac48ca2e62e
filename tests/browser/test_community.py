"""The community in the browser: join, find a good practice by search, register for an event, and
choose how to be notified — every page checked with axe."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.community.models import Profile, Registration
from cocreate.community.tests.factories import EventFactory, GoodPracticeFactory, MethodCardFactory
from cocreate.notifications.models import Delivery, Kind, Preference
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_join_search_register_and_set_notifications(visitor: Visitor, staff: Any) -> None:
    method = MethodCardFactory(key="journey-mapping", name="Journey mapping")
    GoodPracticeFactory(title="Rewriting benefit letters with their readers", method=method, sector="social")
    GoodPracticeFactory(
        title="A hackathon on open bus data",
        problem="Residents could not use the real-time data.",
        method=None,
        country="IT",
        sector="mobility",
    )
    event = EventFactory(title="Design sprint training", capacity=10)
    log_in(visitor, staff)

    page = visitor.goto("/community/")
    page.get_by_role("link", name="Join the community").click()
    visitor.after_navigation()
    page.get_by_label("Skills").fill("facilitation, journey mapping")
    page.get_by_role("radio", name="Anyone (public profile)").check()
    page.get_by_role("button", name="Join the community").click()
    page.wait_for_selector("h1:has-text('Sara Staff')")
    visitor.after_navigation()
    assert Profile.objects.get(user=staff).visibility == Profile.Visibility.PUBLIC

    page = visitor.goto("/community/practices/")
    page.get_by_label("Search good practices").fill("benefit")
    page.get_by_role("button", name="Search").click()
    page.wait_for_selector("h2:has-text('1 good practice')")
    visitor.after_navigation()
    page.get_by_role("link", name="Rewriting benefit letters with their readers").click()
    page.wait_for_selector("h1:has-text('Rewriting benefit letters')")
    visitor.after_navigation()

    page = visitor.goto(f"/community/events/{event.pk}/")
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector("#registration-status")
    visitor.after_navigation()
    assert Registration.objects.get(event=event, user=staff).status == Registration.Status.CONFIRMED

    page = visitor.goto("/notifications/preferences/")
    page.get_by_role("group", name="Newsletters you subscribed to").get_by_label(
        "E-mail me a daily digest"
    ).check()
    page.get_by_role("button", name="Save preferences").click()
    page.wait_for_selector("text=Your notification preferences are saved.")
    visitor.after_navigation()
    assert Preference.objects.get(user=staff, kind=Kind.NEWSLETTER).delivery == Delivery.DAILY
    visitor.goto("/notifications/")

    # The other community pages a member reaches, each checked with axe.
    for path in ["/community/members/", "/community/methods/", f"/community/methods/{method.pk}/"]:
        visitor.goto(path)
    organisation = staff.organisations.get()
    for path in ["/community/events/", "/community/paths/", f"/community/organisations/{organisation.pk}/"]:
        visitor.goto(path)
