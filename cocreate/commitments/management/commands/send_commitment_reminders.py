from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.commitments import services


class Command(BaseCommand):
    help = "E-mail responsible people about commitments due within a week or overdue (once per reason)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_commitment_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
