"""`manage.py seed_community`: method cards, example good practices, a training event and a learning
path (community/seed.py). Safe to run again: method cards are updated in place, practices and events
created once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cocreate.community import seed


class Command(BaseCommand):
    help = "Load the community's method cards, example good practices and a learning path (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(seed.load())
