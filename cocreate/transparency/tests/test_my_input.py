"""What happened to my input: a guest gives an idea, staff answer and accept it and make it a
commitment; the guest follows its trail through their browser, an e-mail code and their personal
link. Nobody else sees it; a tampered or erased link names nobody."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.models import GuestParticipant, Role
from cocreate.accounts.tests.factories import GuestParticipantFactory, member
from cocreate.commitments import services as commitment_services
from cocreate.commitments.models import Commitment
from cocreate.conversations import services as conversation_services
from cocreate.conversations.models import Statement
from cocreate.core.input_trail import claim_of, link_token
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution, JourneyMap, Step
from cocreate.panels import services as panel_services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.transparency import selectors, trails
from conftest import client_for

pytestmark = pytest.mark.django_db
EMAIL = "mossy.guest@example.net"
IDEA = "A phone number that someone answers"


@pytest.fixture
def journey(org: Any, staff: Any) -> JourneyMap:
    renewal = RenewalFactory(
        service__organisation=org, title="Home care", visibility=Renewal.Visibility.PUBLIC
    )
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Finding out")
    journey_services.add_step(actor=staff, stage=stage, title="Calls the municipality")
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    return journey


@pytest.fixture
def step(journey: JourneyMap) -> Step:
    return Step.objects.get(stage__journey=journey)


def _contribute(client: Client, journey: JourneyMap, step: Step, text: str = IDEA) -> Contribution:
    url = reverse("journeys_public:contribute", args=[journey.pk, step.pk])
    assert client.post(url, {"kind": "idea", "text": text}).status_code == 302
    return Contribution.objects.get(text=text)


def _answer_accept_commit(staff: Any, org: Any, idea: Contribution) -> Commitment:
    journey_services.answer(
        actor=staff, contribution=idea, status=Contribution.Status.ACCEPTED, reason="We will staff the line."
    )
    renewal = idea.step.stage.journey.renewal
    return commitment_services.add_commitment(
        actor=staff,
        owner=renewal,
        title="Staff the phone line",
        organisation=org,
        deadline=date(2031, 3, 1),
        source=idea,
        publish=True,
    )


def _codes(page: Any) -> list[str]:
    return re.findall(r"trail-steps__step--([a-z_]+)", page.content.decode())


def _prove(client: Client, capture: Any, email: str = EMAIL) -> Any:
    """The privacy app's e-mail code, asked for from "my input" and leading back to it."""
    my_input = reverse("transparency_public:my_input")
    with capture(execute=True):
        asked = client.post(f"{reverse('privacy:request_code')}?next={my_input}", {"email": email})
    assert asked.status_code == 302
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    return client.post(asked["Location"], {"code": code})


