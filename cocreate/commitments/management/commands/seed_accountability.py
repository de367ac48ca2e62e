"""Demo data for accountability (called by seed_demo; safe to run again)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import Membership, Organisation, Role, User
from cocreate.accounts.tests.factories import MembershipFactory, UserFactory
from cocreate.commitments import services
from cocreate.commitments.models import Alliance, LogEntry
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import public_renewals

DEMO_PASSWORD = "cocreate-demo"  # noqa: S105 — the demo's published password (as in seed_demo)
ALLIANCE_NAME = "Alliance for accessible public services (demo)"
EXTRA_ORGANISATIONS = [
    ("Regional Development Agency Savinja (demo)", Organisation.Kind.REGIONAL, "regional"),
    ("Employment Service (demo)", Organisation.Kind.AGENCY, "employment"),
    ("Ministry of Digital Transformation (demo)", Organisation.Kind.MINISTRY, "digital"),
]


def _admin_of(organisation: Organisation, slug: str) -> User:
    membership = organisation.memberships.filter(role=Role.ADMIN).select_related("user").first()
    if membership is not None:
        return membership.user
    user = cast(
        User,
        UserFactory(
            email=f"{slug}@demo.cocreate.eu",
            full_name=f"Admin of {organisation.name}",
            password=DEMO_PASSWORD,
        ),
    )
    MembershipFactory(user=user, organisation=organisation, role=Role.ADMIN)
    return user


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
        if renewal.log_entries.exists() or renewal.commitments.exists():
            self.stdout.write("Accountability demo data for the renewal exists already.")
            return
        actor = _admin_of(renewal.organisation, "renewal-admin")
        staff = Membership.objects.filter(organisation=renewal.organisation).select_related("user")
        people = [m.user for m in staff] or [actor]
        for kind, title, text in (
            (
                LogEntry.Kind.METHOD,
                "How we listen: journey interviews",
                "Twelve interviews with people who used the service last year.",
            ),
            (
                LogEntry.Kind.MEETING_NOTES,
                "Workshop 1: where it hurts",
                "Thirty participants; the top pain point was waiting without news.",
            ),
            (
                LogEntry.Kind.DECISION,
                "We will send status updates by SMS",
                "Chosen because most participants asked for it first.",
            ),
        ):
            services.add_log_entry(
                actor=actor, owner=renewal, kind=kind, title=title, text=text, publish=True
            )
        services.add_log_entry(
            actor=actor, owner=renewal, kind=LogEntry.Kind.SCRIPT, title="Draft script for workshop 2"
        )
        today = timezone.localdate()
        for i, (title, days, publish) in enumerate(
            (
                ("Send an SMS at every step of the application", 60, True),
                ("Rewrite the decision letter in plain language", -14, True),  # late on purpose
                ("Train front-desk staff in the new process", 120, True),
                ("Evaluate the pilot with the users' panel", 200, False),
            )
        ):
            services.add_commitment(
                actor=actor,
                owner=renewal,
                title=title,
                organisation=renewal.organisation,
                deadline=today + timedelta(days=days),
                responsible=people[i % len(people)],
                why="Asked for in the workshops.",
                publish=publish,
            )
        self.stdout.write(f"Process log and commitments added to “{renewal.title}”.")

    @transaction.atomic
    def _alliance(self, renewal: Renewal) -> None:
        if Alliance.objects.filter(name=ALLIANCE_NAME).exists():
            self.stdout.write("The demo alliance exists already.")
            return
        founder_org = renewal.organisation
        founder = _admin_of(founder_org, "renewal-admin")
        alliance = services.create_alliance(
            actor=founder,
            name=ALLIANCE_NAME,
            purpose="Public bodies that make their services usable by everyone, and report on it in public.",
            target_amount=Decimal(500),
            target_unit="services made accessible",
            target_date=date(today_year() + 4, 12, 31),
            declaration="We make every service we run usable by everyone, test it with disabled users, "
            "and publish our progress each half-year.",
        )
        members: list[tuple[Organisation, User]] = [(founder_org, founder)]
        for name, kind, slug in EXTRA_ORGANISATIONS:
            organisation, _created = Organisation.objects.get_or_create(
                name=name, defaults={"country": "SI", "kind": kind, "size_band": Organisation.SizeBand.LARGE}
            )
            members.append((organisation, _admin_of(organisation, slug)))
        declaration = alliance.current_declaration()
        assert declaration is not None
        year = today_year()
        for n, (organisation, admin) in enumerate(members):
            services.admit(actor=founder, alliance=alliance, organisation=organisation)
            services.sign_declaration(actor=admin, declaration=declaration, organisation=organisation)
            pledge = services.add_pledge(
                actor=admin,
                alliance=alliance,
                organisation=organisation,
                title="Services audited and fixed for accessibility",
                amount=Decimal(80 + 40 * n),
                unit="services made accessible",
                year=year + 3,
            )
            for k, period_end in enumerate(
                (date(year - 1, 6, 30), date(year - 1, 12, 31), date(year, 6, 30))
            ):
                if period_end <= timezone.localdate():
                    services.report_on_pledge(
                        actor=admin,
                        pledge=pledge,
                        period_end=period_end,
                        amount=Decimal((k + 1) * (10 + 5 * n)),
                    )
        organisations = [o for o, _admin in members]
        for name, group_members in (
            ("Testing with disabled users", organisations[:2]),
            ("Accessible documents and letters", organisations[1:]),
        ):
            group = services.add_working_group(
                actor=founder, alliance=alliance, name=name, members=list(group_members)
            )
            services.add_meeting(
                actor=founder,
                owner=alliance,
                working_group=group,
                title=f"{name}: kick-off",
                starts_at=timezone.now() - timedelta(days=30),
                minutes="Agreed on a shared checklist and a half-yearly report.",
            )
        services.add_log_entry(
            actor=founder,
            owner=alliance,
            kind=LogEntry.Kind.DECISION,
            title="Members report every half-year",
            text="Reports are due at the end of June and December.",
            publish=True,
        )
        self.stdout.write(f"Alliance “{alliance.name}” created with {len(members)} members.")


def today_year() -> int:
    return timezone.localdate().year
