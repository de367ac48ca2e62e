from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from cocreate.commitments import services
from cocreate.commitments.models import Commitment, LogEntry, PublicComment
from cocreate.commitments.tests.factories import CommitmentFactory, alliance_with
from cocreate.core import ics
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

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


def test_board_groups_by_status_and_flags_late(
    as_user: Any, org: Any, staff: Any, public_renewal: Renewal
) -> None:
    with time_machine.travel(date(2026, 4, 1), tick=False):
        CommitmentFactory(renewal=public_renewal, title="Old promise", deadline=date(2026, 3, 1))
        CommitmentFactory(renewal=public_renewal, title="Done one", deadline=date(2026, 3, 1), status="done")
        page = as_user(staff).get(reverse("commitments:board", args=[public_renewal.pk])).content.decode()
    assert "1 commitment is late." in page
    assert page.count("tag--late") == 1
    assert page.index("Old promise") < page.index("Done one")  # planned column before done


def test_my_commitments(as_user: Any, org: Any, staff: Any, public_renewal: Renewal) -> None:
    CommitmentFactory(renewal=public_renewal, title="Mine", responsible=staff)
    CommitmentFactory(renewal=public_renewal, title="Someone else's")
    page = as_user(staff).get(reverse("commitments:mine")).content.decode()
    assert "Mine" in page and "Someone else" not in page