def test_the_guest_follows_the_trail_through_browser_code_and_link(
    journey: JourneyMap, step: Step, staff: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    guest = Client()
    idea = _contribute(guest, journey, step)
    participant = idea.participant
    assert participant is not None
    page = guest.get(reverse("transparency_public:my_input"))
    assert page.status_code == 200 and IDEA in page.content.decode()
    assert _codes(page) == ["received"]
    assert "The organisation will answer" in page.content.decode()

    commitment = _answer_accept_commit(staff, org, idea)
    page = guest.get(reverse("transparency_public:my_input"))
    content = page.content.decode()
    assert _codes(page) == ["received", "accepted", "commitment"]
    assert "We will staff the line." in content and "Staff the phone line" in content
    # The latest step is marked for assistive technology, once.
    assert content.count('aria-current="step"') == 1
    assert re.search(r'trail-steps__step--commitment"\s+aria-current="step"', content)
    assert page["Cache-Control"] == "private, no-store"

    commitment_services.set_status(actor=staff, commitment=commitment, status=Commitment.Status.DONE)
    assert _codes(guest.get(reverse("transparency_public:my_input")))[-1] == "done"

    # The personal link, shown on the page, works in another browser; it names only this guest.
    link = reverse("transparency_public:my_input_link", args=[link_token(participant)])
    assert link in content
    elsewhere = Client().get(link)
    assert elsewhere.status_code == 200 and IDEA in elsewhere.content.decode()
    assert elsewhere["Referrer-Policy"] == "no-referrer"

    # The e-mail code: a guest identity with that confirmed address, reached from a new browser.
    GuestParticipant.objects.filter(pk=participant.pk).update(email=EMAIL, email_confirmed_at=timezone.now())
    phone = Client()
    assert IDEA not in phone.get(reverse("transparency_public:my_input")).content.decode()
    proven = _prove(phone, django_capture_on_commit_callbacks)
    assert proven.status_code == 302 and proven["Location"] == reverse("transparency_public:my_input")
    page = phone.get(proven["Location"])
    assert IDEA in page.content.decode() and EMAIL in page.content.decode()


def test_another_guest_sees_nothing_of_it(journey: JourneyMap, step: Step, staff: Any, org: Any) -> None:
    idea = _contribute(Client(), journey, step)
    _answer_accept_commit(staff, org, idea)
    other = Client()
    _contribute(other, journey, step, text="Longer opening hours")
    content = other.get(reverse("transparency_public:my_input")).content.decode()
    assert "Longer opening hours" in content
    assert IDEA not in content and "We will staff the line." not in content
    assert "Staff the phone line" not in content
    # Nor through their own link, nor anonymously.
    mine = GuestParticipant.objects.get(contributions__text="Longer opening hours")
    assert (
        IDEA
        not in Client()
        .get(reverse("transparency_public:my_input_link", args=[link_token(mine)]))
        .content.decode()
    )
    assert IDEA not in Client().get(reverse("transparency_public:my_input")).content.decode()


@pytest.mark.parametrize(
    "token",
    ["nonsense", "0" * 32 + ":forged", "{valid}x", "{valid_other_salt}", "{unknown}", "{other_time}"],
)
def test_a_tampered_or_unknown_link_is_refused(token: str, journey: JourneyMap, step: Step) -> None:
    idea = _contribute(Client(), journey, step)
    assert idea.participant is not None
    token = token.format(
        valid=link_token(idea.participant),
        valid_other_salt=signing.Signer(salt="cocreate.participant").sign(idea.participant.pk.hex),
        unknown=link_token(GuestParticipant(pk=uuid4(), created_at=timezone.now())),
        other_time=link_token(GuestParticipant(pk=idea.participant.pk, created_at=timezone.now())),
    )
    response = Client().get(reverse("transparency_public:my_input_link", args=[token]))
    assert response.status_code == 404
    assert IDEA not in response.content.decode()


def test_the_token_round_trip_and_tampering() -> None:
    guest = GuestParticipant(pk=uuid4(), created_at=timezone.now())
    token = link_token(guest)
    claim = claim_of(token)
    assert claim is not None and claim.participant_id == guest.pk and claim.names(guest)
    assert not claim.names(GuestParticipant(pk=guest.pk, created_at=timezone.now() + timedelta(seconds=1)))
    assert claim_of(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert claim_of("f" * 32 + token[32:]) is None
    assert claim_of("") is None


def test_erasure_revokes_the_link(journey: JourneyMap, step: Step) -> None:
    guest = Client()
    idea = _contribute(guest, journey, step)
    assert idea.participant is not None
    link = reverse("transparency_public:my_input_link", args=[link_token(idea.participant)])
    assert Client().get(link).status_code == 200
    erased = guest.post(reverse("privacy:erase"), {"contributions": "anonymise", "confirm": "on"})
    assert erased.status_code == 302
    assert Client().get(link).status_code == 404
    # A browser that still holds the erased id and takes part again makes a new identity under the
    # same id: the old link does not come back to life.
    GuestParticipant.objects.create(pk=idea.participant.pk)
    assert Client().get(link).status_code == 404


def test_an_account_holder_sees_theirs(org: Any, staff: Any, journey: JourneyMap, step: Step) -> None:
    """Signed in, a person takes part under their account's own identity; a statement they wrote
    in a conversation is theirs too. A colleague sees none of it."""
    person = member(org, Role.FACILITATOR, email="taking.part@lipovec.example")
    client = client_for(person)
    idea = _contribute(client, journey, step, text="Call back within a day")
    assert idea.participant is not None and idea.participant.user == person
    conversation = conversation_services.create_conversation(
        actor=staff, renewal=journey.renewal, topic="Opening hours", seed_statements=["Seed"]
    )
    Statement.objects.create(
        conversation=conversation, number=99, text="Open on Saturdays", author_user=person
    )
    content = client.get(reverse("transparency_public:my_input")).content.decode()
    assert "Call back within a day" in content and "Open on Saturdays" in content
    assert "Seed" not in content  # the organisation's own statements are nobody's input
    colleague = client_for(staff).get(reverse("transparency_public:my_input")).content.decode()
    menu = client_for(staff).get(reverse("home:dashboard")).content.decode()
    assert f'<li><a href="{reverse("transparency_public:my_input")}"' in menu  # in the account menu
    assert "Call back within a day" not in colleague and "Open on Saturdays" not in colleague


def test_merged_contributions_follow_the_one_they_joined(
    journey: JourneyMap, step: Step, staff: Any, org: Any
) -> None:
    mine = _contribute(Client(), journey, step, text="Answer the phone")
    theirs = _contribute(Client(), journey, step)
    journey_services.merge(actor=staff, duplicate=mine, into=theirs)
    _answer_accept_commit(staff, org, theirs)
    assert mine.participant is not None
    found = selectors.my_input_for_link(link_token(mine.participant))
    (item,) = found.items
    assert [s.code for s in item.steps] == ["received", "merged", "accepted", "commitment"]
    assert item.text == "Answer the phone"
    # The other participant's words are never shown, only the organisation's answer.
    assert all(IDEA not in str(s.text) and IDEA not in str(s.label) for s in item.steps)


def test_hidden_and_held_say_so_and_internal_data_stays_out(
    journey: JourneyMap, step: Step, staff: Any
) -> None:
    idea = _contribute(Client(), journey, step)
    journey_services.moderate(actor=staff, contribution=idea, visibility="hidden", reason="Names a person")
    assert idea.participant is not None
    (item,) = trails.trail_of([idea.participant.pk], None)
    assert [s.code for s in item.steps] == ["received", "hidden"]
    assert item.steps[-1].text == "Names a person"
    assert staff.email not in repr(item) and staff.full_name not in repr(item)


def test_nothing_is_asked_of_the_stages_for_nobody() -> None:
    assert trails.trail_of([], None) == []
    page = Client().get(reverse("transparency_public:my_input"))
    assert page.status_code == 200 and "Nothing to show yet" in page.content.decode()
    assert reverse("privacy:request_code") in page.content.decode()
    # Reached from the privacy page and the footer of every page.
    my_input = f'href="{reverse("transparency_public:my_input")}"'
    assert my_input in Client().get(reverse("privacy:home")).content.decode()
    assert my_input in Client().get(reverse("home:join")).content.decode()


def test_every_stage_hook_is_found() -> None:
    modules = {hook.__module__ for hook in trails.hooks()}
    assert {
        "cocreate.journeys.trail",
        "cocreate.conversations.trail",
        "cocreate.workshops.trail",
        "cocreate.panels.trail",
        "cocreate.quality.trail",
    } <= modules


def test_the_next_step_after_a_code_is_a_path_on_this_site_only(
    django_capture_on_commit_callbacks: Any,
) -> None:
    GuestParticipantFactory(email=EMAIL, notify_consent_at=timezone.now())
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"{reverse('privacy:request_code')}?next=https://evil.example/", {"email": EMAIL})
    assert "evil" not in asked["Location"]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    confirmed = client.post(f"{asked['Location']}?next=//evil.example/", {"code": code})
    assert confirmed["Location"] == reverse("privacy:home")


def test_the_participation_page_offers_the_personal_link_once_taken_part(
    journey: JourneyMap, step: Step
) -> None:
    guest = Client()
    page = guest.get(reverse("journeys_public:participate", args=[journey.pk])).content.decode()
    assert reverse("transparency_public:my_input") in page and "/open/my-input/" in page
    idea = _contribute(guest, journey, step)
    assert idea.participant is not None
    page = guest.get(reverse("journeys_public:participate", args=[journey.pk])).content.decode()
    assert reverse("transparency_public:my_input_link", args=[link_token(idea.participant)]) in page


def test_a_proven_address_shows_panel_volunteering(
    org: Any, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    panel = panel_services.create_panel(
        actor=staff,
        organisation=org,
        title="Jury on home care",
        purpose="x",
        size=2,
        retention_until=timezone.localdate() + timedelta(days=30),
    )
    panel_services.set_quotas(actor=staff, panel=panel, text="Gender: woman = 0-2\nGender: man = 0-2\n")
    panel_services.set_options(actor=staff, panel=panel, registration_open=True, is_public=True)
    panel_services.register(
        panel=panel, contact={"name": "Mojca", "email": EMAIL}, household="", answers={"Gender": "woman"}
    )
    client = Client()
    assert "Jury on home care" not in client.get(reverse("transparency_public:my_input")).content.decode()
    _prove(client, django_capture_on_commit_callbacks)
    content = client.get(reverse("transparency_public:my_input")).content.decode()
    assert "Jury on home care" in content and "You registered as a volunteer" in content
    assert "Mojca" not in content
