"""Live pages at scale (issue 20, decision 0020): 1,000 phones hold the World Café live stream
open at once; the facilitator changes the round; how long until each phone has the new round?

The stream server runs as production runs it — uvicorn (ASGI) with production settings,
PostgreSQL and Redis pub/sub between its worker processes (`README.md`, Deploy). Every phone is a
registered attendee with its own guest cookie, so each one gets its own table rendered. The round
change is made by the facilitator's service in another process (as the page server would), and
the clock starts before its transaction; a phone counts when the event naming the new round has
arrived. Memory per connection is the growth of the server processes' resident memory divided by
the connections. The last line is a JSON object.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import _server
from benchmarks._table import Row

NAME = "live"
ROUNDS = 3

SETUP = """
import json
from datetime import timedelta
from django.conf import settings
from django.core import signing
from django.utils import timezone
from cocreate.accounts import participants
from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from cocreate.workshops import services
from cocreate.workshops.models import Attendee, Seat
org = OrganisationFactory(name="Live")
user = UserFactory(email="live@example.org")
MembershipFactory(user=user, organisation=org, role="admin")
start = timezone.now() + timedelta(hours=1)
w = services.create_workshop(actor=user, organisation=org, title="Plenary café", format="world_cafe",
    starts_at=start, ends_at=start + timedelta(hours=3), capacity=PHONES, tables_count=PHONES // 8)
for n in range(ROUNDS):
    services.save_round(actor=user, workshop=w, question=f"Question {n + 1}", minutes=20)
guests = GuestParticipant.objects.bulk_create(GuestParticipant() for _ in range(PHONES))
people = Attendee.objects.bulk_create(
    Attendee(workshop=w, participant=g, name=f"Guest {i}", present=True) for i, g in enumerate(guests))
Seat.objects.bulk_create(Seat(workshop=w, round_number=r, attendee=a, table=(i + r) % (PHONES // 8) + 1)
    for r in range(1, ROUNDS + 1) for i, a in enumerate(people))
print(json.dumps({"workshop": str(w.pk), "user": str(user.pk), "cookie": settings.PARTICIPANT_COOKIE_NAME,
    "cookies": [signing.dumps(str(g.pk), salt=participants.SALT) for g in guests]}))
"""

ADVANCE = """
import time
from cocreate.accounts.models import User
from cocreate.workshops import services
from cocreate.workshops.models import Workshop
w = Workshop.objects.get(pk="{workshop}")
u = User.objects.get(pk="{user}")
started = time.time()
services.start_or_advance(actor=u, workshop=w)
print(started)
"""


def _env() -> dict[str, str]:
    return _server.asgi_env()  # as the README's Deploy section runs the stream server


def _manage(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=_server.ROOT, env=_env(), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def _rss_kb(root_pid: int) -> int:
    """Resident memory of a process and its children (the uvicorn workers), from /proc."""
    total, pids = 0, [root_pid]
    children = Path(f"/proc/{root_pid}/task/{root_pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


class Phone:
    """One phone's stream: connects, then notes when each round's event arrives."""

    def __init__(self, port: int, path: str, cookie: str) -> None:
        self.port, self.path, self.cookie = port, path, cookie
        self.arrived: dict[int, float] = {}
        self.connected = asyncio.Event()
        self.failed = ""

    async def run(self) -> None:
        writer = None
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            writer.write(
                f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                f"X-Forwarded-Proto: https\r\nCookie: {self.cookie}\r\n\r\n".encode()
            )
            await writer.drain()
            status = await reader.readline()
            if b" 200 " not in status:
                self.failed = status.decode(errors="replace").strip()
                self.connected.set()
                return
            async for raw in reader:
                line = raw.decode(errors="replace")
                if line.startswith("event: change"):
                    self.connected.set()
                if "live__round" in line:
                    number = int(line.split("Round ", 1)[1].split("<", 1)[0])
                    self.arrived.setdefault(number, time.time())
        except (OSError, asyncio.IncompleteReadError) as error:
            self.failed = repr(error)
            self.connected.set()
        finally:
            if writer is not None:
                writer.close()


async def _measure(port: int, info: dict[str, Any], phones: int, server_pid: int) -> dict[str, Any]:
    path = f"/w/{info['workshop']}/live/stream/"
    memory_before = _rss_kb(server_pid)
    crowd = [Phone(port, path, f"{info['cookie']}={c}") for c in info["cookies"][:phones]]
    tasks = [asyncio.create_task(p.run()) for p in crowd]
    connect_started = time.monotonic()
    waiting = [asyncio.create_task(p.connected.wait()) for p in crowd]
    await asyncio.wait(waiting, timeout=120)
    connect_seconds = time.monotonic() - connect_started
    failed = [
        p.failed or "no first event within 120 s" for p in crowd if p.failed or not p.connected.is_set()
    ]
    await asyncio.sleep(2)
    memory_after = _rss_kb(server_pid)
    rounds: list[dict[str, Any]] = []
    for number in range(1, ROUNDS + 1):
        advance = ADVANCE.format(workshop=info["workshop"], user=info["user"])
        started = float(await asyncio.to_thread(_manage, advance))
        deadline = time.time() + 10
        while time.time() < deadline and sum(number in p.arrived for p in crowd) < len(crowd):
            await asyncio.sleep(0.05)
        delays = sorted(p.arrived[number] - started for p in crowd if number in p.arrived)
        within = sum(d <= 1.0 for d in delays)
        rounds.append({
            "round": number,
            "reached": len(delays),
            "share_within_1s": within / len(crowd),
            "p50_ms": 1000 * delays[len(delays) // 2] if delays else None,
            "p95_ms": 1000 * delays[int(len(delays) * 0.95) - 1] if delays else None,
            "max_ms": 1000 * delays[-1] if delays else None,
        })  # fmt: skip
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "phones": phones,
        "connect_seconds": connect_seconds,
        "refused": len(failed),
        "refusals": failed[:3],
        "memory_per_connection_kb": (memory_after - memory_before) / phones,
        "server_rss_mb": memory_after / 1024,
        "rounds": rounds,
        "worst_share_within_1s": min(r["share_within_1s"] for r in rounds),
        "worst_p95_ms": max((r["p95_ms"] or 1e9) for r in rounds),
    }


def run(quick: bool) -> list[Row]:
    if not _server.postgres_available():
        print("live: PostgreSQL not reachable, skipped")
        return []
    phones = 200 if quick else 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * phones + 256)), hard))
    _server.reset_database()
    info = json.loads(_manage(SETUP.replace("PHONES", str(phones)).replace("ROUNDS", str(ROUNDS))))
    port = _server.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--workers", "2", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--log-level", "warning", "--lifespan", "off",
         "--timeout-graceful-shutdown", "3"],
        cwd=_server.ROOT, env=_env(),
    )  # fmt: skip
    try:
        _server.wait_for_port(port)
        time.sleep(1)  # both workers up
        result = asyncio.run(_measure(port, info, phones, server.pid))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    case = f"{phones} phones on the World Café stream, uvicorn 2 workers, Redis, PostgreSQL"
    rows = [
        Row(NAME, case, "refused connections", result["refused"], "", "0", result["refused"] == 0),
        Row(NAME, case, "share reached within 1 s (worst round)", result["worst_share_within_1s"] * 100, "%",
            ">= 95", result["worst_share_within_1s"] >= 0.95),
        Row(NAME, case, "round change p95 (worst round)", result["worst_p95_ms"], "ms"),
        Row(NAME, case, "memory per connection", result["memory_per_connection_kb"], "KB"),
        Row(NAME, case, "time to connect every phone", result["connect_seconds"], "s"),
    ]  # fmt: skip
    print(json.dumps({"bench": NAME, "case": case, **result}))
    return rows
