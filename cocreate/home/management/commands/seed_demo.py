"""`manage.py seed_demo`: a demo municipality with a user for each role, its services and a
renewal, plus a second organisation. Safe to run twice (it stops if the demo exists)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, cast

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cocreate.accounts import services as account_services
from cocreate.accounts.models import GuestParticipant, Organisation, Role, User
from cocreate.accounts.tests.factories import GuestParticipantFactory, MembershipFactory, UserFactory
from cocreate.community import services as community_services
from cocreate.conversations import compute as conversation_compute
from cocreate.conversations import services as conversation_services
from cocreate.journeys import services as journey_services
from cocreate.panels import services as panel_services
from cocreate.panels.forms import EXAMPLE_QUOTAS
from cocreate.portfolio import services as portfolio_services
from cocreate.quality import services as quality_services
from cocreate.readiness import services as readiness_services
from cocreate.renewals import services as renewal_services
from cocreate.renewals.models import Renewal
from cocreate.workshops import services as workshop_services

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


def _answers(round_: Any, rng: random.Random, maturity: float) -> dict[str, str]:
    return _collection_answers(round_.collection, rng, maturity)


def _collection_answers(collection: Any, rng: random.Random, maturity: float) -> dict[str, str]:
    """Plausible answers: each question leans towards its best answer as maturity grows; some don't-knows."""
    answers = {}
    for question in collection.questions():
        values = [o["value"] for o in question.options]
        if rng.random() < 0.05:
            answers[question.attribute] = "*"
            continue
        position = min(len(values) - 1, max(0, round(rng.gauss(maturity * (len(values) - 1), 0.7))))
        answers[question.attribute] = values[position]
    return answers


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

        self._seed_readiness(municipality, users)
        self._seed_coserve(created, users)
        self._seed_comaster(renewal, users)
        self._seed_conversation(renewal, users)
        self._seed_panel(municipality, renewal, users)
        self._seed_journey(renewal, users)
        self._seed_workshops(municipality, renewal, users)
        self._seed_community(municipality, users)
        call_command("seed_accountability", stdout=self.stdout)

    def _seed_community(self, municipality: Organisation, users: dict[str, User]) -> None:
        """Method cards, good practices, members, an ambassador, and an event with a waiting list."""
        call_command("seed_community", stdout=self.stdout)
        staff, facilitator = users["staff@demo.cocreate.eu"], users["facilitator@demo.cocreate.eu"]
        community_services.join(user=users["admin@demo.cocreate.eu"], role_title="Head of citizen services")
        community_services.join(
            user=staff,
            role_title="Service designer",
            visibility="public",
            skills="Journey mapping, interviews",
            contactable=True,
        )
        community_services.join(
            user=facilitator,
            role_title="Facilitator",
            visibility="public",
            skills="World Café, Open Space",
            contactable=True,
        )
        community_services.nominate_ambassador(
            actor=users["admin@demo.cocreate.eu"], organisation=municipality, user=staff
        )
        start = (timezone.localtime() + timedelta(days=21)).replace(
            hour=13, minute=0, second=0, microsecond=0
        )
        event = community_services.create_event(
            actor=staff,
            kind="hackathon",
            title="Hackathon: one phone number for care",
            description="An afternoon with service users, carers and developers.",
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            location="Lipovec innovation lab",
            capacity=2,
            organisation=municipality,
        )
        for person in (staff, facilitator, users["admin@demo.cocreate.eu"]):  # the third waits for a place
            community_services.register(user=person, event=event)

    def _seed_workshops(self, municipality: Organisation, renewal: Renewal, users: dict[str, User]) -> None:
        """A 30-person World Café with its rotation planned, and an Open Space with its marketplace."""
        facilitator = users["facilitator@demo.cocreate.eu"]
        start = (timezone.localtime() + timedelta(days=10)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
        cafe = workshop_services.create_workshop(
            actor=facilitator,
            organisation=municipality,
            renewal=renewal,
            title="Home care café",
            format="world_cafe",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place="Library hall",
            accessibility="Step-free access; hearing loop; a quiet room next door.",
            tables_count=6,
            table_size=5,
        )
        groups = ["service users", "family carers", "care workers", "NGOs", "municipal staff"]
        people = [
            f"Guest {n + 1:02d}; {groups[n % 5]}" + (f"; host {n + 1}" if n < 6 else "") for n in range(30)
        ]
        workshop_services.add_people(actor=facilitator, workshop=cafe, text="\n".join(people))
        workshop_services.plan_rotation(actor=facilitator, workshop=cafe)
        space = workshop_services.create_workshop(
            actor=facilitator,
            organisation=municipality,
            renewal=renewal,
            title="Open day on home care",
            format="open_space",
            starts_at=start + timedelta(days=7),
            ends_at=start + timedelta(days=7, hours=5),
            place="Town hall",
        )
        workshop_services.add_people(
            actor=facilitator,
            workshop=space,
            text="\n".join(f"Neighbour {n + 1:02d}; residents" for n in range(12)),
        )
        attendees = list(space.attendees.all())
        titles = [
            "Waiting times after hospital",
            "Carers' working conditions",
            "Volunteers and neighbours",
            "One phone number",
        ]
        sessions = [
            workshop_services.propose_session(workshop=space, convener=attendees[n], title=t)
            for n, t in enumerate(titles)
        ]
        for n, person in enumerate(attendees):
            for session in sessions[n % 4 : n % 4 + 2]:
                workshop_services.add_interest(session=session, attendee=person)

    def _seed_journey(self, renewal: Renewal, users: dict[str, User]) -> None:
        """The as-is journey of home care, open to service users, with their feelings, pain points and
        ideas — some answered, some waiting."""
        staff = users["staff@demo.cocreate.eu"]
        persona = journey_services.save_persona(
            actor=staff,
            renewal=renewal,
            name="Marija, 81",
            situation="Lives alone; came home from hospital after a fall.",
            goals="Stay at home, safely.",
            needs="Help with washing and shopping from day one.",
            frustrations="Nobody tells her who to call.",
            digital_skills="none",
            accessibility_needs="Hard of hearing; prefers visits to phone calls.",
        )
        journey = journey_services.create_map(
            actor=staff, renewal=renewal, title="Getting home care after hospital", persona=persona
        )
        plan = {
            "Finding out": [
                ("Hears about home care from the hospital nurse", "Hospital ward", "observed"),
                ("Calls the municipality", "Phone line", "reported"),
            ],
            "Applying": [
                ("Fills in the application form", "Paper form", "observed"),
                ("Sends documents from the GP", "Letter", "reported"),
            ],
            "Waiting": [
                ("Waits for the assessment visit", "Home", "reported"),
                ("Gets the decision letter", "Letter", "observed"),
            ],
            "Receiving care": [("First visit of the carer", "Home visit", "observed")],
        }
        rng = random.Random(5)
        steps = []
        for stage_title, stage_steps in plan.items():
            stage = journey_services.add_stage(actor=staff, journey=journey, title=stage_title)
            for title, touchpoint, evidence in stage_steps:
                steps.append(
                    journey_services.add_step(
                        actor=staff, stage=stage, title=title, touchpoint=touchpoint, evidence=evidence
                    )
                )
        journey_services.set_participation(actor=staff, journey=journey, open_=True)
        moods = [1, -1, -2, -1, -2, 0, 2]
        people = [cast(GuestParticipant, GuestParticipantFactory()) for _ in range(18)]
        for person in people:
            for step, mood in zip(steps, moods, strict=True):
                journey_services.rate(
                    step=step, participant=person, value=max(-2, min(2, mood + rng.choice([-1, 0, 0, 1])))
                )
        said = [
            (2, "pain_point", "The form asks for documents I do not have at home."),
            (4, "pain_point", "Three weeks without help after the hospital."),
            (4, "idea", "Start care the day you leave hospital; assess later."),
            (2, "idea", "Let the hospital nurse fill in the form with us."),
            (1, "idea", "One phone number that always answers."),
            (5, "pain_point", "The letter is hard to read."),
        ]
        made = [
            journey_services.contribute(step=steps[i], participant=people[n], kind=k, text=t)
            for n, (i, k, t) in enumerate(said)
        ]
        for n, idea in enumerate(made):
            if idea.kind == "idea":
                for fan in people[6 : 6 + 4 * (n % 3 + 1)]:
                    journey_services.support(contribution=idea, participant=fan)
        journey_services.answer(
            actor=staff,
            contribution=made[2],
            status="accepted",
            reason="From next spring a carer visits within two days of discharge.",
        )
        journey_services.answer(
            actor=staff,
            contribution=made[0],
            status="under_review",
            reason="We are checking which documents we can get ourselves.",
        )

    def _seed_panel(self, municipality: Organisation, renewal: Renewal, users: dict[str, User]) -> None:
        """A citizens' jury with its quotas set, waiting for the sample pool to be imported."""
        panel = panel_services.create_panel(
            actor=users["staff@demo.cocreate.eu"],
            organisation=municipality,
            renewal=renewal,
            title="Citizens' jury on home care",
            purpose="24 residents, drawn by lottery to reflect Lipovec, recommend how home care should work.",
            size=24,
            retention_until=timezone.localdate() + timedelta(days=365),
        )
        panel_services.set_quotas(actor=users["staff@demo.cocreate.eu"], panel=panel, text=EXAMPLE_QUOTAS)

    def _seed_conversation(self, renewal: Renewal, users: dict[str, User]) -> None:
        """A public conversation with 45 guests' votes in three camps, so groups show at once."""
        statements = [
            "Care should start on the day a person leaves hospital.",
            "Families should be able to see the care plan online.",
            "One contact person is better than a call centre.",
            "Home care should be free for people on a low pension.",
            "Private providers should deliver more of the care.",
            "The municipality should run home care itself.",
            "Carers need more time per visit, even if fewer people get visits.",
            "Volunteers could help with shopping and company.",
            "Waiting times should be published every month.",
            "Care workers should be paid more.",
        ]
        conversation = conversation_services.create_conversation(
            actor=users["staff@demo.cocreate.eu"],
            renewal=renewal,
            topic="What matters most in home care?",
            description="Vote on each statement: agree, disagree or pass. Add what is missing.",
            is_public=True,
            seed_statements=statements,
        )
        rng = random.Random(11)
        camps = [
            [1, 1, 1, 1, -1, 1, 1, 0, 1, 1],  # public provision, more time
            [1, 1, 1, -1, 1, -1, -1, 1, 1, 0],  # private providers, efficiency
            [1, 1, 0, 1, 0, 1, 1, 1, 1, 1],  # families and volunteers
        ]
        seeded = list(conversation.statements.order_by("number"))
        for n in range(45):
            participant = cast(GuestParticipant, GuestParticipantFactory())
            camp = camps[n % 3]
            for statement, lean in zip(seeded, camp, strict=True):
                if rng.random() < 0.15:
                    continue  # not everyone votes on everything
                value = lean if rng.random() < 0.85 else rng.choice([-1, 0, 1])
                conversation_services.vote(statement=statement, participant=participant, value=value)
        conversation_compute.compute(conversation)

    def _seed_comaster(self, renewal: Renewal, users: dict[str, User]) -> None:
        """Co-Master of the demo renewal's first cycle: two organisers and six participants answered,
        and they see the co-creation differently (the point of asking both)."""
        rng = random.Random(7)
        assessment = quality_services.open_assessment(actor=users["admin@demo.cocreate.eu"], renewal=renewal)
        for email, maturity in (("admin@demo.cocreate.eu", 0.85), ("facilitator@demo.cocreate.eu", 0.75)):
            quality_services.answer_as_organiser(
                assessment=assessment,
                user=users[email],
                answers=_collection_answers(assessment.organisers, rng, maturity),
                submit=True,
            )
        for _n in range(6):
            quality_services.answer_as_participant(
                assessment=assessment,
                participant=cast(GuestParticipant, GuestParticipantFactory()),
                answers=_collection_answers(assessment.participants, rng, 0.45),
                submit=True,
            )

    def _seed_coserve(self, services: list[Any], users: dict[str, User]) -> None:
        """Three of the four services assessed, so the ranking has reasons to show."""
        favourable = dict.fromkeys(("C11", "C12", "C13", "C14", "C21", "C22", "C25", "C26", "C27"), "yes")
        favourable |= dict.fromkeys(("C15", "C16", "C23", "C24"), "no")
        answers = {
            "Home care for older people": favourable,
            "Residents' parking permits": {**favourable, "C13": "no", "C24": "yes", "C22": "no"},
            "Registering a newborn": {**favourable, "C23": "yes", "C14": "no", "C25": "no"},
        }
        people = [users[e] for e, _n, r in DEMO_USERS if r is not None]
        for service in services:
            if service.name not in answers:
                continue
            assessment = portfolio_services.open_assessment(actor=people[0], service=service)
            for n, person in enumerate(people):
                mine = dict(answers[service.name])
                if n == 2:  # one colleague sees the users' digital skills differently
                    mine["C15"] = "yes"
                portfolio_services.save_coserve_answers(
                    actor=person, assessment=assessment, answers=mine, submit=True
                )

    def _seed_readiness(self, municipality: Organisation, users: dict[str, User]) -> None:
        """An earlier closed round and an open one for the demo municipality, and closed rounds of
        enough other organisations (7) for an anonymous benchmark."""
        rng = random.Random(2026)
        admin = users["admin@demo.cocreate.eu"]
        colleagues = [users[e] for e, _n, r in DEMO_USERS if r is not None]
        past = readiness_services.open_round(actor=admin, organisation=municipality, title="Autumn 2025")
        for person in colleagues:
            readiness_services.save_answers(
                round_=past, user=person, answers=_answers(past, rng, 0.45), submit=True
            )
        readiness_services.close_round(actor=admin, round_=past)
        current = readiness_services.open_round(actor=admin, organisation=municipality, title="Spring 2027")
        for person in colleagues[:2]:
            readiness_services.save_answers(
                round_=current, user=person, answers=_answers(current, rng, 0.6), submit=True
            )
        peers = [
            (
                "Municipality of Brezje",
                "SI",
                Organisation.Kind.MUNICIPALITY,
                Organisation.SizeBand.SMALL,
                0.35,
            ),
            (
                "Municipality of Gornji Log",
                "SI",
                Organisation.Kind.MUNICIPALITY,
                Organisation.SizeBand.MEDIUM,
                0.55,
            ),
            ("City of Vrhnje", "SI", Organisation.Kind.MUNICIPALITY, Organisation.SizeBand.LARGE, 0.7),
            (
                "Municipality of Dolina",
                "SI",
                Organisation.Kind.MUNICIPALITY,
                Organisation.SizeBand.MEDIUM,
                0.5,
            ),
            ("Town of Seewald", "AT", Organisation.Kind.MUNICIPALITY, Organisation.SizeBand.MEDIUM, 0.6),
            (
                "Regional Development Agency (demo)",
                "SI",
                Organisation.Kind.AGENCY,
                Organisation.SizeBand.SMALL,
                0.4,
            ),
            ("City of Kalnik", "HR", Organisation.Kind.MUNICIPALITY, Organisation.SizeBand.LARGE, 0.65),
        ]
        for n, (name, country, kind, size, maturity) in enumerate(peers):
            org = account_services.create_organisation(
                actor=None, name=name, country=country, kind=kind, size_band=size
            )
            people = [
                _user(email=f"peer{n}-{k}@demo.cocreate.eu", full_name=f"Colleague {k + 1} of {name}")
                for k in range(3)
            ]
            for person in people:
                MembershipFactory(
                    user=person, organisation=org, role=Role.ADMIN if person is people[0] else Role.STAFF
                )
            peer_round = readiness_services.open_round(actor=people[0], organisation=org, title="2026")
            for person in people:
                readiness_services.save_answers(
                    round_=peer_round, user=person, answers=_answers(peer_round, rng, maturity), submit=True
                )
            readiness_services.close_round(actor=people[0], round_=peer_round)

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nDemo log-ins (password for all: {DEMO_PASSWORD})"))
        rows = [(e, n, str(r.label) if r else "Platform admin") for e, n, r in DEMO_USERS]
        rows.append(
            ("ministry@demo.cocreate.eu", "Tina Horvat", "Organisation admin (the other organisation)")
        )
        for email, name, role in rows:
            self.stdout.write(f"  {email:<32} {role:<45} {name}")
