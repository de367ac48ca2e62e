"""Open data: nothing private on any public page, export, feed, calendar or API response; the
API pages, filters, describes itself and limits its rate; the calendars are valid iCalendar."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cocreate.alliances import services as alliance_services
from cocreate.alliances.tests.factories import alliance_with
from cocreate.commitments import services as commitment_services
from cocreate.conversations.models import Conversation
from cocreate.core import ics
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency import services as log_services
from cocreate.transparency.models import LogEntry

pytestmark = pytest.mark.django_db
MARKER = "SECRET-MARKER-91b2"
DATASETS = [
    "renewals",
    "commitments",
    "log-entries",
    "alliances",
    "declarations",
    "members",
    "pledges",
    "pledge-reports",
]
API_PATHS = [
    "/renewals",
    "/commitments",
    "/log-entries",
    "/alliances",
    "/declarations",
    "/members",
    "/pledges",
    "/pledge-reports",
]


@pytest.fixture
def public_renewal(org: Any) -> Renewal:
    return RenewalFactory(
        service__organisation=org, title="Open renewal", visibility=Renewal.Visibility.PUBLIC
    )


def test_private_never_public(
    org: Any, staff: Any, secretary: Any, public_renewal: Renewal, guest: Any
) -> None:
    """A marker in a private renewal, an unpublished log entry, a draft commitment and a private
    alliance appears on no public page, export, feed, calendar or API response."""
    private = RenewalFactory(service__organisation=org, title=f"Private {MARKER}")
    log_services.add_log_entry(
        actor=staff, owner=private, kind="decision", title=f"Private log {MARKER}", publish=True
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=private,
        title=f"Private c {MARKER}",
        organisation=org,
        deadline=date(2030, 1, 1),
        publish=True,
    )
    log_services.add_log_entry(
        actor=staff, owner=public_renewal, kind="script", title=f"Unpublished {MARKER}"
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=public_renewal,
        title=f"Draft {MARKER}",
        organisation=org,
        deadline=date(2030, 1, 1),
    )
    shown = log_services.add_log_entry(
        actor=staff, owner=public_renewal, kind="method", title="Shown", publish=True
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=public_renewal,
        title="Public promise",
        organisation=org,
        deadline=date(2030, 1, 1),
        publish=True,
    )
    # Cycles (issue 16): a private renewal's closing plan, a private conversation of a public one.
    renewal_services.close_cycle(actor=staff, renewal=private, plan=[f"Private plan {MARKER}"])
    Conversation.objects.create(renewal=public_renewal, topic=f"Private talk {MARKER}", is_public=False)
    hidden_alliance = alliance_with(secretary, org, name=f"Hidden {MARKER}", is_public=False)
    alliance_services.add_pledge(
        actor=secretary,
        alliance=hidden_alliance,
        organisation=org,
        title=f"P {MARKER}",
        amount=Decimal(1),
        unit="t",
        year=2030,
    )
    urls = [
        reverse("public:public_renewals"),
        reverse("public:public_renewal", args=[public_renewal.pk]),
        reverse("transparency_public:log_entry", args=[shown.pk]),
        reverse("open:renewal_feed", args=[public_renewal.pk]),
        reverse("open:renewal_atom", args=[public_renewal.pk]),
        reverse("open:renewal_calendar", args=[public_renewal.pk]),
        reverse("open:open_data"),
        reverse("alliances:alliances"),
        reverse("open_api:openapi-json"),
    ]
    urls += [reverse("open:export", args=[name, fmt]) for name in DATASETS for fmt in ("csv", "json")]
    urls += ["/open/api" + path for path in API_PATHS]
    client = Client()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARKER.encode() not in response.content, url
    public_json = client.get(reverse("open:export", args=["commitments", "json"])).json()
    assert [c["title"] for c in public_json] == ["Public promise"]
    for url in (
        reverse("public:public_renewal", args=[private.pk]),
        reverse("open:renewal_feed", args=[private.pk]),
        reverse("open:renewal_calendar", args=[private.pk]),
        reverse("alliances:alliance", args=[hidden_alliance.pk]),
        reverse("open:alliance_calendar", args=[hidden_alliance.pk]),
        reverse(
            "transparency_public:log_entry", args=[LogEntry.objects.get(title=f"Unpublished {MARKER}").pk]
        ),
    ):
        assert client.get(url).status_code == 404, url


def test_api_pages_filters_and_bad_input(
    org: Any, other_org: Any, staff: Any, public_renewal: Renewal
) -> None:
    for i in range(3):
        commitment_services.add_commitment(
            actor=staff,
            owner=public_renewal,
            title=f"C{i}",
            organisation=org,
            deadline=date(2030, 1, 1 + i),
            publish=True,
        )
    client = Client()
    body = client.get("/open/api/commitments", {"limit": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 2 and body["next_offset"] == 2
    assert client.get("/open/api/commitments", {"organisation": other_org.pk}).json()["count"] == 0
    assert client.get("/open/api/commitments", {"status": "done"}).json()["count"] == 0
    assert client.get("/open/api/commitments", {"organisation": "nope"}).status_code in (400, 422)
    assert client.get("/open/api/commitments", {"limit": 1000}).status_code == 422
    response = client.get("/open/api/alliances")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert (
        client.get(reverse("open:export", args=["commitments", "csv"]), {"organisation": "x"}).status_code
        == 400
    )
    assert client.get(reverse("open:export", args=["nothing", "csv"])).status_code == 404


def test_openapi_lists_every_endpoint() -> None:
    schema = json.loads(Client().get(reverse("open_api:openapi-json")).content)
    assert schema["openapi"].startswith("3.")
    assert {"/open/api" + p for p in API_PATHS} <= set(schema["paths"])
    assert all(list(ops) == ["get"] for ops in schema["paths"].values())


@override_settings(OPEN_DATA_REQUESTS_PER_MINUTE=3)
def test_api_rate_limit_per_client_address() -> None:
    client = Client()
    codes = [client.get("/open/api/alliances").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="10.0.0.9").get("/open/api/alliances").status_code == 200


def test_calendar_is_rfc5545_text(org: Any, staff: Any, public_renewal: Renewal) -> None:
    alliance_services.add_meeting(
        actor=staff,
        owner=public_renewal,
        title="Kick-off; room 2, floor 1",
        starts_at=timezone.now() + timedelta(days=3),
    )
    commitment_services.add_commitment(
        actor=staff,
        owner=public_renewal,
        title="Publish the plan",
        organisation=org,
        deadline=date(2030, 1, 1),
        publish=True,
    )
    response = Client().get(reverse("open:renewal_calendar", args=[public_renewal.pk]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Kick-off\\; room 2\\, floor 1\r\n" in text
    assert "DTSTART;VALUE=DATE:20300101\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_ics_folds_long_lines() -> None:
    event = ics.CalendarEvent(uid="u@x", summary="ž" * 100, start=date(2030, 1, 1))
    text = ics.calendar("c", [event], now=timezone.now()).decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text


def test_the_alliance_calendar_and_feeds(
    org: Any, staff: Any, secretary: Any, public_renewal: Renewal
) -> None:
    alliance = alliance_with(secretary, org)
    group = alliance_services.add_working_group(actor=secretary, alliance=alliance, name="Letters")
    alliance_services.add_meeting(
        actor=secretary, owner=alliance, working_group=group, title="Kick-off", starts_at=timezone.now()
    )
    text = Client().get(reverse("open:alliance_calendar", args=[alliance.pk])).content.decode()
    assert "SUMMARY:Kick-off\r\n" in text and "DESCRIPTION:Letters\r\n" in text
    entry = log_services.add_log_entry(
        actor=staff, owner=public_renewal, kind="decision", title="We chose SMS", publish=True
    )
    for name in ("open:renewal_feed", "open:renewal_atom"):
        feed = Client().get(reverse(name, args=[public_renewal.pk])).content.decode()
        assert "Decision: We chose SMS" in feed
        assert reverse("transparency_public:log_entry", args=[entry.pk]) in feed
