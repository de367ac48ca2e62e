"""`manage.py serve [host:port]`: the app under uvicorn (ASGI), as `make demo` runs it.

runserver is a WSGI server: it cannot hold the live pages' streams open (decision 0020), so the
demo serves with the same ASGI server as production, one process, static files through WhiteNoise."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the app with uvicorn (ASGI): pages, static files and live streams."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="host:port")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        host, _, port = options["address"].rpartition(":")
        self.stdout.write(f"Serving on http://{host or '127.0.0.1'}:{port}/")
        uvicorn.run(
            "config.asgi:application",
            host=host or "127.0.0.1",
            port=int(port),
            log_level="info",  # one line per request, as runserver printed
            lifespan="off",  # Django has no lifespan events
            timeout_graceful_shutdown=2,  # open streams would otherwise hold Ctrl-C for minutes
        )
