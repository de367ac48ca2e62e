"""The participation page and what a participant does there, one view each: rate, contribute, support,
withdraw a support, report. A refused rating or contribution answers on the page with its errors and
what was typed (400); the autosave of a rating answers in JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.journeys import services
from cocreate.journeys.models import (
    Contribution,
    ContributionReport,
    FeelingRating,
    JourneyMap,
    Step,
    Support,
)
from cocreate.journeys.tests.test_journeys import steps
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def url(name: str, journey: JourneyMap, *more: Any) -> str:
    return reverse(f"journeys_public:{name}", args=[journey.pk, *more])


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def journey(org: Any, staff: Any) -> JourneyMap:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    journey = services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = services.add_stage(actor=staff, journey=journey, title="Finding out")
    for title in ("Hears about home care", "Calls the municipality", "Fills in the form"):
        services.add_step(actor=staff, stage=stage, title=title)
    services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


@pytest.fixture
def step(journey: JourneyMap) -> Step:
    return steps(journey)[0]


@pytest.fixture
def idea(step: Step) -> Contribution:
    return services.contribute(
        step=step, participant=GuestParticipantFactory(), kind="idea", text="Call back"
    )


def test_the_page_posts_each_action_to_its_own_url(
    journey: JourneyMap, step: Step, idea: Contribution
) -> None:
    client = Client()
    content = client.get(url("participate", journey)).content.decode()
    for action in (
        url("rate", journey),
        url("contribute", journey, step.pk),
        url("support", journey, idea.pk),
    ):
        assert f'action="{action}"' in content
    assert f'action="{url("report", journey, idea.pk)}"' in content
    assert 'name="action"' not in content
    assert client.post(url("participate", journey), {"action": "idea", "text": "x"}).status_code == 405


# --- rate --------------------------------------------------------------------------------------------


def test_ratings_are_saved_together(journey: JourneyMap) -> None:
    data = {f"feeling-{s.pk}": "1" for s in steps(journey)}
    response = Client().post(url("rate", journey), data, follow=True)
    assert response.redirect_chain[-1][0] == url("participate", journey)
    assert "Thank you: how you felt about 3 steps is saved." in messages_of(response)
    assert FeelingRating.objects.filter(value=1).count() == 3


def test_only_the_maps_live_steps_are_rated(journey: JourneyMap, step: Step, staff: Any) -> None:
    """One step (the autosave, read by key) or several (the page's save): a step of another map or
    a deleted one is not found, and nothing of the request is saved."""
    other = services.create_map(actor=staff, renewal=journey.renewal, title="Another")
    stage = services.add_stage(actor=staff, journey=other, title="Elsewhere")
    foreign = services.add_step(actor=staff, stage=stage, title="Not on this map")
    gone = steps(journey)[1]
    services.delete_step(actor=staff, step=gone)
    client = Client(headers={"Accept": "application/json"})
    for posted in ([foreign], [gone], [step, foreign], [step, gone]):
        response = client.post(url("rate", journey), {f"feeling-{s.pk}": "1" for s in posted})
        assert response.status_code == 404
    assert not FeelingRating.objects.exists()
    assert client.post(url("rate", journey), {f"feeling-{step.pk}": "1"}).status_code == 200


def test_a_rating_without_a_choice_answers_on_the_page(journey: JourneyMap) -> None:
    response = Client().post(url("rate", journey), {})
    assert response.status_code == 400
    assert "Choose how it felt for at least one step." in response.content.decode()
    assert not FeelingRating.objects.exists()


def test_the_autosave_answers_in_json(journey: JourneyMap, step: Step) -> None:
    client = Client(headers={"Accept": "application/json"})
    saved = client.post(url("rate", journey), {f"feeling-{step.pk}": "-2"})
    assert saved.status_code == 200 and saved.json() == {"saved": [str(step.pk)]}
    refused = client.post(url("rate", journey), {f"feeling-{step.pk}": "very"})
    assert refused.status_code == 400 and refused.json() == {"error": "Choose how it felt."}
    assert FeelingRating.objects.get().value == -2


IN_PLACE = {"HTTP_HX_REQUEST": "true"}  # what htmx sends with a button on a page with JavaScript


# --- contribute --------------------------------------------------------------------------------------


def test_a_contribution_is_kept_and_the_button_says_its_kind(journey: JourneyMap, step: Step) -> None:
    response = Client().post(
        url("contribute", journey, step.pk), {"kind": "pain_point", "text": "Nobody answers."}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("participate", journey) + f"#step-{step.pk}"
    assert "Thank you. The organisation will answer; see “My contributions”." in messages_of(response)
    assert Contribution.objects.get(text="Nobody answers.").kind == "pain_point"


def test_empty_words_answer_in_the_steps_form(journey: JourneyMap, step: Step) -> None:
    response = Client().post(url("contribute", journey, step.pk), {"kind": "idea", "text": "  "})
    assert response.status_code == 400
    content = response.content.decode()
    assert "This field is required." in content and f'aria-describedby="t-{step.pk}_error"' in content
    assert not Contribution.objects.exists()


def test_a_refused_contribution_keeps_the_words_typed(journey: JourneyMap, step: Step) -> None:
    response = Client().post(
        url("contribute", journey, step.pk), {"kind": "wish", "text": "Kept-MARKER words"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Unknown kind of contribution." in content and "Kept-MARKER words</textarea>" in content
    assert "<details open>" in content
    assert not Contribution.objects.exists()


def test_an_idea_sent_in_place_answers_with_its_form_and_the_new_item(
    journey: JourneyMap, step: Step
) -> None:
    """With JavaScript the step's form alone comes back: the thanks (focused) above an empty form
    with a fresh key, and the new idea for the step's list (theirs marked). A double tap is one
    idea; no message is left for the next page."""
    client = Client()
    page = client.get(url("participate", journey)).content.decode()
    assert f'<ul class="contributions" id="new-{step.pk}"></ul>' in page
    assert f'<div class="contribution-add" id="add-{step.pk}">' in page
    assert f'hx-post="{url("contribute", journey, step.pk)}" hx-target="#add-{step.pk}"' in page
    key = "5f0b1c2e-0000-4000-8000-000000000001"
    form = {"kind": "idea", "text": "A ramp at the door", "submission_key": key}
    for _ in range(2):
        response = client.post(url("contribute", journey, step.pk), form, **IN_PLACE)
        assert response.status_code == 200
    content = response.content.decode()
    made = Contribution.objects.get(text="A ramp at the door")
    assert content.startswith(f'<div class="contribution-add" id="add-{step.pk}">')
    assert 'tabindex="-1" autofocus>Thank you. The organisation will answer' in content
    assert "<details>" in content and "A ramp at the door</textarea>" not in content  # empty, closed
    assert key not in content  # the next one is another idea
    added = content.split(f'<ul id="new-{step.pk}" hx-swap-oob="beforeend">', 1)[1]
    assert f'<li id="c-{made.pk}">' in added and "A ramp at the door" in added and "(yours)" in added
    assert "0 supports" in added and f'action="{url("support", journey, made.pk)}"' in added
    # The first one made the guest: the page's note on following one's input, with their own link.
    first = client.post(url("contribute", journey, step.pk), {**form, "submission_key": ""}, **IN_PLACE)
    assert 'id="my-input-note"' not in first.content.decode()  # known by then: nothing to add
    assert not messages_of(client.get(url("participate", journey)))
    newcomer = Client().post(url("contribute", journey, step.pk), form | {"submission_key": ""}, **IN_PLACE)
    note = newcomer.content.decode().split('id="my-input-note"', 1)[1]
    assert note.startswith(' aria-labelledby="my-input-note-title" hx-swap-oob="true">')
    assert "/open/my-input/" in note and 'class="my-input-note__link"' in note


def test_an_idea_held_for_a_moderator_in_place_is_not_shown(journey: JourneyMap, step: Step) -> None:
    journey.renewal.service.organisation.blocked_words.create(word="idiots")
    content = (
        Client()
        .post(url("contribute", journey, step.pk), {"kind": "idea", "text": "Those idiots"}, **IN_PLACE)
        .content.decode()
    )
    assert "A moderator will look at it before it is shown." in content
    assert f'id="new-{step.pk}"' not in content and "Those idiots" not in content
    assert Contribution.objects.get().visibility == Contribution.Visibility.HELD


def test_an_idea_refused_in_place_keeps_the_words_typed(journey: JourneyMap, step: Step) -> None:
    response = Client().post(
        url("contribute", journey, step.pk), {"kind": "wish", "text": "Kept-MARKER words"}, **IN_PLACE
    )
    assert response.status_code == 200  # htmx swaps only a success in
    content = response.content.decode()
    assert content.startswith(f'<div class="contribution-add" id="add-{step.pk}">')
    assert "Unknown kind of contribution." in content and "Kept-MARKER words</textarea>" in content
    assert "<details open>" in content and "data-error-summary" in content and "Thank you" not in content
    assert f'id="new-{step.pk}"' not in content
    assert not Contribution.objects.exists()


def test_an_idea_in_place_on_a_closed_journey_keeps_the_words(
    journey: JourneyMap, step: Step, staff: Any
) -> None:
    """An error status: the script sends the form the plain way, and the closed page keeps the words."""
    services.set_participation(actor=staff, journey=journey, open_=False)
    response = Client().post(
        url("contribute", journey, step.pk), {"kind": "idea", "text": "Typed-MARKER"}, **IN_PLACE
    )
    assert response.status_code == 410 and "Typed-MARKER" in response.content.decode()
    assert not Contribution.objects.exists()


# --- support, withdraw, report -----------------------------------------------------------------------


def test_support_withdraw_and_report(journey: JourneyMap, step: Step, idea: Contribution) -> None:
    client = Client()
    back = url("participate", journey) + f"#step-{step.pk}"
    response = client.post(url("support", journey, idea.pk), follow=True)
    assert response.redirect_chain[-1][0] == back and "You support this idea." in messages_of(response)
    client.post(url("support", journey, idea.pk))  # twice: one support
    assert Support.objects.filter(contribution=idea).count() == 1
    assert (
        f'action="{url("unsupport", journey, idea.pk)}"'
        in client.get(url("participate", journey)).content.decode()
    )
    response = client.post(url("unsupport", journey, idea.pk), follow=True)
    assert "Your support is withdrawn." in messages_of(response) and not Support.objects.exists()
    response = client.post(url("report", journey, idea.pk), follow=True)
    assert "Thank you; a moderator will look at it." in messages_of(response)
    assert ContributionReport.objects.filter(contribution=idea).count() == 1


def test_a_support_sent_in_place_answers_with_its_line(journey: JourneyMap, idea: Contribution) -> None:
    """With JavaScript the support line alone comes back: the count, the other button under the same
    id (focus stays), what happened for the announcer; no message is left for the next page."""
    client = Client()
    page = client.get(url("participate", journey)).content.decode()
    assert 'id="announcer"' in page and f'hx-post="{url("support", journey, idea.pk)}"' in page
    answers = [client.post(url("support", journey, idea.pk), **IN_PLACE) for _ in range(2)]  # a double tap
    assert [a.status_code for a in answers] == [200, 200]
    assert 'class="my-input-note__link"' in answers[0].content.decode()  # it made the guest: their link
    content = answers[1].content.decode()
    assert "my-input-note" not in content
    assert content.startswith(f'<div class="support-line" id="support-{idea.pk}">')
    assert "1 support<" in content and f'id="support-button-{idea.pk}"' in content
    assert "Withdraw my support" in content and f'action="{url("unsupport", journey, idea.pk)}"' in content
    assert '<div id="announcer" hx-swap-oob="innerHTML"><p>You support this idea.</p></div>' in content
    assert Support.objects.filter(contribution=idea).count() == 1
    assert not messages_of(client.get(url("participate", journey)))

    content = client.post(url("unsupport", journey, idea.pk), **IN_PLACE).content.decode()
    assert "0 supports<" in content and ">Support<" in content and "Your support is withdrawn." in content
    assert not Support.objects.exists()


def test_a_support_in_place_keeps_the_step_page_and_counts_everyones(
    journey: JourneyMap, step: Step, idea: Contribution
) -> None:
    services.support(contribution=idea, participant=GuestParticipantFactory())
    response = Client().post(url("support", journey, idea.pk), {"step_page": "3"}, **IN_PLACE)
    content = response.content.decode()
    assert "2 supports<" in content and '<input type="hidden" name="step_page" value="3">' in content
    response = Client().post(url("support", journey, idea.pk), {"step_page": "/elsewhere"}, **IN_PLACE)
    assert 'name="step_page"' not in response.content.decode()  # only a page number is taken


def test_a_refused_support_in_place_says_why(journey: JourneyMap, step: Step) -> None:
    comment = services.contribute(step=step, participant=GuestParticipantFactory(), kind="comment", text="Hm")
    response = Client().post(url("support", journey, comment.pk), **IN_PLACE)
    assert response.status_code == 200
    assert "<p>Only published ideas can be supported.</p>" in response.content.decode()
    assert not Support.objects.exists()


def test_a_support_refused_in_place_says_why_beside_the_button(
    journey: JourneyMap, idea: Contribution, settings: Any
) -> None:
    settings.GUEST_IDENTITY_LIMIT = 0  # a newcomer on a crowded network: no new guest now
    content = Client().post(url("support", journey, idea.pk), **IN_PLACE).content.decode()
    assert '<p class="notice notice--error">Too many new participants' in content
    assert ">Support<" in content  # the button stays, to try again later
    assert not Support.objects.exists()


def test_a_support_in_place_on_a_closed_journey_reloads_the_page(
    journey: JourneyMap, idea: Contribution, staff: Any
) -> None:
    services.set_participation(actor=staff, journey=journey, open_=False)
    response = Client().post(url("support", journey, idea.pk), **IN_PLACE)
    assert response.headers["HX-Refresh"] == "true"  # the page then says it is closed
    assert not Support.objects.exists()


def test_only_ideas_are_supported(journey: JourneyMap, step: Step) -> None:
    comment = services.contribute(step=step, participant=GuestParticipantFactory(), kind="comment", text="Hm")
    response = Client().post(url("support", journey, comment.pk), follow=True)
    assert "Only published ideas can be supported." in messages_of(response)
    assert not Support.objects.exists()


def test_a_contribution_of_another_journey_is_not_found(
    journey: JourneyMap, idea: Contribution, org: Any, staff: Any
) -> None:
    other = services.create_map(actor=staff, renewal=journey.renewal, title="Another")
    services.set_participation(actor=staff, journey=other, open_=True)
    assert Client().post(url("support", other, idea.pk)).status_code == 404
