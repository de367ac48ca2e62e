"""The pages: a guest proves an e-mail by code, sees, downloads and erases; staff pages are guarded."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.privacy.models import PrivacyNotice
from conftest import client_for

pytestmark = pytest.mark.django_db
EMAIL = "guest.person@example.net"


def _prove(client: Client, capture: Any, email: str = EMAIL) -> None:
    with capture(execute=True):
        response = client.post(reverse("privacy:request_code"), {"email": email})
    assert response.status_code == 302
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    wrong = client.post(response["Location"], {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200 and b"not right" in wrong.content
    assert client.post(response["Location"], {"code": code}).status_code == 302


def test_a_guest_reaches_downloads_and_erases_by_email_code(django_capture_on_commit_callbacks: Any) -> None:
    GuestParticipantFactory(nickname="Mossy", email=EMAIL, notify_consent_at=timezone.now())
    client = Client()
    _prove(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("privacy:home"))
    assert b"Mossy" in page.content
    download = client.get(reverse("privacy:download"))
    assert download["Content-Type"] == "application/zip"
    assert b"Mossy" in zipfile.ZipFile(io.BytesIO(download.content)).read("data.json")
    erased = client.post(reverse("privacy:erase"), {"contributions": "anonymise", "confirm": "on"})
    assert erased.status_code == 302
    assert not GuestParticipant.objects.filter(email=EMAIL).exists()


def test_erase_needs_the_confirmation(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    _prove(
        client, django_capture_on_commit_callbacks, "nobody@example.net"
    )  # proves an address we hold nothing for: still a subject
    response = client.post(reverse("privacy:erase"), {"contributions": "anonymise"})
    assert response.status_code == 200 and b"cannot be undone" in response.content


def test_without_identity_there_is_nothing_to_download() -> None:
    assert Client().get(reverse("privacy:download")).status_code == 302


def test_notice_is_public_and_edited_by_admins(org: Any, org_admin: Any, staff: Any) -> None:
    url = reverse("privacy:notice", args=[org.pk])
    assert Client().get(url).status_code == 200
    edit = reverse("privacy:notice_edit", args=[org.pk])
    assert client_for(staff).get(edit).status_code == 403
    response = client_for(org_admin).post(
        edit,
        {
            "controller": "Municipality of Lipovec, Main Square 1",
            "dpo_contact": "dpo@lipovec.example",
            "purposes": "Renewing services",
            "retention": "Two years",
            "contributions_on_erasure": "anonymise",
        },
    )
    assert response.status_code == 302
    assert PrivacyNotice.objects.get(organisation=org).dpo_contact == "dpo@lipovec.example"
    assert b"dpo@lipovec.example" in Client().get(url).content


def test_record_of_processing_for_the_dpo(org: Any, org_admin: Any, outsider: Any) -> None:
    url = reverse("privacy:processing", args=[org.pk])
    assert client_for(outsider).get(url).status_code == 403
    response = client_for(org_admin).get(url)
    assert response["Content-Type"].startswith("text/csv")
    assert b"Your votes on statements" in response.content


def test_staff_export_by_post(org: Any, org_admin: Any) -> None:
    GuestParticipantFactory(nickname="Posty", email=EMAIL, notify_consent_at=timezone.now())
    response = client_for(org_admin).post(
        reverse("privacy:postal", args=[org.pk]),
        {
            "email": EMAIL,
            "reference": "L-1",
            "action": "export",
            "contributions": "anonymise",
            "identity_checked": "on",
        },
    )
    assert b"Posty" in zipfile.ZipFile(io.BytesIO(response.content)).read("data.json")


def test_footer_links_the_organisations_notice(org: Any) -> None:
    from cocreate.journeys.models import JourneyMap
    from cocreate.renewals.tests.factories import RenewalFactory

    journey = JourneyMap.objects.create(
        renewal=RenewalFactory(service__organisation=org), title="Map", participation_open=True
    )
    page = Client().get(reverse("journeys_public:participate", args=[journey.pk]))
    assert reverse("privacy:notice", args=[org.pk]).encode() in page.content
