"""The demo's journey map (cocreate/home/demo.py): the as-is journey of home care, open to service
users, with their feelings, pain points and ideas — some answered, some waiting."""

from __future__ import annotations

import random

from cocreate.accounts.demo import Cast, guest
from cocreate.journeys import services as journey_services
from cocreate.renewals.models import Renewal

# stage: [(step, touchpoint, evidence)]
PLAN = {
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
MOODS = [1, -1, -2, -1, -2, 0, 2]  # how the steps feel, on average, from -2 to 2
SAID = [  # (step, kind, text)
    (2, "pain_point", "The form asks for documents I do not have at home."),
    (4, "pain_point", "Three weeks without help after the hospital."),
    (4, "idea", "Start care the day you leave hospital; assess later."),
    (2, "idea", "Let the hospital nurse fill in the form with us."),
    (1, "idea", "One phone number that always answers."),
    (5, "pain_point", "The letter is hard to read."),
]


def build(cast: Cast, renewal: Renewal) -> None:
    staff = cast.staff
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
    rng = random.Random(5)
    steps = []
    for stage_title, stage_steps in PLAN.items():
        stage = journey_services.add_stage(actor=staff, journey=journey, title=stage_title)
        for title, touchpoint, evidence in stage_steps:
            steps.append(
                journey_services.add_step(
                    actor=staff, stage=stage, title=title, touchpoint=touchpoint, evidence=evidence
                )
            )
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    people = [guest() for _ in range(18)]
    for participant in people:
        for step, mood in zip(steps, MOODS, strict=True):
            journey_services.rate(
                step=step,
                participant=participant,
                value=max(-2, min(2, mood + rng.choice([-1, 0, 0, 1]))),
            )
    made = [
        journey_services.contribute(step=steps[i], participant=people[n], kind=kind, text=text)
        for n, (i, kind, text) in enumerate(SAID)
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
