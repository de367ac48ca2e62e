"""Run the app as production runs it — gunicorn, production settings, PostgreSQL — on loopback,
for load benchmarks. Uses its own database (cocreate_bench), created and migrated here."""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocreate_bench")
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
    }


def reset_database() -> None:
    import psycopg

    name = BENCH_DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
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


@contextlib.contextmanager
def running_app(workers: int = 3, with_task_worker: bool = True) -> Iterator[str]:
    """gunicorn (and a db_worker for background tasks) on a free loopback port; stopped afterwards."""
    port = free_port()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--worker-class",
             "gthread", "--threads", "4", "--keep-alive", "5", "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            cwd=ROOT, env=server_env(),
        )
    ]  # fmt: skip
    if with_task_worker:
        processes.append(
            subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.5"], cwd=ROOT,
                             env=server_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )  # fmt: skip
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
