"""Delete idle guest identities and unconfirmed e-mails (run daily, or --schedule it in the worker)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocreate.privacy import services, tasks


class Command(BaseCommand):
    help = "Apply the retention rules of personal data now; --schedule runs them daily in db_worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="enqueue the daily run in the background worker instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            if tasks.schedule_next(delay=tasks.timedelta(minutes=1)):
                self.stdout.write("Retention scheduled daily in the background worker.")
            else:
                self.stderr.write("This task backend cannot defer tasks: run this command daily from cron.")
            return
        done = services.purge_expired()
        self.stdout.write(
            f"{done['guests']} idle guest identities, {done['emails']} unconfirmed e-mails, "
            f"{done['codes']} access codes deleted"
        )
