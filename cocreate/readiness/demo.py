"""The demo's Co-Ready (cocreate/home/demo.py): an earlier closed round and an open one for the
municipality, and closed rounds of enough other organisations (7) for an anonymous benchmark."""

from __future__ import annotations

import random

from cocreate.accounts import services as account_services
from cocreate.accounts.demo import Cast, add_member, person
from cocreate.accounts.models import Organisation, Role
from cocreate.assessments.demo import plausible_answers
from cocreate.readiness import services as readiness_services

Kind, Size = Organisation.Kind, Organisation.SizeBand

# name, country, kind, size, how mature their answers are (0–1)
PEERS = [
    ("Municipality of Brezje", "SI", Kind.MUNICIPALITY, Size.SMALL, 0.35),
    ("Municipality of Gornji Log", "SI", Kind.MUNICIPALITY, Size.MEDIUM, 0.55),
    ("City of Vrhnje", "SI", Kind.MUNICIPALITY, Size.LARGE, 0.7),
    ("Municipality of Dolina", "SI", Kind.MUNICIPALITY, Size.MEDIUM, 0.5),
    ("Town of Seewald", "AT", Kind.MUNICIPALITY, Size.MEDIUM, 0.6),
    ("Regional Development Agency (demo)", "SI", Kind.AGENCY, Size.SMALL, 0.4),
    ("City of Kalnik", "HR", Kind.MUNICIPALITY, Size.LARGE, 0.65),
]


def build(cast: Cast) -> None:
    rng = random.Random(2026)
    past = readiness_services.open_round(
        actor=cast.admin, organisation=cast.municipality, title="Autumn 2025"
    )
    for colleague in cast.colleagues:
        readiness_services.save_answers(
            round_=past, user=colleague, answers=plausible_answers(past.collection, rng, 0.45), submit=True
        )
    readiness_services.close_round(actor=cast.admin, round_=past)
    current = readiness_services.open_round(
        actor=cast.admin, organisation=cast.municipality, title="Spring 2027"
    )
    for colleague in cast.colleagues[:2]:
        readiness_services.save_answers(
            round_=current,
            user=colleague,
            answers=plausible_answers(current.collection, rng, 0.6),
            submit=True,
        )
    for n, (name, country, kind, size, maturity) in enumerate(PEERS):
        people = [person(f"peer{n}-{k}@demo.cocreate.eu", f"Colleague {k + 1} of {name}") for k in range(3)]
        org = account_services.create_organisation(
            actor=None, name=name, country=country, kind=kind, size_band=size, admin=people[0]
        )
        for colleague in people[1:]:
            add_member(colleague, org, Role.STAFF)
        peer_round = readiness_services.open_round(actor=people[0], organisation=org, title="2026")
        for colleague in people:
            readiness_services.save_answers(
                round_=peer_round,
                user=colleague,
                answers=plausible_answers(peer_round.collection, rng, maturity),
                submit=True,
            )
        readiness_services.close_round(actor=people[0], round_=peer_round)