def test_create_keeps_input_and_shows_errors(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    url = reverse("commitments:commitment_create", args=[public_renewal.pk])
    response = as_user(staff).post(url, {"title": "Keep me", "deadline": "not a date"})
    assert response.status_code == 200
    assert b"Keep me" in response.content and b"form-group--error" in response.content
    response = as_user(staff).post(
        url, {"title": "Keep me", "deadline": "2031-01-01", "responsible": staff.pk}
    )
    assert response.status_code == 302 and Commitment.objects.get().responsible == staff


def test_progress_rejects_bad_files_without_a_500(
    as_user: Any, staff: Any, public_renewal: Renewal, tmp_path: Any
) -> None:
    commitment = CommitmentFactory(renewal=public_renewal)
    url = reverse("commitments:commitment_progress", args=[commitment.pk])
    bad = SimpleUploadedFile("evil.html", b"<script>", content_type="text/html")
    response = as_user(staff).post(url, {"text": "Did it", "file": bad})
    assert response.status_code == 200 and b"form-group--error" in response.content
    with override_settings(MEDIA_ROOT=tmp_path):
        ok = SimpleUploadedFile("report.pdf", b"%PDF-1.4", content_type="application/pdf")
        assert as_user(staff).post(url, {"text": "Did it", "file": ok}).status_code == 302
    response = as_user(staff).post(
        reverse("commitments:commitment_status", args=[commitment.pk]), {"status": "dropped"}
    )
    assert response.status_code == 200 and b"Say why" in response.content


def test_public_challenge_and_staff_answer(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    entry = services.add_log_entry(
        actor=staff, owner=public_renewal, kind="decision", title="We chose B", publish=True
    )
    url = reverse("open:log_entry", args=[entry.pk])
    client = Client()
    assert client.post(url, {"text": ""}).status_code == 200  # error shown, not a 500
    response = client.post(url, {"text": "<script>alert(1)</script> why?", "nickname": "Maja"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Maja" in page and "Waiting for an answer" in page
    public_page = Client().get(reverse("public:public_renewal", args=[public_renewal.pk])).content.decode()
    assert "1 question from the public waits for an answer" in public_page
    question = PublicComment.objects.get()
    as_user(staff).post(
        reverse("commitments:answer", args=[question.pk]), {"answer": "Because it is cheaper."}
    )
    assert "Because it is cheaper." in client.get(url).content.decode()


def test_signed_in_comment_and_signing_through_views(
    as_user: Any, org: Any, org_admin: Any, secretary: Any
) -> None:
    alliance = alliance_with(secretary, org)
    client = as_user(org_admin)
    page = client.get(reverse("commitments:alliance", args=[alliance.pk])).content.decode()
    assert "Sign the declaration" in page
    client.post(reverse("commitments:sign", args=[alliance.pk]), {"organisation": org.pk})
    page = client.get(reverse("commitments:alliance", args=[alliance.pk])).content.decode()
    assert "Sign the declaration" not in page and "Signed by" in page
    response = client.post(
        reverse("commitments:pledge_create", args=[alliance.pk]),
        {
            "organisation": org.pk,
            "title": "Rewrite letters",
            "amount": "50",
            "unit": "letters",
            "year": "2029",
        },
    )
    assert response.status_code == 302
    pledge = alliance.pledges.get()
    response = client.post(
        reverse("commitments:pledge_report", args=[pledge.pk]), {"period_end": "2999-01-01", "amount": "5"}
    )
    assert response.status_code == 200 and b"cannot be in the future" in response.content
    client.post(
        reverse("commitments:pledge_report", args=[pledge.pk]),
        {"period_end": timezone.localdate().isoformat(), "amount": "5"},
    )
    page = Client().get(reverse("commitments:alliance", args=[alliance.pk])).content.decode()
    assert 'role="img"' in page and "<title id=" in page and "Pledged and reported by sector" in page


def test_private_never_public(
    org: Any, staff: Any, secretary: Any, public_renewal: Renewal, guest: Any
) -> None:
    """A marker in a private renewal, an unpublished log entry, a draft commitment and a private
    alliance appears on no public page, export, feed, calendar or API response."""
    private = RenewalFactory(service__organisation=org, title=f"Private {MARKER}")
    services.add_log_entry(
        actor=staff, owner=private, kind="decision", title=f"Private log {MARKER}", publish=True
    )
    services.add_commitment(
        actor=staff,
        owner=private,
        title=f"Private c {MARKER}",
        organisation=org,
        deadline=date(2030, 1, 1),
        publish=True,
    )
    services.add_log_entry(actor=staff, owner=public_renewal, kind="script", title=f"Unpublished {MARKER}")
    services.add_commitment(
        actor=staff,
        owner=public_renewal,
        title=f"Draft {MARKER}",
        organisation=org,
        deadline=date(2030, 1, 1),
    )
    shown = services.add_log_entry(
        actor=staff, owner=public_renewal, kind="method", title="Shown", publish=True
    )
    services.add_commitment(
        actor=staff,
        owner=public_renewal,
        title="Public promise",
        organisation=org,
        deadline=date(2030, 1, 1),
        publish=True,
    )
    hidden_alliance = alliance_with(secretary, org, name=f"Hidden {MARKER}", is_public=False)
    services.add_pledge(
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
        reverse("open:log_entry", args=[shown.pk]),
        reverse("open:renewal_feed", args=[public_renewal.pk]),
        reverse("open:renewal_atom", args=[public_renewal.pk]),
        reverse("open:renewal_calendar", args=[public_renewal.pk]),
        reverse("open:open_data"),
        reverse("commitments:alliances"),
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
        reverse("commitments:alliance", args=[hidden_alliance.pk]),
        reverse("open:alliance_calendar", args=[hidden_alliance.pk]),
        reverse("open:log_entry", args=[LogEntry.objects.get(title=f"Unpublished {MARKER}").pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_api_pages_filters_and_bad_input(
    org: Any, other_org: Any, staff: Any, public_renewal: Renewal
) -> None:
    for i in range(3):
        services.add_commitment(
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
    services.add_meeting(
        actor=staff,
        owner=public_renewal,
        title="Kick-off; room 2, floor 1",
        starts_at=timezone.now() + timedelta(days=3),
    )
    services.add_commitment(
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


def test_renewal_pages_show_the_sections(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    page = as_user(staff).get(reverse("renewals:renewal", args=[public_renewal.pk])).content.decode()
    assert "Commitments board" in page
    page = Client().get(reverse("public:public_renewal", args=[public_renewal.pk])).content.decode()
    assert "Commitments and published documents" not in page  # nothing published yet
    services.add_log_entry(actor=staff, owner=public_renewal, kind="method", title="Interviews", publish=True)
    page = Client().get(reverse("public:public_renewal", args=[public_renewal.pk])).content.decode()
    assert "Commitments and published documents" in page and "Interviews" in page


def test_participation_counts_only_and_pledge_edit(
    as_user: Any,
    org: Any,
    org_admin: Any,
    staff: Any,
    other_admin: Any,
    public_renewal: Renewal,
    secretary: Any,
) -> None:
    url = reverse("commitments:renewal_log", args=[public_renewal.pk])
    data = {
        "kind": "meeting_notes",
        "title": "Workshop 1",
        "participation": "Service users 14",
        "publish": "on",
    }
    response = as_user(staff).post(url, data)
    assert (
        response.status_code == 200
        and b"group: number" in response.content
        and b"Workshop 1" in response.content
    )
    response = as_user(staff).post(url, {**data, "participation": "Service users: 14\nStaff: 5"})
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.participation == {"Service users": 14, "Staff": 5}
    page = Client().get(reverse("open:log_entry", args=[entry.pk])).content.decode()
    assert "Who took part" in page and "<td>14</td>" in page

    alliance = alliance_with(secretary, org)
    pledge = services.add_pledge(
        actor=org_admin,
        alliance=alliance,
        organisation=org,
        title="P",
        amount=Decimal(5),
        unit="t",
        year=2030,
    )
    edit = reverse("commitments:pledge_edit", args=[pledge.pk])
    assert as_user(other_admin).get(edit).status_code == 403
    response = as_user(secretary).post(edit, {"title": "P2", "amount": "-1", "unit": "t", "year": "2030"})
    assert response.status_code == 200 and b"P2" in response.content
    as_user(secretary).post(edit, {"title": "P2", "amount": "7", "unit": "t", "year": "2031"})
    pledge.refresh_from_db()
    assert (pledge.title, pledge.amount, pledge.year) == ("P2", 7, 2031)
    page = Client().get(reverse("commitments:alliance", args=[alliance.pk])).content.decode()
    assert "What happened" in page and "changed its pledge" in page
