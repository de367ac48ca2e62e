"""Breadcrumbs: a view gives the trail (core.breadcrumbs), base.html alone draws it."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from cocreate.core.breadcrumbs import Crumb, Trail, trail

COCREATE = Path(__file__).resolve().parents[2]
# Apps whose templates still write their trail by hand; each leaves this set once its views give
# `breadcrumbs` and its templates drop the block.
NOT_YET: set[str] = set()


def test_a_trail_grows_without_changing_its_start() -> None:
    start = trail("Services", "portfolio:services")
    service = start.then("Library", "portfolio:service", "4b1c3f0e-0000-4000-8000-000000000000")
    assert start == Trail((Crumb("Services", "portfolio:services"),))
    assert [c.label for c in service.here("Edit")] == ["Services", "Library", "Edit"]
    crumbs = service.here("Edit")
    assert crumbs[0].url == reverse("portfolio:services")
    assert crumbs[1].url == reverse("portfolio:service", args=["4b1c3f0e-0000-4000-8000-000000000000"])
    assert crumbs[-1].url == ""  # the current page is not a link


def test_a_module_level_trail_is_translated_when_drawn() -> None:
    services = trail(gettext_lazy("Services"), "portfolio:services")  # as views declare it
    with translation.override("sl"):
        html = _page(services.here("X"))
    assert "Storitve" in html


def _page(crumbs: tuple[Crumb, ...]) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return render_to_string("base.html", {"breadcrumbs": crumbs}, request=request)


def test_base_html_draws_an_accessible_trail() -> None:
    html = _page(trail("Renewals", "renewals:renewals").here("Library <b>"))
    nav = re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>(.*?)</ol></nav>', html, re.S)
    assert nav is not None
    items = re.findall(r"<li>(.*?)</li>", nav.group(1))
    assert items == [
        f'<a href="{reverse("renewals:renewals")}">Renewals</a>',
        '<span aria-current="page">Library &lt;b&gt;</span>',  # a title is text, escaped
    ]


def test_no_trail_no_nav() -> None:
    assert 'class="breadcrumbs"' not in _page(())


def test_templates_leave_the_trail_to_base_html() -> None:
    """The markup lives once, in base.html; a page's template never writes its own trail."""
    written_by_hand = sorted(
        str(path.relative_to(COCREATE))
        for path in COCREATE.glob("*/templates/**/*.html")
        if path.parts[len(COCREATE.parts)] not in NOT_YET and "breadcrumb" in path.read_text(encoding="utf-8")
    )
    assert written_by_hand == []
