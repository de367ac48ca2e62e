"""Browser tests: Playwright for Python driving Debian's Chromium, with axe-core on every page.

Without Chromium the tests skip on a developer's machine, but under CI (CI=true) a missing
browser is a failure: the browser tests must run there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Chromium's own background traffic is refused on this network; these flags keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: browser tests must run under CI")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Visitor:
    """A page in the browser that checks every page it lands on with axe-core."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []
        # Console errors include Content-Security-Policy refusals: a page that needs unsafe-inline fails.
        self.console_errors: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def goto(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        self.check_accessibility()
        return self.page

    def check_accessibility(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        violations = results.response["violations"]
        summary = [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations]
        assert not violations, f"axe on {self.page.url}:\n" + "\n".join(summary)
        assert not self.console_errors, f"browser console on {self.page.url}: {self.console_errors}"
        self.checked.append(self.page.url)

    def after_navigation(self) -> None:
        """Call after a click or submit that loads a new page."""
        self.check_accessibility()


@pytest.fixture
def visitor(browser: Any, live_server: Any) -> Iterator[Visitor]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Visitor(page, live_server.url)
    context.close()


@pytest.fixture
def phone_visitor(browser: Any, live_server: Any) -> Iterator[Visitor]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield Visitor(page, live_server.url)
    context.close()
