"""Guests on their phones, for locust (run by `benchmarks/load/__init__.py`, not by hand).

Open loop: every guest's actions arrive as a Poisson process, on average one every PACING seconds,
whether or not the server has answered the previous ones quickly; the number of guests sets the
arrival rate. Phones act independently, so the whole stream is a Poisson stream too. (Locust starts
its users in batches, one batch a second; a fixed pace would keep each batch in step for the whole
run and send the server a burst of guests at once every second — that measured the burst, not the
rate: p50 ~85 ms at 100 reads/s while a probe beside it saw 4 ms.) A guest only waits for the server
when an answer takes longer than the time to its next action — the report counts those late starts,
so an overloaded server cannot pass for a quiet one.

Over the same window it reads the CPU time the page server (with its worker processes), the task
worker and PostgreSQL used (LOAD_PIDS, from `_server.running_app`), so the latencies are read beside
what each part of the stack cost.

The mix, as a city-wide consultation sees it: guests arriving (identity + first page), voting on
statements, rating journey steps, supporting ideas, writing an idea, reading the results; now and
then a guest leaves and a new one arrives. Each write is made as the phone's browser makes it: a
rating by the page's autosave (JSON, no page after it); a vote, a support and an idea by htmx,
answered in place with the part of the page that changed (the next statement; the idea's support
line; the step's part with the new idea) and no page after it. Every write the server acknowledged
(200 for the autosave and the answers in place) is recorded with its natural key, so the runner
can count the rows afterwards: lost or duplicated writes show.

The server runs as behind the TLS proxy of production (`X-Forwarded-Proto: https`, secure
cookies, `X-Forwarded-For` with each guest's own address); the client keeps those cookies on
loopback. A refusal is answered like a success (the part in place with the reason in it, or the
autosave's JSON error), so a refused write shows as lost in the row count: the count can only make
the server look worse, never better.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from typing import Any

import gevent
import psutil
from locust import FastHttpUser, events, task

INFO: dict[str, Any] = json.loads(os.environ["LOAD_INFO"])
PACING = float(os.environ.get("LOAD_PACING", "2"))
READS_ONLY = os.environ.get("LOAD_READS_ONLY") == "1"
OUT = os.environ["LOAD_OUT"]
PIDS: dict[str, int] = json.loads(os.environ.get("LOAD_PIDS", "{}"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

guest_numbers = itertools.count()
measuring_from = [float("inf")]
measuring_until = [float("inf")]
latencies: dict[str, list[float]] = {"write": [], "read": []}
# The requests sent while the phones were still arriving (the ramp, then the settle): the surge of
# arrivals, reported beside the steady state, not mixed into it.
arriving: dict[str, list[float]] = {"write": [], "read": []}
late_starts = [0]
cpu_at: dict[str, dict[str, float]] = {}  # "from" / "until" -> family -> CPU seconds so far
errors: list[str] = []
acknowledged: dict[str, set[str]] = {"rating": set(), "support": set(), "vote": set(), "idea": set()}


def _cpu_seconds(process: psutil.Process, with_reaped_children: bool = False) -> float:
    try:
        times = process.cpu_times()
    except psutil.Error:  # gone meanwhile: its parent's reaped-children time holds it
        return 0.0
    own = times.user + times.system
    return float(own + times.children_user + times.children_system if with_reaped_children else own)


def _family_seconds(root: psutil.Process, members: list[psutil.Process]) -> float:
    """CPU seconds a process family used so far: the live members' own time, and the time of the
    members that ended, which the kernel adds to the root when it reaps them. Summing the live
    members alone went backwards whenever one ended inside the window: a database connection
    closed after DB_CONN_MAX_AGE took its whole history with it (PostgreSQL at -0.58 cores)."""
    return _cpu_seconds(root, with_reaped_children=True) + sum(_cpu_seconds(p) for p in members)


def cpu_by_family() -> dict[str, float]:
    """CPU seconds used so far by each part of the stack: a started process with its children
    (granian's workers), and PostgreSQL's postmaster with its backends (the pooled connections live
    on; one that closes is counted through the postmaster)."""
    families: dict[str, float] = {}
    for family, pid in PIDS.items():
        try:
            root = psutil.Process(pid)
            members = root.children(recursive=True)
        except psutil.Error:
            continue
        families[family] = _family_seconds(root, members)
    postgres = [p for p in psutil.process_iter(["name", "ppid"]) if p.info["name"] == "postgres"]
    pids = {p.pid for p in postgres}
    families["PostgreSQL"] = sum(
        _family_seconds(root, [p for p in postgres if p.info["ppid"] == root.pid])
        for root in postgres
        if root.info["ppid"] not in pids  # the postmaster(s)
    )
    return families


def _start_window() -> None:
    measuring_from[0] = time.monotonic()
    cpu_at["from"] = cpu_by_family()


@events.spawning_complete.add_listener
def _all_arrived(user_count: int, **_: Any) -> None:
    measuring_from[0] = time.monotonic() + float(os.environ.get("LOAD_SETTLE", "5"))  # arrivals served
    gevent.spawn_later(measuring_from[0] - time.monotonic(), _start_window)


@events.test_stopping.add_listener
def _run_time_over(**_: Any) -> None:
    # The window ends when the run time is up, not when locust quits: the users' stop timeout
    # after it sends nothing new, and counting it made every rate look 1-4 % short of its target.
    measuring_until[0] = time.monotonic()
    cpu_at["until"] = cpu_by_family()


@events.quitting.add_listener
def _report(**_: Any) -> None:
    with open(OUT, "w") as out:
        json.dump(
            {
                "latencies": latencies,
                "arriving": arriving,
                "late_starts": late_starts[0],
                "errors": errors[:50],
                "error_count": len(errors),
                "acknowledged": {k: sorted(v) for k, v in acknowledged.items()},
                "measured_from": measuring_from[0],
                "stopped_at": min(measuring_until[0], time.monotonic()),
                "cpu": cpu_at,
            },
            out,
        )


class Guest(FastHttpUser):
    def wait_time(self) -> float:
        """Seconds until this guest's next action: its schedule runs on, not from the last answer."""
        self.next_start += self.rng.expovariate(1 / PACING)
        wait = self.next_start - time.monotonic()
        if wait < 0:  # the previous answer came after this action was due: the open loop slipped
            late_starts[0] += 1
        return max(0.0, wait)

    def on_start(self) -> None:
        self.rng = random.Random(next(guest_numbers))
        # Each phone comes in at its own moment, not with the batch locust started it in.
        time.sleep(self.rng.uniform(0, PACING))  # gevent's sleep (locust patches it): others run on
        self.next_start = time.monotonic()
        self.arrive()

    def arrive(self) -> None:
        """A new person: fresh cookies, the journey page (the guest identity) and the conversation."""
        self.client.cookiejar.clear()
        number = next(guest_numbers)
        self.guest = f"g{number}"
        # Each person on their own phone and network, as the proxy reports it (X-Forwarded-For):
        # the limit on new guests per network must not turn a crowd of phones away.
        self.address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        self.token = ""
        if READS_ONLY:
            return
        page = self._send("GET", f"/j/{INFO['map']}/", "read")
        if page is not None and (match := CSRF.search(page.text)):
            self.token = match.group(1)
        self._send("GET", f"/c/{INFO['conversation']}/", "read")

    def _send(
        self,
        method: str,
        path: str,
        kind: str,
        form: dict[str, str] | None = None,
        *,
        json: bool = False,
        in_place: bool = False,
    ) -> Any:
        """One request, timed; the answer when it is what a browser expects, else None."""
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Origin": f"https://{(self.host or '').split('://', 1)[-1]}",
        }
        if json:  # the page's script (the ratings' autosave) asks for JSON, not a page
            headers["Accept"] = "application/json"
        if in_place:  # htmx's request (a vote, a support, an idea): answered with a part of the page
            headers["HX-Request"] = "true"
        started = time.monotonic()
        with self.client.request(
            method, path, data=form, headers=headers, allow_redirects=False, catch_response=True, name=kind
        ) as reply:
            elapsed = time.monotonic() - started
            for cookie in self.client.cookiejar:  # secure cookies, kept as the browser behind TLS would
                cookie.secure = False
            expected = 200  # pages, the autosave and the answers in place: no write here redirects
            if measuring_from[0] <= started < measuring_until[0]:
                latencies[kind].append(elapsed)
            elif started < measuring_from[0]:
                arriving[kind].append(elapsed)
            if reply.status_code != expected:
                detail = ""
                if len(errors) < 5 and reply.text:  # what the server said, for the first few
                    detail = " ".join(re.sub(r"<[^>]+>", " ", reply.text).split())[:300]
                errors.append(f"{method} {path}: {reply.status_code} {detail}")
                reply.failure(f"status {reply.status_code}")
                return None
            reply.success()
            return reply

    def _write(
        self,
        path: str,
        form: dict[str, str],
        ledger: str,
        key: str,
        *,
        json: bool = False,
    ) -> None:
        """A write as the phone's browser makes it: the autosave (JSON) or htmx (answered in
        place); neither loads a page after it."""
        form = {"csrfmiddlewaretoken": self.token, **form}
        if self._send("POST", path, "write", form, json=json, in_place=not json) is not None:
            acknowledged[ledger].add(f"{self.guest}|{key}")

    @task(40)
    def vote(self) -> None:
        if READS_ONLY:
            return self.read()
        statement = self.rng.choice(INFO["statements"])
        vote = self.rng.choice(("agree", "disagree", "pass"))
        form = {"statement": statement, "vote": vote}
        self._write(f"/c/{INFO['conversation']}/", form, "vote", statement)

    @task(20)
    def rate(self) -> None:
        if READS_ONLY:
            return self.read()
        step = self.rng.choice(INFO["steps"])
        form = {f"feeling-{step}": str(self.rng.randint(-2, 2))}
        self._write(f"/j/{INFO['map']}/rate/", form, "rating", step, json=True)

    @task(15)
    def support(self) -> None:
        if READS_ONLY:
            return self.read()
        idea, _step = self.rng.choice(INFO["ideas"])
        self._write(f"/j/{INFO['map']}/contributions/{idea}/support/", {}, "support", idea)

    @task(4)
    def write_an_idea(self) -> None:
        if READS_ONLY:
            return self.read()
        step = self.rng.choice(INFO["steps"])
        key = str(uuid.uuid4())  # what the rendered form carries: one idea, however often it is sent
        form = {"kind": "idea", "text": f"An idea from {self.guest}", "submission_key": key}
        self._write(f"/j/{INFO['map']}/steps/{step}/contribute/", form, "idea", key)

    @task(20)
    def read(self) -> None:
        # The reads run measures the public read pages; in the mix, guests also reload the
        # journey page (the heaviest: their own feelings, supports and contributions filled in).
        pages = [f"/c/{INFO['conversation']}/results/", INFO["renewal_page"]]
        path = self.rng.choice(pages if READS_ONLY else [*pages, f"/j/{INFO['map']}/"])
        self._send("GET", path, "read")

    @task(1)
    def leave_and_arrive(self) -> None:
        self.arrive()
        if READS_ONLY:  # a reader arriving sends nothing else: this action is their first page
            self.read()
