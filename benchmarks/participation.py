"""Load test of the Co-Renew participation page (issue: Co-Renew): service users rating steps and
supporting ideas, against the app as production runs it (gunicorn, production settings,
PostgreSQL) on loopback. Reports sustained writes/s, p50/p95 latency, and whether every
acknowledged rating and support is in the database exactly once."""

from __future__ import annotations

import asyncio
import json
import random

from benchmarks import _http, _server
from benchmarks._table import Row

SETUP = """
import json
from cocreate.accounts.tests.factories import (
    GuestParticipantFactory, MembershipFactory, OrganisationFactory, UserFactory)
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.journeys import services
org = OrganisationFactory(name="Bench")
user = UserFactory(email="bench@example.org")
MembershipFactory(user=user, organisation=org, role="admin")
renewal = RenewalFactory(service__organisation=org)
journey = services.create_map(actor=user, renewal=renewal, title="Load")
steps = []
for s in range(4):
    stage = services.add_stage(actor=user, journey=journey, title=f"Stage {s}")
    for t in range(%(per_stage)d):
        steps.append(services.add_step(actor=user, stage=stage, title=f"Step {s}.{t}"))
services.set_participation(actor=user, journey=journey, open_=True)
author = GuestParticipantFactory()
ideas = [services.contribute(step=steps[i %% len(steps)], participant=author, kind="idea", text=f"Idea {i}")
         for i in range(%(ideas)d)]
print(json.dumps({"map": str(journey.pk), "steps": [str(s.pk) for s in steps],
                  "ideas": [[str(i.pk), str(i.step_id)] for i in ideas]}))
"""

COUNT = """
from cocreate.journeys.models import FeelingRating, Support
print(FeelingRating.objects.count(), Support.objects.count())
"""


async def arrive(base: str, map_id: str) -> tuple[_http.Visitor, str]:
    visitor = _http.Visitor(base)
    page = await visitor.request("GET", f"/j/{map_id}/")
    return visitor, _http.csrf_token(page.body)


async def act(
    visitor: _http.Visitor,
    token: str,
    info: dict,
    until: float,
    me: int,
    latencies: list[float],
    ratings: set[tuple[int, str]],
    supports: set[tuple[int, str]],
    errors: list[int],
) -> None:
    rng = random.Random(me)
    journey = f"/j/{info['map']}"
    work = [("rate", s, None) for s in info["steps"]] + [
        ("support", step, idea) for idea, step in info["ideas"]
    ]
    rng.shuffle(work)
    for op, step, idea in work:
        if _http.now() >= until:
            break
        form = {"csrfmiddlewaretoken": token}
        if op == "rate":  # each action has its own address
            path = f"{journey}/rate/"
            form[f"feeling-{step}"] = str(rng.randint(-2, 2))
        else:
            path = f"{journey}/contributions/{idea}/support/"
        start = _http.now()
        reply = await visitor.request("POST", path, form)
        latencies.append(_http.now() - start)
        if reply.status != 302:
            errors.append(reply.status)
        elif op == "rate":
            ratings.add((me, step))
        else:
            supports.add((me, idea))
    await visitor.close()


async def load(base: str, info: dict, guests: int, seconds: float) -> dict[str, float]:
    arrived = await asyncio.gather(*(arrive(base, info["map"]) for _ in range(guests)))
    latencies: list[float] = []
    ratings: set[tuple[int, str]] = set()
    supports: set[tuple[int, str]] = set()
    errors: list[int] = []
    start = _http.now()
    await asyncio.gather(
        *(
            act(v, t, info, start + seconds, n, latencies, ratings, supports, errors)
            for n, (v, t) in enumerate(arrived)
        )
    )
    elapsed = _http.now() - start
    return {
        "rate": len(latencies) / elapsed,
        "p50": _http.percentile(latencies, 0.5) * 1000,
        "p95": _http.percentile(latencies, 0.95) * 1000,
        "ratings": len(ratings),
        "supports": len(supports),
        "errors": len(errors),
    }


def run(quick: bool) -> list[Row]:
    if not _server.postgres_available():
        print("participation: PostgreSQL not reachable, skipped")
        return []
    guests, seconds, per_stage, ideas = (16, 4.0, 5, 10) if quick else (48, 15.0, 10, 40)
    _server.reset_database()
    out = _server.manage("shell", "-c", SETUP % {"per_stage": per_stage, "ideas": ideas})
    info = json.loads(out.strip().splitlines()[-1])
    with _server.running_app(with_task_worker=False) as base:
        result = asyncio.run(load(base, info, guests, seconds))
    found_ratings, found_supports = map(
        int, _server.manage("shell", "-c", COUNT).strip().splitlines()[-1].split()
    )
    case = f"{guests} guests, {len(info['steps'])} steps, {ideas} ideas, {seconds:.0f} s, PostgreSQL"
    lost = (result["ratings"] - found_ratings) + (result["supports"] - found_supports)
    return [
        Row(
            "participation",
            case,
            "writes per second",
            result["rate"],
            "req/s",
            ">= 300",
            result["rate"] >= 300,
        ),
        Row("participation", case, "p50 latency", result["p50"], "ms"),
        Row("participation", case, "p95 latency", result["p95"], "ms", "<= 100", result["p95"] <= 100),
        Row("participation", case, "errors", result["errors"], "", "0", result["errors"] == 0),
        Row(
            "participation",
            case,
            "acknowledged writes missing or duplicated",
            abs(lost),
            "",
            "0",
            lost == 0,
        ),
    ]
