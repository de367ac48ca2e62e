"""`make demo`'s configuration in the browser: a file SQLite database written by two processes at
once — `manage.py serve` (uvicorn) and a real `manage.py db_worker` (django-tasks-db) — exactly as a
new user runs it. The rest of the suite uses the immediate task backend and pytest-django's test
database (PostgreSQL in CI), so this is the one place where the web server and the worker race for
the same file: World Café rotation and Open Space schedule made by the worker, Co-Serve autosave and
submit, three answers to contributions in a row. No request may fail, and every result must show.

The stack runs in subprocesses with its own settings (config.settings.dev, as `make demo`), its own
migrated database seeded by `manage.py seed_demo`, and no DATABASE_URL or REDIS_URL from outside.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Visitor
from tests.ports import free_port

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "cocreate-demo"  # seed_demo's published password
STAFF = "staff@demo.cocreate.eu"
# What must never appear in the logs of the web server or the worker.
TROUBLE = re.compile(r'" 5\d\d |database is locked|Traceback|Task id=\S+ failed', re.IGNORECASE)


@dataclass
class DemoStack:
    url: str
    database: Path
    logs: list[Path] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    restart_server: Callable[[], None] = lambda: None

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Read the demo database directly (read-only): the test process's Django points elsewhere."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=20) as connection:
            return connection.execute(sql, params).fetchall()

    def pk(self, sql: str, *params: Any) -> str:
        rows = self.query(sql, *params)
        assert rows, f"nothing in the demo for {sql} {params}"
        return str(uuid.UUID(str(rows[0][0])))

    def trouble(self) -> list[str]:
        return [
            f"{log.name}: {line.strip()}"
            for log in self.logs
            for line in log.read_text(errors="replace").splitlines()
            if TROUBLE.search(line)
        ]


def _wait_until_serving(stack: DemoStack, server: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("the server stopped:\n" + stack.logs[-1].read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(stack.url + "/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail("the server did not answer within a minute")


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if pytest itself is killed, so no server is left running."""
    if sys.platform == "linux":
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Each process leads its own session: the signal reaches it and anything it started."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def demo_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStack]:
    folder = tmp_path_factory.mktemp("demo-stack")
    port = free_port()
    stack = DemoStack(url=f"http://127.0.0.1:{port}", database=folder / "demo.sqlite3")
    outside = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in outside} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{stack.database}",
        "MEDIA_ROOT": str(folder / "media"),
        "SITE_URL": stack.url,
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        log = folder / f"{name}.log"
        stack.logs.append(log)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*manage, *args],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        stack.processes.append(process)
        return process

    # `make demo`, step by step (without the reloaders: files may change under a test run).
    setup_log = folder / "setup.log"
    with setup_log.open("wb") as out:
        for args in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"]):
            done = subprocess.run([*manage, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
            if done.returncode:
                pytest.fail(f"manage.py {' '.join(args)} failed:\n" + setup_log.read_text()[-3000:])
    try:
        start("db_worker", "db_worker", "--no-reload")
        start("run_schedule", "run_schedule")  # reminders and digests, as `make demo` runs them
        server = start("serve", "serve", f"127.0.0.1:{port}")
        _wait_until_serving(stack, server, time.monotonic() + 60)

        def restart_server() -> None:
            """A deploy or a crash: every open stream is cut; the same port serves again."""
            nonlocal server
            _stop(server)
            stack.processes.remove(server)
            server = start("serve-again", "serve", f"127.0.0.1:{port}")
            _wait_until_serving(stack, server, time.monotonic() + 60)

        stack.restart_server = restart_server
        yield stack
    finally:
        for process in stack.processes:
            _stop(process)


@pytest.fixture
def demo_visitor(browser: Any, demo_stack: DemoStack) -> Iterator[Visitor]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = Visitor(context.new_page(), demo_stack.url)
    log_in(visitor)
    yield visitor
    context.close()


def log_in(visitor: Visitor) -> None:
    page = visitor.goto("/accounts/login/")
    _log_in(page)
    visitor.after_navigation()


def _log_in(page: Any) -> None:
    page.get_by_label("E-mail address").fill(STAFF)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def test_the_demo_stack_plans_schedules_autosaves_and_answers(
    browser: Any, demo_stack: DemoStack, demo_visitor: Visitor
) -> None:
    visitor, page = demo_visitor, demo_visitor.page

    # World Café: a fourth round is added; the worker re-plans the rotation; htmx shows the result.
    cafe = demo_stack.pk("SELECT id FROM workshops_workshop WHERE title = ?", "Home care café")
    visitor.goto(f"/workshops/{cafe}/")
    page.get_by_text("Add a round").click()
    add_round = page.locator(f"form[action='/workshops/{cafe}/rounds/']")
    add_round.get_by_label("Question").fill("Who should we invite next time?")
    add_round.get_by_role("button", name="Add the round").click()
    page.wait_for_selector("li:has-text('Who should we invite next time?')")
    visitor.after_navigation()
    assert page.locator("#plan h3:text-is('Round 4')").count() == 0
    page.get_by_role("button", name="Plan the table rotation").click()
    page.wait_for_selector("#plan h3:text-is('Round 4')", timeout=60_000)
    page.wait_for_selector("#plan button:has-text('Plan the table rotation'):enabled")
    assert page.locator("#plan .notice--error").count() == 0
    assert page.locator("#plan .notice--success:has-text('repeated meetings')").count() == 1
    visitor.check_accessibility()

    # Open Space without JavaScript (so without axe, which runs in the page): the page says
    # "making the schedule…" and a reload shows the schedule once the worker has made it.
    space = demo_stack.pk("SELECT id FROM workshops_workshop WHERE title = ?", "Open day on home care")
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{demo_stack.url}/accounts/login/")
    _log_in(plain)
    plain.goto(f"{demo_stack.url}/workshops/{space}/")
    assert plain.locator("text=Satisfaction:").count() == 0
    plain.get_by_role("button", name="Make the schedule").click()
    plain.wait_for_load_state("load")
    deadline = time.monotonic() + 60
    while plain.locator("#plan .notice--success:has-text('Satisfaction:')").count() == 0:
        assert plain.locator("#plan .notice--error").count() == 0, plain.inner_text("#plan")
        assert plain.locator("#plan:has-text('Making the schedule')").count() == 1, plain.inner_text("#plan")
        assert time.monotonic() < deadline, "the schedule did not appear within a minute"
        time.sleep(0.5)
        plain.reload()
    placed = plain.locator("#plan li").filter(has_text=re.compile(r"· \d\d:\d\d, "))  # "· 11:00, Hall"
    assert placed.count() == plain.locator("#plan li").count() == 4  # every session has a time and room
    context.close()
    visitor.goto(f"/workshops/{space}/")  # the same page, with JavaScript, for axe

    # Co-Serve: every answer autosaves on change, and "Submit" follows the last change at once.
    service = demo_stack.pk("SELECT id FROM portfolio_service WHERE name = ?", "Bulky waste collection")
    visitor.goto(f"/services/{service}/coserve/")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_selector("h1:has-text('Should we renew this service by co-creation?')")
    visitor.after_navigation()
    groups = page.locator("fieldset")
    for i in range(groups.count()):
        radios = groups.nth(i).get_by_role("radio")
        radios.nth(radios.count() - 2).check()
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("h1:has-text('Does this service fit a co-creative renewal?')")
    visitor.after_navigation()

    # Three answers to citizens' contributions in a row (each e-mails its contributor via the worker).
    journey = demo_stack.pk(
        "SELECT id FROM journeys_journeymap WHERE title = ?", "Getting home care after hospital"
    )
    visitor.goto(f"/journeys/maps/{journey}/triage/")
    cards = [page.locator(".card[id^=c-]").nth(i).get_attribute("id") for i in range(3)]
    for n, card_id in enumerate(cards):
        card = page.locator(f"#{card_id}")
        card.get_by_label("Status").select_option("under_review")
        card.get_by_label("Answer (public)").fill(f"Thank you — answer {n + 1} from the demo stack.")
        card.get_by_role("button", name="Save the answer").click()
        page.wait_for_selector(f"#{card_id} textarea:text('answer {n + 1} from the demo stack')")
        page.wait_for_selector("text=Answer saved; the contributor can read it.")
        visitor.after_navigation()

    time.sleep(2)  # the worker's last e-mails
    failed = demo_stack.query(
        "SELECT task_path FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
    )
    assert not failed, f"background tasks failed: {failed}"
    assert not demo_stack.trouble(), "\n".join(demo_stack.trouble())


def _phone(browser: Any, demo_stack: DemoStack, cafe: str, name: str) -> tuple[Any, Visitor]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone = Visitor(context.new_page(), demo_stack.url)
    page = phone.goto(f"/w/{cafe}/")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join the workshop").click()
    page.wait_for_selector("[data-live='stream']")  # the stream is open
    phone.after_navigation()
    return context, phone


def test_two_phones_follow_the_facilitator_live_and_after_the_stream_is_cut(
    browser: Any, demo_stack: DemoStack, demo_visitor: Visitor
) -> None:
    """World Café live mode on two phones: the facilitator's round change reaches both without a
    reload — pushed by the stream, then, while the stream is cut, by polling; and the stream
    comes back by itself."""
    cafe = demo_stack.pk("SELECT id FROM workshops_workshop WHERE title = ?", "Home care café")
    phones = [_phone(browser, demo_stack, cafe, name) for name in ("Phone One", "Phone Two")]
    page = demo_visitor.page

    def next_round(expected: str) -> None:
        demo_visitor.goto(f"/workshops/{cafe}/#live")
        button = page.get_by_role("button", name=re.compile("Start the first round|Next round"))
        button.click()
        page.wait_for_load_state("load")
        for _context, phone in phones:
            phone.page.wait_for_selector(f".live__round:text-is('{expected}')", timeout=10_000)

    sql = "SELECT current_round FROM workshops_workshop WHERE id = ?"
    n = int(demo_stack.query(sql, cafe.replace("-", ""))[0][0])
    next_round(f"Round {n + 1}")
    for _context, phone in phones:
        assert phone.page.get_attribute("[data-live-stream]", "data-live") == "stream"

    # The stream is cut (the server restarts) and refused from now on: the phones poll instead.
    for context, _phone_visitor in phones:
        context.route("**/live/stream/", lambda route: route.abort())
    demo_stack.restart_server()
    for _context, phone in phones:
        phone.page.wait_for_selector("[data-live-stream][data-live='polling']", timeout=10_000)
    next_round(f"Round {n + 2}")

    # The stream is allowed again: the phones go back to it and follow the next round through it.
    for context, phone in phones:
        context.unroute("**/live/stream/")
        phone.page.wait_for_selector("[data-live-stream][data-live='stream']", timeout=30_000)
    next_round(f"Round {n + 3}")
    for context, phone in phones:
        assert phone.page.url.endswith(f"/w/{cafe}/")  # never reloaded, never left
        # The cut shows in the console as failed loads of the stream, and as nothing else.
        assert all("Failed to load resource" in error for error in phone.console_errors), phone.console_errors
        phone.console_errors.clear()
        phone.check_accessibility()
        context.close()
    demo_visitor.goto(f"/workshops/{cafe}/")
    page.get_by_role("button", name="End live mode").click()
    page.wait_for_load_state("load")
    assert not demo_stack.trouble(), "\n".join(demo_stack.trouble())
