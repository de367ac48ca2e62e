"""The emotion curve has labels and a text equivalent (issue 19): each point says its stage, its
step and the feeling in words; the chart has a title and a description; the table says it all."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.journeys import selectors, services
from cocreate.journeys.curve import emotion_curve, feeling_in_words
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """A request in Slovenian leaves Slovenian active in the thread: start each test in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def journey(org, staff):
    renewal = RenewalFactory(service__organisation=org)
    renewal.team.add(staff)
    journey = services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = services.add_stage(actor=staff, journey=journey, title="Finding out")
    hears = services.add_step(actor=staff, stage=stage, title="Hears about home care")
    calls = services.add_step(actor=staff, stage=stage, title="Calls the municipality")
    services.add_step(actor=staff, stage=stage, title="Waits")
    services.set_participation(actor=staff, journey=journey, open_=True)
    for value in (-2, -1):
        services.rate(step=calls, participant=GuestParticipantFactory(), value=value)
    services.rate(step=hears, participant=GuestParticipantFactory(), value=1)
    return journey


def test_feelings_are_the_nearest_point_of_the_scale():
    assert [feeling_in_words(m) for m in (-2, -1.5, -0.4, 0.5, 1.49, 2)] == [
        "Very bad", "Bad", "Neither good nor bad", "Good", "Good", "Very good",
    ]  # fmt: skip
    assert feeling_in_words(None) == ""


def test_every_step_is_labelled_and_the_description_names_low_and_high(journey):
    curve = emotion_curve(selectors.signals(journey))
    points = curve["points"]
    assert [p.feeling for p in points] == ["Good", "Bad", ""]
    assert points[2].y is None  # nobody rated it: labelled, but no dot
    assert curve["path"].count(",") == 2
    assert "Lowest: “Calls the municipality” (Bad, −1.5)" in curve["description"]
    assert "Highest: “Hears about home care” (Good, +1.0)" in curve["description"]


def test_the_outputs_page_shows_labels_title_description_and_table(client, journey, staff):
    client.force_login(staff)
    body = client.get(reverse("journeys:outputs", args=[journey.pk])).content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert 'aria-describedby="curve-desc"' in svg and '<desc id="curve-desc">Lowest:' in svg
    labels = re.findall(r'<text[^>]*class="curve__(?:feeling|stage|step)"[^>]*>([^<]*)</text>', svg)
    assert "Bad −1.5" in labels and "Good +1.0" in labels and "Finding out" in labels
    assert "Calls the municipality" in labels and "no ratings yet" in labels
    assert "Hears about home care" in labels  # 21 characters: whole; longer titles are cut with …
    table = body[body.index("Feeling per step") :]
    assert '<th scope="row">Calls the municipality</th><td>Bad</td><td>−1.5</td>' in table


def test_the_labels_read_in_slovenian(journey):
    with translation.override("sl"):
        curve = emotion_curve(selectors.signals(journey))
        assert curve["points"][1].feeling != "Bad" and curve["points"][1].mean_text == "−1,5"
