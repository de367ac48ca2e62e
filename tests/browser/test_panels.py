"""A panel in the browser: quotas, the sample pool imported, the draw, the published report."""

from __future__ import annotations

from typing import Any

import pytest

from cocreate.panels import services
from cocreate.panels.models import Volunteer
from cocreate.panels.views import SAMPLE_POOL
from tests.browser.conftest import Visitor
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def test_from_import_to_published_report(visitor: Visitor, org: Any, staff: Any) -> None:
    log_in(visitor, staff)
    page = visitor.goto("/panels/")
    page.get_by_label("Title").fill("Citizens' jury on home care")
    page.get_by_label("Purpose").fill("Recommend how home care should work.")
    page.get_by_label("Panel size").fill("24")
    page.get_by_role("button", name="Set up").click()
    page.wait_for_selector('h1:has-text("Citizens\' jury on home care")')
    visitor.after_navigation()
    page.get_by_role("button", name="Save features and quotas").click()  # the example quotas
    page.wait_for_selector("text=Features and quotas saved")
    visitor.after_navigation()
    page.get_by_label("Volunteers (CSV or XLSX)").set_input_files(str(SAMPLE_POOL))
    page.get_by_role("button", name="Import").click()
    page.wait_for_selector("text=160 volunteers imported")
    visitor.after_navigation()
    assert page.locator("text=A panel that meets every quota exists").count() == 1
    # The draw is announced first (its time, where the seed comes from, the seed's fingerprint).
    page.get_by_label("Where the public seed comes from").fill("The national lottery of 29 November 2026")
    page.get_by_label("Or fix the seed now (optional)").fill("2026-11-29 lottery 4 8 15 16 23 42")
    page.get_by_role("button", name="Announce the draw").click()
    page.wait_for_selector("text=The draw is announced and the pool is closed")
    visitor.after_navigation()
    page.get_by_label("Public seed").fill("a seed nobody announced")
    page.get_by_role("button", name="Draw the panel").click()
    page.wait_for_selector("text=This is not the seed announced")
    # The refused seed comes back on the form (400, what was typed kept): the browser logs the
    # status, nothing else goes wrong, and the page with its errors is accessible.
    assert visitor.console_errors == [REFUSED]
    visitor.console_errors.clear()
    visitor.after_navigation()
    assert page.get_by_label("Public seed").input_value() == "a seed nobody announced"
    page.get_by_label("Public seed").fill("2026-11-29 lottery 4 8 15 16 23 42")
    page.get_by_role("button", name="Draw the panel").dblclick()  # a double tap is one draw
    page.wait_for_selector("text=The panel is drawn")
    visitor.after_navigation()
    panel = org.panels.get()
    assert panel.volunteers.filter(status=Volunteer.Status.SELECTED).count() == 24
    assert panel.selections.count() == 1
    page.get_by_label("Transparency report is public").check()
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_selector("text=Settings saved")
    page.context.clear_cookies()
    report = visitor.goto(f"/p/{panel.pk}/report/")
    assert report.locator("text=lottery 4 8 15 16 23 42").count() >= 1
    assert report.locator("text=@example.org").count() == 0
    # After the process, personal data goes; the public report stays readable.
    assert services.purge(actor=None, panel=panel) == 160
    visitor.goto(f"/p/{panel.pk}/report/")
