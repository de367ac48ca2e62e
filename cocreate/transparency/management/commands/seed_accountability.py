"""`manage.py seed_accountability`: the demo's accountability stage — the public renewal's process
log and commitments, and an alliance with its own log (called by `seed_demo`; safe to run again).

It lives here because the process log is the one room that builds on both commitments and
alliances; each room's `demo.py` makes its own part through its services.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from cocreate.accounts.selectors import memberships_of
from cocreate.alliances import demo as alliance_demo
from cocreate.commitments import demo as commitment_demo
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import public_renewals
from cocreate.transparency import demo as log_demo
from cocreate.transparency.selectors import log_entries_of


class Command(BaseCommand):
    help = "Publish a process log and commitments on the demo's public renewal and create a demo alliance."

    def handle(self, *args: Any, **options: Any) -> None:
        renewal = public_renewals().order_by("created_at").first()
        if renewal is None:
            self.stdout.write("No public renewal: run seed_demo first.")
            return
        self._renewal(renewal)
        self._alliance(renewal)

    @transaction.atomic
    def _renewal(self, renewal: Renewal) -> None:
        # The process log marks a renewal already seeded (commitments alone do not: the panel's
        # demo answers a recommendation with one before this runs).
        if log_entries_of(renewal).exists():
            self.stdout.write("Accountability demo data for the renewal exists already.")
            return
        actor = alliance_demo.admin_of(renewal.organisation, "renewal-admin")
        people = [m.user for m in memberships_of(renewal.organisation)] or [actor]
        log_demo.build_renewal_log(renewal, actor)
        commitment_demo.build(renewal, actor, people)
        self.stdout.write(f"Process log and commitments added to “{renewal.title}”.")

    @transaction.atomic
    def _alliance(self, renewal: Renewal) -> None:
        if alliance_demo.exists():
            self.stdout.write("The demo alliance exists already.")
            return
        founder = alliance_demo.admin_of(renewal.organisation, "renewal-admin")
        alliance = alliance_demo.build(renewal.organisation, founder)
        commitment_demo.build_alliance(alliance, founder)
        log_demo.build_alliance_log(alliance, founder)
        count = alliance.active_members().count()
        self.stdout.write(f"Alliance “{alliance.name}” created with {count} members.")
