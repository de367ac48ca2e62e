"""The retention run, once a day, in the background worker (`manage.py db_worker`).

django-tasks has no scheduler: each run enqueues the next one a day later (`privacy_retention
--schedule` starts the chain; `make demo` does it). Where the task backend cannot defer, or where
cron is preferred, run `manage.py privacy_retention` daily instead.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

PERIOD = timedelta(days=1)


@task()
def run_retention() -> dict[str, int]:
    from cocreate.privacy import services

    done = services.purge_expired()
    schedule_next()
    return done


def schedule_next(delay: timedelta = PERIOD) -> bool:
    """Enqueue the next run unless one is already waiting. False when the backend cannot defer."""
    if not default_task_backend.supports_defer:
        return False
    if _already_waiting():
        return True
    run_retention.using(run_after=timezone.now() + delay).enqueue()
    return True


def _already_waiting() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: it keeps its own queue
        return False
    return DBTaskResult.objects.filter(task_path=run_retention.module_path, status="READY").exists()
