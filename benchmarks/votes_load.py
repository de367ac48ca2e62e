"""Load test of the conversation vote endpoint (issue: Conversations).

The app runs as in production (gunicorn, production settings, PostgreSQL, a background-task
worker recomputing the opinion groups) on loopback; simulated guests each keep a connection and
their cookies, load the page once, then vote. Reports sustained votes/s, p50/p95 latency, and
whether every vote landed exactly once (rows in the database against votes acknowledged).
"""

from __future__ import annotations

import asyncio
import json
import random

from benchmarks import _http, _server
from benchmarks._table import Row

SETUP = """
import json
from cocreate.accounts.tests.factories import OrganisationFactory, UserFactory, MembershipFactory
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.conversations import services
org = OrganisationFactory(name="Bench")
user = UserFactory(email="bench@example.org")
MembershipFactory(user=user, organisation=org, role="admin")
renewal = RenewalFactory(service__organisation=org)
c = services.create_conversation(actor=user, renewal=renewal, topic="Load",
    seed_statements=[f"Statement {n}" for n in range(1, %(statements)d + 1)])
ids = [str(s) for s in c.statements.values_list("pk", flat=True)]
print(json.dumps({"id": str(c.pk), "statements": ids}))
"""

COUNT = """
from cocreate.conversations.models import Vote
from django.db.models import Count
rows = Vote.objects.count()
dupes = Vote.objects.values("statement", "participant").annotate(n=Count("id")).filter(n__gt=1).count()
print(rows, dupes)
"""


async def arrive(base: str, cid: str) -> tuple[_http.Visitor, str]:
    """A guest opens the conversation page (not timed): connection, cookies, CSRF token."""
    visitor = _http.Visitor(base)
    page = await visitor.request("GET", f"/c/{cid}/")
    return visitor, _http.csrf_token(page.body)


async def vote_until(
    visitor: _http.Visitor,
    token: str,
    cid: str,
    statements: list[str],
    until: float,
    latencies: list[float],
    acknowledged: set[tuple[int, str]],
    errors: list[str],
    me: int,
) -> None:
    path = f"/c/{cid}/"
    for statement in random.Random(me).sample(statements, len(statements)):
        if _http.now() >= until:
            break
        vote = random.choice(("agree", "disagree", "pass"))
        start = _http.now()
        reply = await visitor.request(
            "POST", path, {"csrfmiddlewaretoken": token, "statement": statement, "vote": vote}
        )
        latencies.append(_http.now() - start)
        if reply.status == 302:
            acknowledged.add((me, statement))
        else:
            errors.append(str(reply.status))
    await visitor.close()


async def load(base: str, cid: str, statements: list[str], guests: int, seconds: float) -> dict[str, float]:
    arrived = await asyncio.gather(*(arrive(base, cid) for _ in range(guests)))
    latencies: list[float] = []
    acknowledged: set[tuple[int, str]] = set()
    errors: list[str] = []
    start = _http.now()
    until = start + seconds
    await asyncio.gather(
        *(
            vote_until(visitor, token, cid, statements, until, latencies, acknowledged, errors, n)
            for n, (visitor, token) in enumerate(arrived)
        )
    )
    elapsed = _http.now() - start
    return {
        "rate": len(latencies) / elapsed,
        "p50": _http.percentile(latencies, 0.5) * 1000,
        "p95": _http.percentile(latencies, 0.95) * 1000,
        "acknowledged": len(acknowledged),
        "errors": len(errors),
        "requests": len(latencies),
    }


def run(quick: bool) -> list[Row]:
    if not _server.postgres_available():
        print("votes_load: PostgreSQL not reachable, skipped")
        return []
    guests, seconds, statements = (16, 4.0, 40) if quick else (48, 15.0, 200)
    _server.reset_database()
    info = json.loads(
        _server.manage("shell", "-c", SETUP % {"statements": statements}).strip().splitlines()[-1]
    )
    with _server.running_app() as base:
        result = asyncio.run(load(base, info["id"], info["statements"], guests, seconds))
    rows_found, duplicates = map(int, _server.manage("shell", "-c", COUNT).strip().splitlines()[-1].split())
    case = f"{guests} guests, {statements} statements, {seconds:.0f} s, gunicorn 3x4 threads, PostgreSQL"
    lost = result["acknowledged"] - rows_found
    return [
        Row("votes_load", case, "votes per second", result["rate"], "req/s", ">= 300", result["rate"] >= 300),
        Row("votes_load", case, "p50 latency", result["p50"], "ms"),
        Row("votes_load", case, "p95 latency", result["p95"], "ms", "<= 100", result["p95"] <= 100),
        Row("votes_load", case, "errors", result["errors"], "", "0", result["errors"] == 0),
        Row("votes_load", case, "acknowledged votes not in the database", lost, "", "0", lost == 0),
        Row("votes_load", case, "duplicate vote rows", duplicates, "", "0", duplicates == 0),
    ]
