"""The map editor's actions, one view each: what each does, where it sends the editor back to, and
that an invalid form answers on the map with its errors and what was typed (400)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocreate.journeys import selectors
from cocreate.journeys.models import JourneyMap, Stage, Step
from cocreate.journeys.tests import test_journeys
from cocreate.journeys.tests.test_journeys import steps

pytestmark = pytest.mark.django_db
journey = test_journeys.journey  # the same fixture: a map of two stages and three steps


def titles(journey: JourneyMap) -> list[str]:
    return [s.title for s in steps(journey)]


def stage_titles(journey: JourneyMap) -> list[str]:
    return list(journey.stages.order_by("order").values_list("title", flat=True))


def test_the_map_page_posts_to_one_url_per_action(as_user: Any, journey: JourneyMap, staff: Any) -> None:
    content = as_user(staff).get(reverse("journeys:map", args=[journey.pk])).content.decode()
    stage, step = journey.stages.first(), steps(journey)[0]
    for name, pk in [("stage_later", stage.pk), ("rename_stage", stage.pk), ("add_step", stage.pk)]:
        assert reverse(f"journeys:{name}", args=[pk]) in content
    for name in ("step_up", "step_down", "duplicate_step", "delete_step"):
        assert reverse(f"journeys:{name}", args=[step.pk]) in content
    assert reverse("journeys:close_participation", args=[journey.pk]) in content
    assert reverse("journeys:start_to_be", args=[journey.pk]) in content
    assert 'name="op"' not in content and 'name="action" value=' not in content


def test_stages_are_added_moved_renamed_and_deleted(as_user: Any, journey: JourneyMap, staff: Any) -> None:
    client = as_user(staff)
    response = client.post(reverse("journeys:add_stage", args=[journey.pk]), {"title": "Waiting"})
    waiting = journey.stages.get(title="Waiting")
    assert response["Location"].endswith(f"#stage-{waiting.pk}")
    client.post(reverse("journeys:stage_earlier", args=[waiting.pk]))
    assert stage_titles(journey) == ["Finding out", "Waiting", "Applying"]
    client.post(reverse("journeys:stage_later", args=[waiting.pk]))
    assert stage_titles(journey) == ["Finding out", "Applying", "Waiting"]
    client.post(reverse("journeys:rename_stage", args=[waiting.pk]), {"title": "Waiting for a decision"})
    assert stage_titles(journey)[-1] == "Waiting for a decision"
    response = client.post(reverse("journeys:delete_stage", args=[waiting.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("journeys:map", args=[journey.pk])
    assert not Stage.objects.filter(pk=waiting.pk).exists()


def test_a_stage_with_steps_is_not_deleted(as_user: Any, journey: JourneyMap, staff: Any) -> None:
    stage = journey.stages.get(title="Applying")
    response = as_user(staff).post(reverse("journeys:delete_stage", args=[stage.pk]), follow=True)
    assert "Move or delete the stage&#x27;s steps first." in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_a_nameless_stage_answers_with_its_error(as_user: Any, journey: JourneyMap, staff: Any) -> None:
    response = as_user(staff).post(reverse("journeys:add_stage", args=[journey.pk]), {"title": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert journey.stages.count() == 2


def test_an_invalid_rename_keeps_what_was_typed(as_user: Any, journey: JourneyMap, staff: Any) -> None:
    stage = journey.stages.get(title="Applying")
    response = as_user(staff).post(reverse("journeys:rename_stage", args=[stage.pk]), {"title": "x" * 121})
    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="rename-{stage.pk}-error"' in content and "x" * 121 in content
    stage.refresh_from_db()
    assert stage.title == "Applying"


def test_an_invalid_step_answers_with_its_errors_and_keeps_what_was_typed(
    as_user: Any, journey: JourneyMap, staff: Any
) -> None:
    stage = journey.stages.get(title="Applying")
    response = as_user(staff).post(
        reverse("journeys:add_step", args=[stage.pk]),
        {"title": "", "action": "Waits by the phone", "touchpoint": "Call centre", "evidence": "assumed"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content and "Title: This field is required." in content
    assert ">Waits by the phone</textarea>" in content and 'value="Call centre"' in content
    assert response.context["form_stage"] == stage
    assert len(steps(journey)) == 3


def test_steps_move_duplicate_delete_and_come_back(as_user: Any, journey: JourneyMap, staff: Any) -> None:
    client = as_user(staff)
    first, second, _third = steps(journey)
    response = client.post(reverse("journeys:step_up", args=[second.pk]))
    assert response["Location"].endswith(f"#step-{second.pk}")
    assert titles(journey)[:2] == ["Calls the municipality", "Hears about home care"]
    client.post(reverse("journeys:step_down", args=[second.pk]))
    assert titles(journey)[:2] == ["Hears about home care", "Calls the municipality"]
    response = client.post(reverse("journeys:duplicate_step", args=[first.pk]))
    copy = Step.objects.get(title="Hears about home care (copy)")
    assert response["Location"].endswith(f"#step-{copy.pk}")
    response = client.post(reverse("journeys:delete_step", args=[copy.pk]), follow=True)
    assert "You can restore it below the map." in response.content.decode()
    assert copy.pk in {s.pk for s in selectors.recently_deleted_steps(journey)}
    response = client.post(reverse("journeys:restore_step", args=[copy.pk]), follow=True)
    assert "Step restored." in response.content.decode()
    assert copy.pk in {s.pk for s in steps(journey)}


def test_participation_opens_and_closes_and_a_to_be_map_starts(
    as_user: Any, journey: JourneyMap, staff: Any
) -> None:
    client = as_user(staff)
    client.post(reverse("journeys:close_participation", args=[journey.pk]))
    journey.refresh_from_db()
    assert not journey.participation_open
    client.post(reverse("journeys:open_participation", args=[journey.pk]))
    journey.refresh_from_db()
    assert journey.participation_open
    response = client.post(reverse("journeys:start_to_be", args=[journey.pk]))
    to_be = journey.copies.get()
    assert response["Location"] == reverse("journeys:map", args=[to_be.pk])


@pytest.mark.parametrize("name", ["stage_earlier", "stage_later", "rename_stage", "delete_stage", "add_step"])
def test_stage_actions_are_posts_for_editors(
    as_user: Any, journey: JourneyMap, staff: Any, facilitator: Any, name: str
) -> None:
    stage = journey.stages.first()
    assert as_user(staff).get(reverse(f"journeys:{name}", args=[stage.pk])).status_code == 405
    assert as_user(facilitator).post(reverse(f"journeys:{name}", args=[stage.pk])).status_code == 403
    assert stage_titles(journey) == ["Finding out", "Applying"]
