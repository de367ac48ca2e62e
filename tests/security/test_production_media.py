"""A harvest photo under the production settings, served by granian as in production (issue 15,
"Media served by access"): a staff member logs in, uploads a phone photo that carries GPS, sees it
linked on the workshop page and downloads it through /media/…; the bytes are an image without EXIF
or GPS, and an anonymous visitor gets 404.

The server runs in a subprocess with ``config.settings.prod`` and a database of its own — a file
SQLite in the temp folder, or, when DATABASE_URL points at PostgreSQL (CI), a database created for
this test and dropped after it — so it never touches pytest-django's test database. Static files are
collected into a temp folder (the production storage needs its manifest). granian listens on a
loopback port found free just before it starts (it takes no inherited socket).

Plain HTTP on loopback: ``SECURE_SSL_REDIRECT=false``, and every request says
``X-Forwarded-Proto: https`` (SECURE_PROXY_SSL_HEADER), as the TLS-terminating proxy of a real
deployment does; cookies are sent by hand because they are marked Secure.
"""

from __future__ import annotations

import ctypes
import http.client
import io
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from PIL import Image

from tests.ports import free_port
from tests.security.test_uploads import jpeg_with_gps

pytestmark = [pytest.mark.slow]  # starts a real server: part of every full run, skippable with -m

ROOT = Path(__file__).resolve().parents[2]
EMAIL, PASSWORD = "staff@production.example", "a-long-production-password-42"
TROUBLE = re.compile(r'" 5\d\d |Traceback|\[ERROR\]|\[CRITICAL\]')
TIMEOUT = 30  # seconds, for any one request

SETUP = f"""
from datetime import timedelta
from django.utils import timezone
from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import OrganisationFactory, member
from cocreate.workshops import services

org = OrganisationFactory(name="Municipality of Production")
staff = member(org, Role.STAFF, email={EMAIL!r}, full_name="Sara Staff")
staff.set_password({PASSWORD!r})
staff.save()
start = timezone.now() + timedelta(days=1)
workshop = services.create_workshop(
    actor=staff, organisation=org, title="Harvest café", format="world_cafe", starts_at=start,
    ends_at=start + timedelta(hours=2), tables_count=2, table_size=4,
)
print("WORKSHOP", workshop.pk)
"""


