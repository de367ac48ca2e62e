"""`manage.py seed_demo`: a demo municipality with a user for each role, its services and a
renewal followed through every stage, plus a second organisation (the story: cocreate/home/demo.py).
Safe to run twice (it stops if the demo exists); prints the demo log-ins either way."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocreate.accounts.demo import DEMO_PASSWORD, LOGINS
from cocreate.home import demo


class Command(BaseCommand):
    help = "Create demo organisations, users, services and a renewal, and print the demo log-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.exists():
            self.stdout.write("Demo data exists already.")
        else:
            demo.build(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo log-ins (password for all: {DEMO_PASSWORD})"))
        for email, name, what in LOGINS:
            self.stdout.write(f"  {email:<32} {what!s:<45} {name}")
