"""The demo's alliance (`manage.py seed_accountability`, called by `seed_demo`): four public
bodies of four sectors that sign a declaration, pledge toward a quantified target (500 services
made accessible), report twice a year and meet in two working groups — a kick-off held, with its
agenda, minutes and decisions (the commitments demo makes the first decision a commitment), and a
next meeting with its agenda. Built through the services, as a secretariat and the members' staff
would."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from cocreate.accounts import services as account_services
from cocreate.accounts.models import Membership, Organisation, Role, User
from cocreate.alliances import services
from cocreate.alliances.models import Alliance

DEMO_PASSWORD = "cocreate-demo"  # noqa: S105 — the demo's published password (as in seed_demo)
NAME = "Alliance for accessible public services (demo)"
EXTRA_ORGANISATIONS = [
    ("Regional Development Agency Savinja (demo)", Organisation.Kind.REGIONAL, "regional"),
    ("Employment Service (demo)", Organisation.Kind.AGENCY, "employment"),
    ("Ministry of Digital Transformation (demo)", Organisation.Kind.MINISTRY, "digital"),
]
UNIT = "services made accessible"
DECISIONS = [
    "Adopt one accessibility checklist (EN 301 549) for every member",
    "Report progress on the pledges every half-year",
]


def admin_of(organisation: Organisation, slug: str) -> User:
    """The organisation's first admin, or a demo account made its admin. No service makes an
    account out of nothing (people arrive by invitation), so the account and its membership are
    made with the model's own constructors, as the demo's cast is."""
    membership = organisation.memberships.filter(role=Role.ADMIN).select_related("user").first()
    if membership is not None:
        return membership.user
    user = User.objects.create_user(
        f"{slug}@demo.cocreate.eu", DEMO_PASSWORD, full_name=f"Admin of {organisation.name}"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return user


def _organisation(name: str, kind: str, slug: str) -> tuple[Organisation, User]:
    existing = Organisation.objects.filter(name=name).first()
    if existing is not None:
        return existing, admin_of(existing, slug)
    user = User.objects.create_user(f"{slug}@demo.cocreate.eu", DEMO_PASSWORD, full_name=f"Admin of {name}")
    organisation = account_services.create_organisation(
        actor=None, name=name, country="SI", kind=kind, size_band=Organisation.SizeBand.LARGE, admin=user
    )
    return organisation, user


def exists() -> bool:
    return Alliance.objects.filter(name=NAME).exists()


def build(founder_org: Organisation, founder: User) -> Alliance:
    year = timezone.localdate().year
    alliance = services.create_alliance(
        actor=founder,
        name=NAME,
        purpose="Public bodies that make their services usable by everyone, and report on it in public.",
        target_amount=Decimal(500),
        target_unit=UNIT,
        target_date=date(year + 4, 12, 31),
        declaration="We make every service we run usable by everyone, test it with disabled users, "
        "and publish our progress each half-year.",
    )
    members = [(founder_org, founder)] + [_organisation(*extra) for extra in EXTRA_ORGANISATIONS]
    declaration = alliance.current_declaration()
    assert declaration is not None
    for n, (organisation, admin) in enumerate(members):
        services.admit(actor=founder, alliance=alliance, organisation=organisation)
        services.sign_declaration(actor=admin, declaration=declaration, organisation=organisation)
        pledge = services.add_pledge(
            actor=admin,
            alliance=alliance,
            organisation=organisation,
            title="Services audited and fixed for accessibility",
            amount=Decimal(80 + 40 * n),
            unit=UNIT,
            year=year + 3,
            publish=True,
        )
        for k, period_end in enumerate((date(year - 1, 6, 30), date(year - 1, 12, 31), date(year, 6, 30))):
            if period_end <= timezone.localdate():
                services.report_on_pledge(
                    actor=admin, pledge=pledge, period_end=period_end, amount=Decimal((k + 1) * (10 + 5 * n))
                )
    services.add_pledge(  # a draft: only its organisation and the secretariat see it
        actor=founder,
        alliance=alliance,
        organisation=founder_org,
        title="Forms that work with a screen reader",
        amount=Decimal(20),
        unit=UNIT,
        year=year + 2,
    )
    organisations = [organisation for organisation, _admin in members]
    now = timezone.now()
    for name, group_members in (
        ("Testing with disabled users", organisations[:2]),
        ("Accessible documents and letters", organisations[1:]),
    ):
        group = services.add_working_group(actor=founder, alliance=alliance, name=name, members=group_members)
        kickoff = services.add_meeting(
            actor=founder,
            owner=alliance,
            working_group=group,
            title=f"{name}: kick-off",
            starts_at=now - timedelta(days=30),
            ends_at=now - timedelta(days=30) + timedelta(hours=2),
            location="Ljubljana, City Hall, room 3",
            online_link="https://meet.example.org/alliance-kick-off",
            agenda="1. Who we are and what we pledged\n2. A shared checklist\n3. How we report",
        )
        services.write_minutes(
            actor=founder,
            meeting=kickoff,
            minutes="Agreed on a shared checklist and a half-yearly report.",
        )
        for title in DECISIONS:
            services.record_decision(actor=founder, meeting=kickoff, title=title)
        upcoming = services.add_meeting(
            actor=founder,
            owner=alliance,
            working_group=group,
            title=f"{name}: first results",
            starts_at=now + timedelta(days=21),
            ends_at=now + timedelta(days=21, hours=2),
            online_link="https://meet.example.org/alliance-results",
        )
        services.set_agenda(
            actor=founder,
            meeting=upcoming,
            agenda="1. What each member reached\n2. What got in the way\n3. Next steps",
        )
    return alliance