@dataclass
class Browser:
    """Just enough of a browser for one origin: cookies (Secure ones too: the proxy speaks TLS)."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":  # CSRF under HTTPS checks the origin of the form
            sent |= {"Origin": self.origin, "Referer": self.origin + path}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields}
        body = urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]
    ) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields}
        boundary = "----cocreate" + secrets.token_hex(12)
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content_type, data) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@dataclass
class Server:
    port: int
    workshop_id: str
    log: Path

    def trouble(self) -> list[str]:
        return [line for line in self.log.read_text(errors="replace").splitlines() if TROUBLE.search(line)]


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if pytest itself is killed, so no server is left running."""
    if sys.platform == "linux":
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen[bytes]) -> None:
    """The server leads its own process group: the signal reaches the arbiter and its workers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@contextmanager
def _own_database(folder: Path) -> Iterator[str]:
    """A database only this test uses: PostgreSQL when the suite runs on it (CI), else a file."""
    outside = os.environ.get("DATABASE_URL", "")
    if not outside.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'production.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(outside)
    name = f"cocreate_prod_media_{uuid.uuid4().hex[:12]}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=TIMEOUT) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path="/" + name))
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=TIMEOUT) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: list[str], env: dict[str, str], log: Path, timeout: float) -> str:
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    with log.open("a") as out:
        out.write(f"$ {' '.join(args[1:])}\n{done.stdout}{done.stderr}\n")
    if done.returncode:
        pytest.fail(f"{' '.join(args[1:])} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return done.stdout


def _wait_until_serving(process: subprocess.Popen[bytes], port: int, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("granian stopped:\n" + log.read_text(errors="replace")[-3000:])
        try:
            if Browser(port).get("/accounts/login/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"granian did not answer within {seconds:.0f} s:\n" + log.read_text(errors="replace")[-3000:])


@pytest.fixture(scope="module")
def production_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from cryptography.fernet import Fernet

    folder = tmp_path_factory.mktemp("production")
    setup_log, server_log = folder / "setup.log", folder / "granian.log"
    with _own_database(folder) as database_url:
        outside = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "FIELD_ENCRYPTION_KEY")
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in outside and not k.startswith(("SECURE_", "MEDIA_"))
        }
        env |= {
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        # As the README's Deploy steps: the database and the static files (in parallel: both slow).
        with (folder / "collectstatic.log").open("wb") as out:
            collect = subprocess.Popen(
                [*manage, "collectstatic", "--noinput"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            _run([*manage, "migrate", "--noinput"], env, setup_log, timeout=300)
            _run([*manage, "createcachetable"], env, setup_log, timeout=60)
            created = _run([*manage, "shell", "-c", SETUP], env, setup_log, timeout=60)
            if collect.wait(timeout=300):
                pytest.fail("collectstatic failed:\n" + (folder / "collectstatic.log").read_text()[-3000:])
        finally:
            if collect.poll() is None:
                collect.kill()
                collect.wait(timeout=20)
        workshop_id = re.search(r"WORKSHOP (\S+)", created)
        assert workshop_id, created

        port = free_port()
        granian = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "config.wsgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--no-ws",
            "--access-log", "--workers-kill-timeout", "5",
        ]  # fmt: skip
        with server_log.open("wb") as out:
            server = subprocess.Popen(
                granian,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        try:
            _wait_until_serving(server, port, server_log, seconds=60)
            yield Server(port=port, workshop_id=workshop_id.group(1), log=server_log)
        finally:
            _stop(server)


def test_a_harvest_photo_is_uploaded_shown_and_downloaded_under_production_settings(
    production_server: Server,
) -> None:
    server = production_server
    staff = Browser(server.port)

    # Log in (CSRF cookie first, as a browser gets it with the form).
    status, _, _ = staff.get("/accounts/login/")
    assert status == 200 and "csrftoken" in staff.cookies
    status, headers, _ = staff.post_form("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    assert status == 302 and "sessionid" in staff.cookies, (status, headers)

    # Upload a phone photo that says where it was taken.
    workshop = f"/workshops/{server.workshop_id}/"
    assert staff.get(workshop)[0] == 200
    photo = jpeg_with_gps()
    status, headers, _ = staff.post_multipart(
        f"{workshop}notes/",
        {"text": "Ideas from table 1"},
        {"photo": ("IMG_home_address.jpg", "image/jpeg", photo)},
    )
    assert status == 302 and headers["location"].startswith(workshop), (status, headers)

    # The workshop page shows the note and links the photo under a random name.
    status, _, page = staff.get(workshop)
    assert status == 200 and b"Ideas from table 1" in page
    links = re.findall(rb'href="(/media/harvest/[0-9/]*[0-9a-f]{32}\.jpg)"', page)
    assert len(links) == 1, re.findall(rb'href="(/media/[^"]*)"', page)
    url = links[0].decode()
    assert b"IMG_home_address" not in page

    # Viewed and downloaded through /media/: an image, re-encoded, without EXIF or GPS.
    status, headers, data = staff.get(url)
    assert status == 200, (status, data[:300])
    assert headers["content-type"] == "image/jpeg"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-disposition"].startswith("inline; filename=")
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "JPEG" and image.size == (48, 64)  # the orientation was applied
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert b"PhoneMaker" not in data and b"Exif" not in data

    # Anyone else: the same 404 as for a file that does not exist.
    assert Browser(server.port).get(url)[0] == 404
    assert Browser(server.port).get("/media/harvest/" + "0" * 32 + ".jpg")[0] == 404
    assert staff.get("/media/harvest/../../config/settings/prod.py")[0] == 404

    assert not server.trouble(), "\n".join(server.trouble())
