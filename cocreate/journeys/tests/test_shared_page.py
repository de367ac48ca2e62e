"""The participation page a newcomer sees is rendered once and shared for a few seconds
(core/page_cache.py) — but never a token, a submission key, or anything of someone's own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocreate.journeys.models import Contribution, JourneyMap, Step
from cocreate.journeys.tests.test_step_pages import journey, step, url  # noqa: F401 -- fixtures

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')


@pytest.fixture(autouse=True)
def shared(settings: Any) -> None:
    settings.SHARED_PAGE_SECONDS = 5
    cache.clear()


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).content.decode()
    return page, len(queries)


def test_newcomers_share_one_render_each_with_a_token_and_key_of_their_own(
    journey: JourneyMap, step: Step
) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, rendered = _get(first, url("participate", journey))
    page_two, shared = _get(second, url("participate", journey))
    assert shared < rendered  # the second newcomer did not render the page again
    assert TOKEN.search(page_one).group(1) != TOKEN.search(page_two).group(1)
    assert KEY.search(page_one).group(1) != KEY.search(page_two).group(1)
    for client, page, text in ((first, page_one, "One idea"), (second, page_two, "Another idea")):
        form = {"kind": "idea", "text": text, "submission_key": KEY.search(page).group(1)}
        form["csrfmiddlewaretoken"] = TOKEN.search(page).group(1)
        assert client.post(url("contribute", journey, step.pk), form).status_code == 302
    assert set(Contribution.objects.values_list("text", flat=True)) == {"One idea", "Another idea"}
    # A guest who now has an identity sees their own at once, not the shared page.
    own, _queries = _get(first, url("participate", journey))
    assert "One idea" in own


def test_what_is_someones_own_is_never_shared(journey: JourneyMap, staff: Any, as_user: Any) -> None:
    newcomer, rendered = _get(Client(), url("participate", journey))  # now shared for 5 s
    signed_in = as_user(staff).get(url("participate", journey)).content.decode()
    assert "Log out" in signed_in and "Log out" not in newcomer  # rendered for them, not the shared copy
    _page, with_query = _get(Client(), url("participate", journey) + "?x=1")
    assert with_query == rendered  # rendered afresh, never stored under a key someone can vary


def test_off_every_visit_renders(journey: JourneyMap, settings: Any) -> None:
    settings.SHARED_PAGE_SECONDS = 0
    _page, first = _get(Client(), url("participate", journey))
    _page, second = _get(Client(), url("participate", journey))
    assert second == first
