"""Bad input on the shell's forms: empty, too long and malicious values give a clear error, keep
what was typed, store nothing half, and never echo markup unescaped."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.accounts.models import Invitation, Membership, User
from cocreate.accounts.tests.factories import InvitationFactory
from cocreate.portfolio.models import Service

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


def assert_error_page(response: Any, *, keeps: str | None = None) -> str:
    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "There is a problem" in body
    assert SCRIPT not in body  # never echoed raw
    if keeps is not None:
        assert keeps in body, f"the form lost {keeps!r}"
    return body


@pytest.mark.parametrize(
    ("data", "keeps"),
    [
        ({"name": "", "description": "Kept text"}, "Kept text"),
        ({"name": "   ", "users": "Residents"}, "Residents"),
        ({"name": "x" * 201, "description": "Long"}, "Long"),
        ({"name": "Fine", "description": "y" * 5001}, "Fine"),
        ({"name": "Fine", "channels": ["teleport"]}, "Fine"),
    ],
)
def test_service_form_refuses_bad_input_and_keeps_the_rest(
    as_user: Any, staff: Any, data: dict, keeps: str
) -> None:
    response = as_user(staff).post(reverse("portfolio:service_create"), data)
    assert_error_page(response, keeps=keeps)
    assert not Service.objects.exists()


def test_service_with_markup_is_stored_as_text_and_escaped(as_user: Any, staff: Any) -> None:
    client = as_user(staff)
    response = client.post(reverse("portfolio:service_create"), {"name": SCRIPT, "description": SCRIPT})
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.name == SCRIPT  # stored as the text that was typed…
    for url in (reverse("portfolio:services"), reverse("portfolio:service", args=[service.pk])):
        body = client.get(url).content.decode()
        assert SCRIPT not in body and "&lt;script&gt;" in body  # …and shown escaped


@pytest.mark.parametrize(
    "data",
    [
        {"email": "", "role": "staff"},
        {"email": "not-an-address", "role": "staff"},
        {"email": "a@" + "x" * 260 + ".org", "role": "staff"},
        {"email": f"{SCRIPT}@example.org", "role": "staff"},
        {"email": "ok@example.org", "role": "overlord"},
    ],
)
def test_invitation_form_refuses_bad_input(as_user: Any, org: Any, org_admin: Any, data: dict) -> None:
    response = as_user(org_admin).post(reverse("accounts:members", args=[org.pk]), data)
    assert_error_page(response)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("data", "keeps"),
    [
        ({"full_name": "", "password1": "a-long-passphrase", "password2": "a-long-passphrase"}, None),
        ({"full_name": "N" * 151, "password1": "a-long-passphrase", "password2": "a-long-passphrase"}, None),
        ({"full_name": "Nina", "password1": "", "password2": ""}, "Nina"),
        ({"full_name": "Nina", "password1": "a-long-passphrase", "password2": "different-one"}, "Nina"),
        ({"full_name": "Nina", "password1": "1234567890123", "password2": "1234567890123"}, "Nina"),
        ({"full_name": SCRIPT, "password1": "short", "password2": "short"}, "&lt;script&gt;"),
    ],
)
def test_sign_up_form_refuses_bad_input(org: Any, data: dict, keeps: str | None) -> None:
    InvitationFactory(organisation=org, token="bad-input", email="nina@example.org")
    response = Client().post(
        reverse("accounts:accept_invitation", args=["bad-input"]), {**data, "language": "en"}
    )
    assert_error_page(response, keeps=keeps)
    assert not User.objects.filter(email="nina@example.org").exists()
    assert not Membership.objects.exists()
    assert Invitation.objects.get().is_usable  # nothing half-done: the link still works


def test_sign_up_with_markup_in_name_stores_text_and_escapes(org: Any) -> None:
    InvitationFactory(organisation=org, token="markup", email="m@example.org")
    client = Client()
    response = client.post(
        reverse("accounts:accept_invitation", args=["markup"]),
        {
            "full_name": SCRIPT,
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
            "language": "en",
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("home:dashboard")).content.decode()
    assert SCRIPT not in body and "&lt;script&gt;" in body


def test_nonsense_ids_in_urls_are_404_not_500(as_user: Any, staff: Any) -> None:
    client = as_user(staff)
    assert client.get("/services/not-a-uuid/").status_code == 404
    assert client.get("/services/00000000-0000-0000-0000-000000000000/").status_code == 404
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": "garbage"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/renewals/new/?service=garbage&assessment=00000000-0000-0000-0000-000000000000",
        "/services/compare/?service=garbage&service=",
        "/services/ranking/?level=nonsense&sort=%3Cscript%3E&channel=teleport",
        "/services/ranking/?format=csv&level=bad",
        "/readiness/benchmark/?kind=nonsense&country=XX",
        "/accounts/organisations/not-a-uuid/",
    ],
)
def test_tampered_query_strings_never_give_500(as_user: Any, staff: Any, url: str) -> None:
    response = as_user(staff).get(url)
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code
