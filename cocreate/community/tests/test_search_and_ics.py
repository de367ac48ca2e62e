from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocreate.community import selectors
from cocreate.community.models import GoodPractice, LearningPath, MethodCard
from cocreate.community.tests.factories import EventFactory, GoodPracticeFactory, MethodCardFactory

pytestmark = pytest.mark.django_db


def test_search_with_facets_of_the_result_set() -> None:
    cafe = MethodCardFactory(key="world-cafe", name="World Café")
    sprint = MethodCardFactory(key="design-sprint", name="Design sprint")
    GoodPracticeFactory(title="Library future", method=cafe, country="AT", sector="culture")
    GoodPracticeFactory(
        title="Heat-wave plan", method=cafe, country="HR", sector="health", lessons="Library rooms"
    )
    GoodPracticeFactory(title="Permit checklist", method=sprint, country="SI")
    GoodPracticeFactory(title="Library draft", method=cafe, state=GoodPractice.State.SUBMITTED)
    result = selectors.search_practices(q="library")
    assert {p.title for p in result.practices} == {"Library future", "Heat-wave plan"}
    assert [(f.value, f.count) for f in result.methods] == [("world-cafe", 2)]
    assert {(f.value, f.count) for f in result.countries} == {("AT", 1), ("HR", 1)}
    narrowed = selectors.search_practices(q="library", country="HR")
    assert [p.title for p in narrowed.practices] == ["Heat-wave plan"]
    everything = selectors.search_practices()
    assert {(f.label, f.count) for f in everything.methods} == {("World Café", 2), ("Design sprint", 1)}
    assert list(selectors.search_practices(q="café sprint").practices) == []


def test_ics_is_valid_rfc5545() -> None:
    event = EventFactory(
        title="Sprint; day 1, with \\ backslash",
        description="Line one\nLine two — " + "long " * 30,
        starts_at=datetime(2030, 5, 6, 7, 0, tzinfo=UTC),
        ends_at=datetime(2030, 5, 6, 10, 30, tzinfo=UTC),
    )
    response = Client().get(reverse("community:event_ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Sprint\\; day 1\\, with \\\\ backslash\r\n" in unfolded
    assert "DESCRIPTION:Line one\\nLine two — long" in unfolded
    assert "DTSTART:20300506T070000Z\r\n" in unfolded and "DTEND:20300506T103000Z\r\n" in unfolded
    assert f"UID:{event.pk}@cocreate\r\n" in unfolded


def test_seed_is_idempotent() -> None:
    call_command("seed_community", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_community", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert MethodCard.objects.count() == 8
    assert GoodPractice.objects.filter(state=GoodPractice.State.PUBLISHED).count() == 10
    assert LearningPath.objects.get().steps.count() == 4
    assert (
        MethodCard.objects.filter(
            key__in=["world-cafe", "citizens-jury", "co-ready", "polis-conversation"]
        ).count()
        == 4
    )
