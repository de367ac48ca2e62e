"""The process log through its pages: staff write and publish, the public asks, staff answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.alliances.tests.factories import alliance_with
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency import services
from cocreate.transparency.models import LogEntry, PublicComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_renewal(org: Any) -> Renewal:
    return RenewalFactory(
        service__organisation=org, title="Open renewal", visibility=Renewal.Visibility.PUBLIC
    )


def test_public_challenge_and_staff_answer(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    entry = services.add_log_entry(
        actor=staff, owner=public_renewal, kind="decision", title="We chose B", publish=True
    )
    url = reverse("transparency_public:log_entry", args=[entry.pk])
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
        reverse("transparency:answer", args=[question.pk]), {"answer": "Because it is cheaper."}
    )
    assert "Because it is cheaper." in client.get(url).content.decode()


def test_renewal_pages_show_the_sections(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    page = as_user(staff).get(reverse("renewals:renewal", args=[public_renewal.pk])).content.decode()
    assert "Commitments board" in page
    assert reverse("transparency:renewal_log", args=[public_renewal.pk]) in page
    page = Client().get(reverse("public:public_renewal", args=[public_renewal.pk])).content.decode()
    assert "Published documents" not in page  # nothing published yet
    services.add_log_entry(actor=staff, owner=public_renewal, kind="method", title="Interviews", publish=True)
    page = Client().get(reverse("public:public_renewal", args=[public_renewal.pk])).content.decode()
    assert "Published documents" in page and "Interviews" in page
    assert reverse("open:renewal_feed", args=[public_renewal.pk]) in page


def test_the_alliance_page_shows_its_published_log(staff: Any, org: Any, secretary: Any) -> None:
    alliance = alliance_with(secretary, org)
    services.add_log_entry(actor=secretary, owner=alliance, kind="decision", title="Draft decision")
    shown = services.add_log_entry(
        actor=secretary, owner=alliance, kind="decision", title="Report twice a year", publish=True
    )
    page = Client().get(reverse("alliances:alliance", args=[alliance.pk])).content.decode()
    assert "Process log" in page and "Report twice a year" in page and "Draft decision" not in page
    assert reverse("transparency_public:log_entry", args=[shown.pk]) in page


def test_secretariat_publishes_withdraws_and_answers_on_the_alliance_log(
    as_user: Any, org: Any, secretary: Any, outsider: Any
) -> None:
    alliance = alliance_with(secretary, org)
    url = reverse("transparency:alliance_log", args=[alliance.pk])
    assert as_user(outsider).get(url).status_code == 403
    as_user(secretary).post(url, {"kind": "method", "title": "How we report"})
    entry = LogEntry.objects.get()
    publish = reverse("transparency:log_publish", args=[entry.pk])
    assert as_user(secretary).post(publish).url == url
    entry.refresh_from_db()
    assert entry.is_public
    question = services.comment(entry=entry, text="When?", user=outsider)
    response = as_user(secretary).post(reverse("transparency:answer", args=[question.pk]), {"answer": ""})
    assert response.url == url
    question.refresh_from_db()
    assert not question.is_answered  # an empty answer is refused, with a message
    as_user(secretary).post(reverse("transparency:answer", args=[question.pk]), {"answer": "In June."})
    question.refresh_from_db()
    assert question.is_answered
    as_user(secretary).post(publish, {"withdraw": "1"})
    entry.refresh_from_db()
    assert not entry.is_published


def test_participation_counts_only(as_user: Any, staff: Any, public_renewal: Renewal) -> None:
    url = reverse("transparency:renewal_log", args=[public_renewal.pk])
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
    page = Client().get(reverse("transparency_public:log_entry", args=[entry.pk])).content.decode()
    assert "Who took part" in page and "<td>14</td>" in page
