"""`manage.py send_digests`: the daily digest job (run once a day by cron or a scheduler)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.notifications import services


class Command(BaseCommand):
    help = "E-mail each person who chose a daily digest the notifications waiting for it."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_digests()
        self.stdout.write(f"{sent} digest(s) queued.")
