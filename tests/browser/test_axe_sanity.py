"""The accessibility check itself must be able to fail, or the browser tests prove nothing."""

from typing import Any

import pytest

from tests.browser.conftest import WCAG_21_AA

pytestmark = pytest.mark.browser


def test_axe_reports_violations_on_a_broken_page(browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.set_content("<html><body><img src='x.png'><input type=text></body></html>")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    found = {v["id"] for v in results.response["violations"]}
    assert {"image-alt", "label", "html-has-lang", "document-title"} <= found
    page.close()
