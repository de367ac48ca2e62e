"""Every route, axe-clean and no wider than the screen (issue 19).

Walks every GET route of the permission matrix (tests/test_permissions.py, with its `world` of
objects) for the people who may see it, at 320 px and at 1280 px, runs axe-core (WCAG 2.1 AA)
and measures horizontal overflow. All findings are collected and reported together, so one run
shows everything there is to fix.

By default each route is walked as the participant (anonymous, when they may see it) and as the
most privileged organisation member who may see it; COCREATE_ROUTE_WALK=all walks every persona.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.conftest import CHROMIUM_ARGS, WCAG_21_AA  # noqa: F401 -- same browser setup
from tests.test_permissions import MATRIX, PERSONAS, url_for, world  # noqa: F401 -- world is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
# Who stands in for "the people who may see it" by default: a participant, then the first member
# in this order who may see the route.
MEMBERS = ["org_admin", "staff", "facilitator", "platform_admin", "other_admin", "outsider"]


def personas_for(expectations: dict[str, str]) -> list[str]:
    allowed = [p for p in PERSONAS if expectations[p] == "ok"]
    if os.environ.get("COCREATE_ROUTE_WALK") == "all":
        return allowed
    chosen = ["anonymous"] if "anonymous" in allowed else []
    chosen += [p for p in MEMBERS if p in allowed][:1]
    return chosen


def html_routes(persona: str, objects: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, url) of the GET routes this persona may see and that answer with a page."""
    client = Client()
    if persona != "anonymous":
        client.force_login(objects["users"][persona])
    found = []
    for name, (method, expectations, *rest) in MATRIX.items():
        if method != "get" or persona not in personas_for(expectations):
            continue
        url = url_for(name, objects["kwargs"], rest[0] if rest else None)
        response = client.get(url, follow=True)  # a redirect is walked to where it lands
        # Pages only: htmx fragments (live panels, status polls) are checked inside their pages.
        page = (
            response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and b"<html" in response.content[:500]
        )
        if page:
            found.append((name, url))
    return found


def session_cookie(user: Any, base_url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": base_url}  # fmt: skip


def walk(browser: Any, base_url: str, persona: str, objects: dict[str, Any]) -> tuple[int, list[str]]:
    from axe_playwright_python.sync_playwright import Axe

    routes = html_routes(persona, objects)
    failures: list[str] = []
    axe = Axe()
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        if persona != "anonymous":
            context.add_cookies([session_cookie(objects["users"][persona], base_url)])
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg, errors=errors: msg.type == "error" and errors.append(msg.text))
        for name, url in routes:
            errors.clear()
            page.goto(base_url + url)
            page.wait_for_load_state("load")
            where = f"{persona} @ {width}px {name} {url}"
            violations = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}).response[
                "violations"
            ]
            for v in violations:
                failures.append(f"{where}: {v['id']} — {[n['target'] for n in v['nodes']][:3]}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('main *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""
                )
                failures.append(f"{where}: {overflow}px wider than the screen — {wide}")
            if errors:
                failures.append(f"{where}: console {errors[:2]}")
        context.close()
    return len(routes), failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_is_accessible_and_fits(
    persona: str,
    browser: Any,
    live_server: Any,
    world: dict[str, Any],  # noqa: F811 -- the permission matrix's fixture, imported above
) -> None:
    walked, failures = walk(browser, live_server.url, persona, world)
    print(f"\n{persona}: {walked} routes walked at {', '.join(f'{w} px' for w in WIDTHS)}")
    assert failures == [], f"{len(failures)} findings:\n" + "\n".join(failures)
