"""The demo's services (cocreate/home/demo.py): the municipality's four, three of them assessed with
Co-Serve so the ranking has reasons to show, and one of the other organisation."""

from __future__ import annotations

from cocreate.accounts.demo import Cast
from cocreate.portfolio import services as portfolio_services
from cocreate.portfolio.models import Service

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


def build(cast: Cast) -> list[Service]:
    """The municipality's services, home care first."""
    created = [
        portfolio_services.create_service(
            actor=cast.admin,
            organisation=cast.municipality,
            name=name,
            description=description,
            users=who,
            channels=channels,
        )
        for name, description, who, channels in SERVICES
    ]
    portfolio_services.create_service(
        actor=cast.ministry_admin,
        organisation=cast.ministry,
        name="Online tax return help",
        description="Help with filing the annual tax return online.",
        users="Residents.",
        channels=["web"],
    )
    return created


def assess(cast: Cast, services: list[Service]) -> None:
    favourable = dict.fromkeys(("C11", "C12", "C13", "C14", "C21", "C22", "C25", "C26", "C27"), "yes")
    favourable |= dict.fromkeys(("C15", "C16", "C23", "C24"), "no")
    answers = {
        "Home care for older people": favourable,
        "Residents' parking permits": {**favourable, "C13": "no", "C24": "yes", "C22": "no"},
        "Registering a newborn": {**favourable, "C23": "yes", "C14": "no", "C25": "no"},
    }
    for service in services:
        if service.name not in answers:
            continue
        assessment = portfolio_services.open_assessment(actor=cast.admin, service=service)
        for n, person in enumerate(cast.colleagues):
            mine = dict(answers[service.name])
            if n == 2:  # one colleague sees the users' digital skills differently
                mine["C15"] = "yes"
            portfolio_services.save_coserve_answers(
                actor=person, assessment=assessment, answers=mine, submit=True
            )
