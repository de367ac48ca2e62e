"""The periodic jobs: commitment reminders, digests, retention … run by `manage.py run_schedule`.

django-tasks (the task library in use) runs queued work but schedules nothing, so one small
process does: `run_schedule` runs next to `db_worker` (in `make demo` and under the process
supervisor in production) and, each minute, calls the management commands of settings.SCHEDULE
whose cron expression (in TIME_ZONE; parsed by `cronsim`) fired since it last looked. At start it
catches up with what fired earlier the same day (a restart at 09:00 still sends the 07:00 digest).

Every job must be safe to run twice, since two schedulers (or a restart) may both run it: the
reminders keep a `ReminderSent` row per commitment, reason and deadline, the digests a `Digest`
row per person and period, both written before the e-mail is queued (decision 0018).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cronsim import CronSim
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    command: str
    cron: str

    def fires_between(self, after: datetime, until: datetime) -> bool:
        """Whether the job's time came in (after, until]."""
        return next(CronSim(self.cron, timezone.localtime(after))) <= until


def jobs() -> list[Job]:
    """settings.SCHEDULE: {management command: cron expression}; an empty expression turns it off."""
    return [Job(command, cron) for command, cron in settings.SCHEDULE.items() if cron.strip()]


class Scheduler:
    def __init__(self, *, now: datetime, out: Any = None) -> None:
        start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        self.since = start_of_day - timedelta(seconds=1)  # catch up with today's missed runs
        self.jobs = jobs()
        self.out = out  # where the jobs write (the command's stdout)

    def tick(self, now: datetime) -> list[str]:
        """Run every job whose time came since the last tick; returns the commands run."""
        due = [job for job in self.jobs if job.fires_between(self.since, now)]
        self.since = now
        ran = []
        for job in due:
            try:
                call_command(job.command, stdout=self.out, stderr=self.out)
            except Exception:  # one broken job must not stop the others or the scheduler
                logger.exception("scheduled job %s failed", job.command)
                continue
            ran.append(job.command)
        return ran
