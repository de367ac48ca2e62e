"""Calendars, account doors, media by access, 405s and keys (issue 15)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from cocreate.core import ics
from cocreate.workshops import services as workshop_services
from cocreate.workshops.models import HarvestNote, Workshop

EVIL = "Harvest\rATTENDEE:mailto:evil@example.org\nX-INJECTED:1\r\nBEGIN:VALARM"


def test_cr_lf_in_every_ics_field_produces_no_new_property() -> None:
    event = ics.CalendarEvent(
        uid="u1@x" + EVIL, summary=EVIL, start=datetime(2030, 1, 1, 9, tzinfo=UTC),
        description=EVIL, location=EVIL, url="https://example.org/" + EVIL,
    )  # fmt: skip
    text = ics.calendar(EVIL, [event], now=datetime(2030, 1, 1, tzinfo=UTC)).decode()
    unfolded = text.replace("\r\n ", "")
    starts = [line.split(":")[0].split(";")[0] for line in unfolded.split("\r\n") if line]
    assert not {"ATTENDEE", "X-INJECTED", "BEGIN:VALARM"} & set(starts)
    assert starts.count("BEGIN") == 2 and "\r" not in unfolded.replace("\r\n", "")
    parsed = icalendar.Calendar.from_ical(text)
    vevent = parsed.walk("VEVENT")[0]
    assert set(vevent.keys()) == {
        "UID",
        "DTSTAMP",
        "DTSTART",
        "DTEND",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "URL",
    }
    assert "ATTENDEE" in str(vevent["SUMMARY"])  # kept as text, not as a property


@pytest.mark.django_db
def test_cr_in_a_workshop_title_and_place_stays_text(org: Any, staff: Any) -> None:
    start = timezone.now() + timedelta(days=1)
    workshop = workshop_services.create_workshop(
        actor=staff, organisation=org, title="Café", format="world_cafe", starts_at=start,
        ends_at=start + timedelta(hours=2), tables_count=2, table_size=4,
    )  # fmt: skip
    Workshop.objects.filter(pk=workshop.pk).update(title=EVIL, place=EVIL)
    text = Client().get(reverse("workshops_public:ics", args=[workshop.pk])).content.decode()
    lines = text.replace("\r\n ", "").split("\r\n")
    assert not any(line.startswith(("ATTENDEE", "X-INJECTED", "BEGIN:VALARM")) for line in lines)


# --- account doors -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_is_throttled_per_account_and_per_address(staff: Any) -> None:
    url = reverse("accounts:password_reset")
    for n in range(25):  # the sweep's 25 requests for one account, from 25 addresses
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(url, {"email": staff.email})
        assert response.status_code == 302  # the same answer every time: nothing to enumerate
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    client = Client(REMOTE_ADDR="203.0.113.9")
    answers = [client.post(url, {"email": f"n{n}@example.org"}).status_code for n in range(7)]
    assert answers == [302] * 5 + [429] * 2
    assert (
        "Too many reset requests from your network"
        in client.post(url, {"email": "x@example.org"}).content.decode()
    )


@pytest.mark.django_db
def test_login_is_throttled_per_account_across_addresses(staff: Any) -> None:
    url = reverse("accounts:login")
    for n in range(10):
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(url, {"username": staff.email, "password": "wrong"})
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(url, {"username": "nobody@example.org", "password": "wrong"})
    right = Client(REMOTE_ADDR="192.0.2.200").post(url, {"username": staff.email, "password": "x" * 12})
    unknown = Client(REMOTE_ADDR="192.0.2.201").post(url, {"username": "nobody@example.org", "password": "y"})
    for response in (right, unknown):  # the same words whether the account exists or not
        assert "Too many failed log-ins" in response.content.decode()


@pytest.mark.django_db
def test_invitation_guessing_is_throttled() -> None:
    client = Client(REMOTE_ADDR="203.0.113.50")
    codes = [
        client.get(reverse("accounts:accept_invitation", args=[f"guess{n}"])).status_code for n in range(22)
    ]
    assert codes[:20] == [404] * 20 and codes[20:] == [429, 429]


# --- media by access -----------------------------------------------------------------------------


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "green").save(out, format="PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


@pytest.mark.django_db
@pytest.mark.parametrize("accel", ["", "/protected-media/"])
def test_a_private_file_is_404_for_anonymous_and_another_organisation(
    accel: str, org: Any, staff: Any, other_admin: Any
) -> None:
    start = timezone.now() + timedelta(days=1)
    workshop = workshop_services.create_workshop(
        actor=staff, organisation=org, title="Café", format="world_cafe", starts_at=start,
        ends_at=start + timedelta(hours=2), tables_count=2, table_size=4,
    )  # fmt: skip
    owner = Client()
    owner.force_login(staff)
    owner.post(reverse("workshops:add_note", args=[workshop.pk]), {"text": "x", "photo": _photo()})
    note = HarvestNote.objects.get(workshop=workshop)
    url = note.photo.url
    assert url.startswith("/media/harvest/") and len(Path(note.photo.name).stem) == 32
    other = Client()
    other.force_login(other_admin)
    with override_settings(MEDIA_ACCEL_REDIRECT=accel):
        assert Client().get(url).status_code == 404
        assert other.get(url).status_code == 404
        assert Client().get("/media/harvest/../../config/settings/base.py").status_code == 404
        response = owner.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline; filename=")
        assert response["Content-Type"] == "image/png"
        if accel:
            assert response["X-Accel-Redirect"] == "/protected-media/" + note.photo.name
        else:
            assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    note.photo.delete()


# --- 405 -----------------------------------------------------------------------------------------


def _routes(patterns: list[Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out += _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


@pytest.mark.django_db
def test_every_405_says_what_is_allowed(staff: Any) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    seen = 0
    for route in _routes(get_resolver().url_patterns):
        if route.startswith("admin/") or "(?P" in route or "^" in route:
            continue
        path = "/" + route
        for converter, value in (("<uuid:", "00000000-0000-4000-8000-000000000000"), ("<", "x")):
            while converter in path:
                start = path.index(converter)
                path = path[:start] + value + path[path.index(">", start) + 1 :]
        for method in ("put", "delete"):
            response = getattr(client, method)(path)
            # A method a view does not expect is refused, never a crash (a PUT once rendered a
            # template for a user the view had not looked up: 500).
            assert response.status_code < 500, (method, path, response.status_code)
            if response.status_code == 405:
                seen += 1
                assert response.has_header("Allow"), (method, path)
    assert seen > 50
    api = Client().post(reverse("open_api:renewals"))
    assert api.status_code == 405 and api["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_the_e_mail_confirmation_page_opens_before_any_code_was_asked(staff: Any) -> None:
    """The page the PUT walk found: it rendered a pending confirmation that was not there (500)."""
    url = reverse("accounts:confirm_email")
    signed_in = Client()
    signed_in.force_login(staff)
    for client in (Client(), signed_in):
        response = client.get(url)
        assert response.status_code == 200 and 'name="email"' in response.content.decode()
        refused = client.put(url)
        assert refused.status_code == 405 and refused["Allow"] == "GET, HEAD"


# --- keys ----------------------------------------------------------------------------------------


def _check_deploy(key: str | None) -> subprocess.CompletedProcess[str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    dropped = ("FIELD_ENCRYPTION_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=os.urandom(40).hex(),
        ALLOWED_HOSTS="x.example",
    )
    if key is not None:
        env["FIELD_ENCRYPTION_KEY"] = key
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_production_refuses_to_start_without_its_own_key() -> None:
    from cryptography.fernet import Fernet

    missing = _check_deploy(None)
    assert missing.returncode != 0 and "cocreate.E001" in missing.stderr, missing.stderr[-2000:]
    broken = _check_deploy("not-a-key")
    assert broken.returncode != 0 and "cocreate.E002" in broken.stderr
    given = _check_deploy(Fernet.generate_key().decode())
    assert given.returncode == 0, given.stderr[-2000:]


def test_the_demo_keeps_its_derived_key() -> None:
    from cocreate.core import crypto

    assert crypto.decrypt(crypto.encrypt({"a": date(2030, 1, 1).isoformat()})) == {"a": "2030-01-01"}
