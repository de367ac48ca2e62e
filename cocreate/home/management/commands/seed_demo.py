"""`manage.py seed_demo`: a demo municipality with a user for each role, its services and a
renewal, plus a second organisation. Safe to run twice (it stops if the demo exists)."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import BaseCommand
from django.db import transaction

from cocreate.accounts import services as account_services
from cocreate.accounts.models import Organisation, Role, User
from cocreate.accounts.tests.factories import MembershipFactory, UserFactory
from cocreate.portfolio import services as portfolio_services
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Renewal

DEMO_PASSWORD = "cocreate-demo"  # noqa: S105 — the demo's published password, printed on start

DEMO_USERS = [
    # (e-mail, name, role in the municipality or None for platform admin)
    ("platform@demo.cocreate.eu", "Petra Platform", None),
    ("admin@demo.cocreate.eu", "Ana Novak", Role.ADMIN),
    ("staff@demo.cocreate.eu", "Marko Kranjc", Role.STAFF),
    ("facilitator@demo.cocreate.eu", "Eva Zupan", Role.FACILITATOR),
]

SERVICES = [
    (
        "Home care for older people",
        "Help at home with daily tasks for residents over 65 and people with disabilities.",
        "Older residents living alone, their families, and people with disabilities.",
        ["phone", "counter", "home_visit"],
    ),
    (
        "Residents' parking permits",
        "Permits to park in the old town zones.",
        "Residents and businesses of the old town.",
        ["web", "counter", "letter"],
    ),
    (
        "Registering a newborn",
        "Registering a birth and applying for the first documents.",
        "New parents.",
        ["web", "counter"],
    ),
    (
        "Bulky waste collection",
        "Collection of furniture and other large waste on request.",
        "Households.",
        ["web", "phone"],
    ),
]


def _user(**fields: Any) -> User:
    return cast(User, UserFactory(**fields))


class Command(BaseCommand):
    help = "Create demo organisations, users, services and a renewal, and print the demo log-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(email=DEMO_USERS[0][0]).exists():
            self.stdout.write("Demo data exists already.")
        else:
            self._seed()
        self._print_logins()

    @transaction.atomic
    def _seed(self) -> None:
        users = {}
        for email, name, _role in DEMO_USERS:
            users[email] = _user(email=email, full_name=name, password=DEMO_PASSWORD)
        platform = users[DEMO_USERS[0][0]]
        platform.is_superuser = platform.is_staff = True
        platform.save()

        municipality = account_services.create_organisation(
            actor=platform,
            name="Municipality of Lipovec",
            country="SI",
            kind=Organisation.Kind.MUNICIPALITY,
            size_band=Organisation.SizeBand.MEDIUM,
        )
        for email, _name, role in DEMO_USERS[1:]:
            MembershipFactory(user=users[email], organisation=municipality, role=role)
        ministry = account_services.create_organisation(
            actor=platform,
            name="Ministry of Public Administration (demo)",
            country="SI",
            kind=Organisation.Kind.MINISTRY,
            size_band=Organisation.SizeBand.LARGE,
        )
        other_admin = _user(
            email="ministry@demo.cocreate.eu", full_name="Tina Horvat", password=DEMO_PASSWORD
        )
        MembershipFactory(user=other_admin, organisation=ministry, role=Role.ADMIN)

        admin = users["admin@demo.cocreate.eu"]
        created = [
            portfolio_services.create_service(
                actor=admin,
                organisation=municipality,
                name=name,
                description=desc,
                users=who,
                channels=channels,
            )
            for name, desc, who, channels in SERVICES
        ]
        portfolio_services.create_service(
            actor=other_admin,
            organisation=ministry,
            name="Online tax return help",
            description="Help with filing the annual tax return online.",
            users="Residents.",
            channels=["web"],
        )
        renewal = renewal_services.create_renewal(
            actor=admin,
            service=created[0],
            title="Home care that starts when it is needed",
            goal="Older residents wait weeks for home care after they leave hospital. Together with them, "
            "their families and the care providers, find where the journey breaks and fix it.",
            team=[admin, users["staff@demo.cocreate.eu"], users["facilitator@demo.cocreate.eu"]],
            visibility=Renewal.Visibility.PUBLIC,
        )
        renewal_services.update_renewal(
            actor=admin,
            renewal=renewal,
            title=renewal.title,
            goal=renewal.goal,
            team=renewal.team.all(),
            status=Renewal.Status.ACTIVE,
            visibility=renewal.visibility,
        )

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nDemo log-ins (password for all: {DEMO_PASSWORD})"))
        rows = [(e, n, str(r.label) if r else "Platform admin") for e, n, r in DEMO_USERS]
        rows.append(
            ("ministry@demo.cocreate.eu", "Tina Horvat", "Organisation admin (the other organisation)")
        )
        for email, name, role in rows:
            self.stdout.write(f"  {email:<32} {role:<45} {name}")
