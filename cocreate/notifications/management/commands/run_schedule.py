"""`manage.py run_schedule`: the scheduler process, next to `db_worker` (notifications/schedule.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from cocreate.notifications.schedule import Scheduler, jobs


class Command(BaseCommand):
    help = "Run the periodic jobs of settings.SCHEDULE (reminders, digests, retention) at their times."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run the jobs whose time came earlier today, then stop"
        )
        parser.add_argument("--interval", type=int, default=60, help="seconds between looks (default 60)")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = Scheduler(now=timezone.now(), out=self.stdout)
        listed = ", ".join(f"{job.command} ({job.cron})" for job in jobs()) or "none"
        self.stdout.write(f"Scheduled jobs: {listed}")
        while True:
            if not options["once"]:
                close_old_connections()  # a long-lived process: drop connections the database closed
            for command in scheduler.tick(timezone.now()):
                self.stdout.write(f"ran {command}")
            if options["once"]:
                return
            time.sleep(max(1, options["interval"]))
