"""One organisation runs a whole co-creation cycle in the browser, and starts the next (issue 16).

Co-Ready → an improvement action becomes a commitment → Co-Serve on two services → a renewal
started with Co-Serve's advice shown → guests' input on a journey → an accepted idea becomes a
commitment → a conversation's finding becomes a commitment → a panel's recommendation recorded and
answered → Co-Master with the platform's evidence → the cycle closed → cycle 2 started and compared
with cycle 1 → the guest reads what happened to their input. Every page passes axe.

People's answers to questionnaires are given in the browser where the flow is the subject here
and through services where other browser tests already drive the same form (noted at each place).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.commitments.models import Commitment
from cocreate.conversations import compute
from cocreate.conversations import services as conversation_services
from cocreate.journeys.models import Contribution, JourneyMap
from cocreate.panels import services as panel_services
from cocreate.panels.models import Recommendation
from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.quality import services as quality_services
from cocreate.quality.models import QualityAssessment
from cocreate.quality.tests.test_quality import all_answers
from cocreate.readiness.models import ImprovementAction, Round
from cocreate.renewals.models import Renewal
from tests.browser.conftest import PHONE, Visitor
from tests.browser.test_readiness import answer_everything
from tests.browser.test_shell import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def coserve(visitor: Visitor, service: Any, favourable: bool) -> None:
    """Assess one service in Co-Serve: every answer favourable to co-creation, or every one not."""
    page = visitor.goto(f"/services/{service.pk}/coserve/")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_selector("h1:has-text('Should we renew this service by co-creation?')")
    visitor.after_navigation()
    groups = page.locator("fieldset")
    for i in range(groups.count()):
        radios = groups.nth(i).get_by_role("radio")
        radios.nth(radios.count() - 2 if favourable else 0).check()  # the last before "Don't know"
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("h1:has-text('Does this service fit a co-creative renewal?')")
    visitor.after_navigation()


def test_a_whole_cycle_and_the_next(
    browser: Any, visitor: Visitor, live_server: Any, org: Any, org_admin: Any
) -> None:
    page = visitor.page
    log_in(visitor, org_admin)

    # --- Co-Ready: a round answered and closed; a roadmap idea becomes an action.
    visitor.goto("/readiness/")
    page.get_by_label("Title").fill("Readiness 2027")
    page.get_by_role("button", name="Open the round").click()
    page.wait_for_selector("h1:has-text('Readiness 2027')")
    visitor.after_navigation()
    round_ = Round.objects.get()
    visitor.goto(f"/readiness/rounds/{round_.pk}/answer/")
    answer_everything(visitor, 1)
    visitor.goto(f"/readiness/rounds/{round_.pk}/")
    page.get_by_role("button", name="Close the round and see results").click()
    page.wait_for_selector("h1:has-text('How ready are we to co-create?')")
    visitor.after_navigation()
    page.locator("main details summary").first.click()
    page.locator("main details form").first.get_by_role("button", name="Add the action").click()
    page.wait_for_selector("text=Action added to the roadmap")
    visitor.after_navigation()
    action = ImprovementAction.objects.get()

    # --- Co-Serve on two services; the one to co-create is renewed, its advice on the way in.
    home_care = ServiceFactory(organisation=org, name="Home care")
    permits = ServiceFactory(organisation=org, name="Parking permits")
    coserve(visitor, home_care, favourable=True)
    coserve(visitor, permits, favourable=False)
    visitor.goto("/services/ranking/")
    ranked = page.locator("main tbody tr")
    assert "Home care" in ranked.nth(0).inner_text() and "Co-create" in ranked.nth(0).inner_text()
    assert "Parking permits" in ranked.nth(1).inner_text()
    visitor.goto(f"/services/{home_care.pk}/coserve/results/")
    page.get_by_role("link", name="Start a renewal of this service").click()
    page.wait_for_selector("h1:has-text('Start a renewal')")
    visitor.after_navigation()
    assert page.get_by_text("Co-Serve advised to co-create this service").is_visible()
    page.get_by_label("Title").fill("Home care without waiting")
    page.get_by_label("Goal").fill("Care starts the day it is needed.")
    page.get_by_label("Public — anyone can read the public page").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("h1:has-text('Home care without waiting')")
    visitor.after_navigation()
    renewal = Renewal.objects.get()
    assert renewal.coserve_advice == "co-create"

    # --- The Co-Ready action becomes a commitment of the renewal; the roadmap shows it.
    visitor.goto("/readiness/")
    row = page.locator(f"#action-{action.pk}")
    row.get_by_role("button", name="Make it a commitment").click()
    page.wait_for_load_state("load")
    visitor.after_navigation()
    assert Commitment.objects.filter(renewal=renewal, source_id=str(action.pk)).count() == 1

    # --- Guests on their phones give input on a journey map.
    visitor.goto(f"/journeys/renewals/{renewal.pk}/")
    page.get_by_label("Title of the journey").fill("Getting home care")
    page.get_by_role("button", name="Start an as-is map").click()
    page.wait_for_selector("h1:has-text('Getting home care')")
    visitor.after_navigation()
    page.get_by_label("Stage").fill("Applying")
    page.get_by_role("button", name="Add a stage").click()
    page.wait_for_selector("h2:has-text('Applying')")
    page.locator("summary:has-text('Add a step')").click()
    page.get_by_label("Title").fill("Fills in the paper form")
    page.get_by_role("button", name="Add the step").click()
    page.wait_for_selector("h4:has-text('Fills in the paper form')")
    page.get_by_role("button", name="Open to service users").click()
    page.wait_for_selector("text=Poster with QR code")
    visitor.after_navigation()
    journey = JourneyMap.objects.get()

    phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    guest = Visitor(phone_context.new_page(), live_server.url)
    guest_page = guest.goto(f"/j/{journey.pk}/")
    guest_page.locator("summary:has-text('Add a pain point')").click()
    guest_page.get_by_label("Your words").fill("Let us apply online with a short form.")
    guest_page.get_by_role("button", name="It is an idea").click()
    guest_page.wait_for_selector("text=The organisation will answer")
    guest.after_navigation()
    idea = Contribution.objects.get(kind="idea")

    # --- Staff accept the idea and make it a commitment in one action.
    visitor.goto(f"/journeys/maps/{journey.pk}/triage/")
    page.get_by_label("Status").select_option("accepted")
    page.get_by_label("Answer (public)").fill("We will build the online form this spring.")
    page.get_by_role("button", name="Save the answer").click()
    page.wait_for_selector("text=Answer saved")
    visitor.after_navigation()
    idea.refresh_from_db()
    assert idea.status == "accepted"
    make_commitment(visitor, f"/journeys/contributions/{idea.pk}/commitment/", org_admin)
    from_idea = Commitment.objects.get(source_id=str(idea.pk))
    assert from_idea.renewal == renewal and from_idea.is_published
    visitor.goto(f"/journeys/maps/{journey.pk}/triage/")
    assert page.get_by_text(from_idea.title).count() >= 1  # linked back from the idea

    # --- A conversation (votes through services: the voting page has its own browser test);
    # --- a statement every opinion group agrees on becomes a commitment.
    conversation = conversation_services.create_conversation(
        actor=org_admin, renewal=renewal, topic="Waiting for care", is_public=True,
        seed_statements=[f"Topic statement {n}" for n in range(1, 9)],
    )  # fmt: skip
    agreed = vote_in_two_camps(conversation)
    visitor.goto(f"/conversations/{conversation.pk}/")
    assert page.locator("#findings").count() == 1
    make_commitment(
        visitor, f"/conversations/{conversation.pk}/statements/{agreed.pk}/commitment/", org_admin
    )
    assert Commitment.objects.filter(source_id=str(agreed.pk), renewal=renewal).count() == 1

    # --- A panel's recommendation recorded and answered publicly: accepted, so a commitment.
    panel = panel_services.create_panel(
        actor=org_admin, organisation=org, title="Care panel", purpose="How care should start",
        size=12, retention_until=timezone.localdate() + timedelta(days=200), renewal=renewal,
    )  # fmt: skip
    visitor.goto(f"/panels/{panel.pk}/recommendations/")
    page.get_by_label("Title", exact=True).fill("A named carer for every family")
    page.get_by_label("The recommendation as the panel wrote it").fill("Each family gets one named carer.")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_selector("#r1")
    visitor.after_navigation()
    card = page.locator("#r1")
    card.locator("summary").click()
    card.get_by_label("Accepted", exact=True).check()
    card.get_by_label("The commitment: what will be done").fill("Name a carer for every family")
    card.get_by_label("Commitment deadline").fill((timezone.localdate() + timedelta(days=90)).isoformat())
    card.get_by_label("Responsible person").select_option(str(org_admin.pk))
    card.get_by_role("button", name="Save the answer").click()
    page.wait_for_selector("#r1 >> text=Commitment:")
    visitor.after_navigation()
    page.get_by_role("button", name="Publish the recommendations").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Publish the answers").click()
    page.wait_for_load_state("load")
    visitor.after_navigation()
    recommendation = Recommendation.objects.get()
    assert recommendation.answer_published_at is not None
    assert Commitment.objects.get(source_id=str(recommendation.pk)).is_published

    # --- Co-Master: organisers and a participant answer; the platform's evidence stands beside.
    visitor.goto(f"/renewals/{renewal.pk}/")
    page.get_by_role("button", name="Start Co-Master for cycle 1").click()
    page.wait_for_selector("h1:has-text('How good was our co-creation?')")
    visitor.after_navigation()
    first = QualityAssessment.objects.get()
    co_master_answers(visitor, first, organiser_choice=1, participant_choice=0)
    page.locator("main details summary").first.click()  # plan an improvement in the first weak area
    form = page.locator("main details form").first
    form.get_by_label("Improvement").fill("Answer every idea within two weeks")
    form.get_by_label("Deadline").fill((timezone.localdate() + timedelta(days=60)).isoformat())
    form.get_by_role("button").click()
    page.wait_for_load_state("load")
    visitor.after_navigation()
    evidence = page.locator("#evidence + *").inner_text() + page.locator("main").inner_text()
    assert "1 of 1" in evidence or "1 / 1" in evidence  # the one idea was answered

    # --- The cycle is closed with its improvement; cycle 2 starts from it.
    page.get_by_role("button", name="Close the cycle").click()
    page.wait_for_selector("text=Cycle 1 is closed.")
    visitor.after_navigation()
    page.get_by_role("button", name="Start cycle 2").click()
    page.wait_for_selector("text=Cycle 2 has started.")
    visitor.after_navigation()
    renewal.refresh_from_db()
    assert renewal.cycle_number == 2
    assert page.get_by_text("Answer every idea within two weeks").count() >= 1  # the plan carried in

    # --- Co-Master of cycle 2, compared with cycle 1.
    page.get_by_role("button", name="Start Co-Master for cycle 2").click()
    page.wait_for_selector("h1:has-text('How good was our co-creation?')")
    visitor.after_navigation()
    second = QualityAssessment.objects.get(cycle_number=2)
    co_master_answers(visitor, second, organiser_choice=2, participant_choice=2)
    table = page.get_by_role("table", name="Each cycle compared")
    assert table.get_by_role("columnheader", name="Cycle 1").count() == 1
    assert table.get_by_role("columnheader", name="Cycle 2").count() == 1

    # --- The public page tells the cycles; the guest follows their idea to its commitment.
    public = visitor.goto(f"/public/renewals/{renewal.pk}/")
    assert public.get_by_text("Co-Serve advised to co-create").count() >= 1
    assert public.get_by_text("Cycle 2").count() >= 1
    trail = guest.goto("/open/my-input/")
    card = trail.locator("li.trail", has_text="Let us apply online with a short form.")
    now = card.locator("[aria-current=step]")  # where the idea is now: the commitment it became
    assert "It became a commitment" in now.inner_text()
    assert now.get_by_role("link").get_attribute("href") == f"/commitments/public/{from_idea.pk}/"
    phone_context.close()


def make_commitment(visitor: Visitor, path: str, responsible: Any) -> None:
    """The one "make it a commitment" form of an idea, a finding or an outcome."""
    page = visitor.goto(path)
    page.get_by_label("Deadline").fill((timezone.localdate() + timedelta(days=120)).isoformat())
    page.get_by_label("Responsible person").select_option(str(responsible.pk))
    page.get_by_label("Show on the public page").check()
    page.get_by_role("button", name="Make it a commitment").click()
    page.wait_for_selector("h1:not(:has-text('Make it a commitment'))")
    visitor.after_navigation()


def vote_in_two_camps(conversation: Any) -> Any:
    """22 guests in two camps on eight statements; everyone agrees with one more: a consensus."""
    everyone = conversation_services.add_statement(
        conversation=conversation,
        text="Answer the phone within a day",
        author_participant=GuestParticipantFactory(),
    )
    topics = {s.text: s for s in conversation.statements.all()}
    for p in range(22):
        person = GuestParticipantFactory()
        camp = 1 if p < 16 else -1
        for n in range(1, 9):
            side = camp if n % 2 else -camp
            conversation_services.vote(
                statement=topics[f"Topic statement {n}"], participant=person, value=side
            )
        conversation_services.vote(statement=everyone, participant=person, value=1)
    compute.forget_warm_state(conversation.pk)
    compute.compute(conversation)
    return everyone


def co_master_answers(
    visitor: Visitor, assessment: Any, organiser_choice: int, participant_choice: int
) -> None:
    """A participant (through the service: the phone questionnaire has its own browser test) and
    the organiser (here) answer; the organiser closes both questionnaires and reads the results."""
    quality_services.answer_as_participant(
        assessment=assessment,
        participant=GuestParticipantFactory(),
        answers=all_answers(assessment.participants, participant_choice),
        submit=True,
    )
    page = visitor.goto(f"/quality/{assessment.pk}/organisers/")
    groups = page.locator("fieldset")
    for i in range(groups.count()):
        radios = groups.nth(i).get_by_role("radio")
        radios.nth(min(organiser_choice, radios.count() - 2)).check()
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("h1:has-text('How good was our co-creation?')")
    visitor.after_navigation()
    page.get_by_role("button", name="Close both questionnaires").click()
    page.wait_for_selector("h2:has-text(\"Organisers' view beside participants' view\")")
    visitor.after_navigation()
