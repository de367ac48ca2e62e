"""Delete the personal data of panels past their retention date (run daily, e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.panels import services


class Command(BaseCommand):
    help = "Delete volunteers' personal data of panels whose retention date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        for panel in services.due_for_purge():
            n = services.purge(actor=None, panel=panel)
            self.stdout.write(f"{panel.pk}: {n} volunteers' personal data deleted")
