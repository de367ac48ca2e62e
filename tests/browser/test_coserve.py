"""Co-Serve in the browser: assess a service, read the ranking with reasons, start a renewal."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.renewals.models import Renewal
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assess_a_service_and_start_its_renewal(visitor: Visitor, org: Any, staff: Any) -> None:
    service = ServiceFactory(organisation=org, name="Home care")
    log_in(visitor, staff)
    page = visitor.goto(f"/services/{service.pk}/coserve/")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_selector("h1:has-text('Should we renew this service by co-creation?')")
    visitor.after_navigation()
    # Answer the favourable way everywhere: the last option is the favourable one on every scale.
    groups = page.locator("fieldset")
    assert groups.count() == 13
    for i in range(groups.count()):
        radios = groups.nth(i).get_by_role("radio")
        radios.nth(radios.count() - 2).check()  # the option before "Don't know"
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("h1:has-text('Does this service fit a co-creative renewal?')")
    visitor.after_navigation()
    assert page.locator(".level--good").count() >= 3  # overall and both groups

    visitor.goto("/services/ranking/")
    assert page.locator("td:has-text('Co-create')").count() == 1

    visitor.goto(f"/services/{service.pk}/coserve/results/")
    page.get_by_role("link", name="Start a renewal of this service").click()
    page.wait_for_selector("h1:has-text('Start a renewal')")
    visitor.after_navigation()
    page.get_by_label("Title").fill("Home care without waiting")
    page.get_by_label("Goal").fill("Care starts the day it is needed.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Home care without waiting')")
    visitor.after_navigation()
    assert Renewal.objects.get().coserve_assessment is not None
