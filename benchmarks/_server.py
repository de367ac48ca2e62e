"""Run the app as production runs it — granian, production settings, PostgreSQL — on loopback,
for load benchmarks. Uses its own database (cocreate_bench), created and migrated here."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocreate_bench")
# Production's shared cache (shared pages, throttling) and live updates; a database of its own.
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# Which app server answers pages: granian (WSGI) as the README deploys, or uvicorn (ASGI).
BENCH_SERVER = os.environ.get("BENCH_SERVER", "granian")
# The README's granian for 2 cores: 4 worker processes, one Python thread each; HTTP is handled in
# granian's Rust threads. Measured at 120 writes/s open loop (two runs each, Poisson arrivals):
# p95 29-37 ms and 4.5-4.7 ms of server CPU per request, against 144-318 ms and 6.9-7.1 ms with
# gunicorn's 12 single-threaded gthread workers, the former set-up (docs/decisions/0022).
# BENCH_WORKERS and BENCH_THREADS try other set-ups.
WORKERS = 4
BLOCKING_THREADS = 1
# Granian's backpressure (backlog / workers) caps the connections a worker holds open, idle
# keep-alives included, not the requests in flight: at the default 1024, 1,200 phones each on its
# own connection left ~180 of them waiting to be accepted and the reads topped out near 500/s.
BACKLOG = 4096
# The processes `running_app` started, by family, for the load benchmark's CPU accounting.
PIDS: dict[str, int] = {}
# Production refuses to start without a key for panel volunteers' data; the bench makes one per run.
BENCH_FIELD_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), connect_timeout=3):
            return True
    except Exception:
        return False


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # TLS ends at the proxy in production; loopback has none
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "600",
        "FIELD_ENCRYPTION_KEY": BENCH_FIELD_KEY,
        "TRUSTED_PROXY_COUNT": "1",  # as behind the production proxy: guests' own addresses
        "REDIS_URL": BENCH_REDIS_URL,
    }


def asgi_env() -> dict[str, str]:
    """uvicorn as the README deploys it: every request on a thread of its own, so a pool."""
    return {**server_env(), "DB_POOL_MAX_SIZE": "8", "DB_CONN_MAX_AGE": "0"}


def reset_database() -> None:
    import psycopg

    name = BENCH_DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()  # nothing cached from an earlier run
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "-v0")


def manage(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def wait_until_quiet(base: str, path: str, seconds: float = 90) -> None:
    """Wait until the server answers a page quickly again (its queue from a run is drained)."""
    import urllib.request

    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + seconds
    quick = 0
    while time.monotonic() < deadline and quick < 3:
        started = time.monotonic()
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0
        time.sleep(0.5)


# PostgreSQL's autovacuum analyses a table once changes pass this threshold (its defaults), looking
# every naptime. Production runs with it on; a server with it off (this machine's is) plans every
# query of a table that grew during the run without statistics: the support look-up took a 410-row
# index scan per step, 5 ms, instead of a primary-key probe, 0.3 ms.
AUTOANALYZE_NAPTIME = 60.0
AUTOANALYZE_THRESHOLD, AUTOANALYZE_SCALE = 50, 0.1
STALE_TABLES = """
SELECT quote_ident(s.relname) FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
WHERE s.n_mod_since_analyze > %s + %s * greatest(c.reltuples, 0)
"""


def analyse_as_autovacuum_would() -> list[str]:
    """ANALYZE the tables autovacuum would analyse now; their names."""
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        stale = [row[0] for row in conn.execute(STALE_TABLES, (AUTOANALYZE_THRESHOLD, AUTOANALYZE_SCALE))]
        for table in stale:
            conn.execute(f"ANALYZE {table}")
    return stale


def autovacuum_is_on() -> bool:
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL.replace("postgres://", "postgresql://")) as conn:
        row = conn.execute("SHOW autovacuum").fetchone()
    return bool(row and row[0] == "on")


@contextlib.contextmanager
def autoanalyze() -> Iterator[None]:
    """Where the server's autovacuum is off, do its analysing as production's would: at start, then
    every naptime, the tables changed past its threshold."""
    if autovacuum_is_on():
        yield
        return
    stop = threading.Event()

    def loop() -> None:
        analyse_as_autovacuum_would()
        while not stop.wait(AUTOANALYZE_NAPTIME):
            analyse_as_autovacuum_would()

    thread = threading.Thread(target=loop, name="autoanalyze", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


@contextlib.contextmanager
def running_app(workers: int = 3, with_task_worker: bool = True) -> Iterator[str]:
    """The page server (BENCH_SERVER) and a db_worker for background tasks on a free loopback port;
    stopped afterwards. `workers` is uvicorn's; granian's are WORKERS."""
    port = free_port()
    if BENCH_SERVER == "uvicorn":
        command = ["uvicorn", "config.asgi:application", "--workers", str(workers), "--port", str(port),
                   "--no-access-log", "--log-level", "warning", "--lifespan", "off",
                   "--timeout-graceful-shutdown", "3"]  # fmt: skip
        env = asgi_env()
    else:
        command = ["granian", "--interface", "wsgi", "config.wsgi:application",
                   "--workers", os.environ.get("BENCH_WORKERS", str(WORKERS)),
                   "--blocking-threads", os.environ.get("BENCH_THREADS", str(BLOCKING_THREADS)),
                   "--backlog", os.environ.get("BENCH_BACKLOG", str(BACKLOG)),
                   "--host", "127.0.0.1", "--port", str(port),
                   "--no-ws", "--respawn-failed-workers", "--log-level", "warning"]  # fmt: skip
        env = server_env()
    processes = [subprocess.Popen([sys.executable, "-m", *command], cwd=ROOT, env=env)]  # fmt: skip
    if with_task_worker:
        processes.append(
            subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.5"], cwd=ROOT,
                             env=server_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )  # fmt: skip
    PIDS.clear()
    PIDS["page server"] = processes[0].pid
    if with_task_worker:
        PIDS["task worker"] = processes[1].pid
    try:
        wait_for_port(port)
        with autoanalyze():
            yield f"http://127.0.0.1:{port}"
    finally:
        PIDS.clear()
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
