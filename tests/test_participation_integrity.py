"""Nothing lost, nothing twice (issue 14, decision 0011).

Every participation write, sent 20 times at once with the same content, has exactly the effect of
one — enforced by the database (unique constraints, upserts, conditional updates, row locks), so it
holds on SQLite (here) and on PostgreSQL (CI) alike. Each case names the write it covers.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts import admission
from cocreate.accounts.models import Admission, GuestParticipant, InvitationCode
from cocreate.accounts.tests.factories import GuestParticipantFactory, OrganisationFactory, UserFactory
from cocreate.conversations import services as conversation_services
from cocreate.conversations.models import Statement, Vote
from cocreate.journeys import services as journey_services
from cocreate.journeys.models import Contribution, FeelingRating, Support
from cocreate.panels import services as panel_services
from cocreate.panels.models import Selection, Volunteer
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.workshops import services as workshop_services
from cocreate.workshops.models import Attendee, Interest, Session

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 20


def at_once(write: Callable[[int], Any], times: int = PARALLEL) -> list[BaseException]:
    """Run `write` `times` times in parallel threads (own connections); the errors it raised."""
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            write(n)
        except ValidationError as error:  # a refusal in words is a legitimate answer
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=times) as pool:
        list(pool.map(run, range(times)))
    return errors


@pytest.fixture
def setting(db: None) -> dict[str, Any]:
    org = OrganisationFactory()
    staff = UserFactory()
    staff.memberships.create(organisation=org, role="admin")
    renewal = RenewalFactory(service__organisation=org, visibility="public")
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="Journey")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="Stage")
    step = journey_services.add_step(actor=staff, stage=stage, title="Step")
    journey_services.set_participation(actor=staff, journey=journey, open_=True)
    conversation = conversation_services.create_conversation(
        actor=staff, renewal=renewal, topic="Topic", seed_statements=["Statement one"]
    )
    return {"org": org, "staff": staff, "renewal": renewal, "journey": journey, "step": step,
            "conversation": conversation}  # fmt: skip


def test_vote(setting: dict[str, Any]) -> None:
    statement = Statement.objects.get(conversation=setting["conversation"])
    guest = GuestParticipantFactory()
    assert not at_once(lambda n: conversation_services.vote(statement=statement, participant=guest, value=1))
    assert Vote.objects.filter(statement=statement).count() == 1


def test_a_changed_vote_is_the_same_row_with_the_new_value(setting: dict[str, Any]) -> None:
    """The upsert (core/upsert.py) keeps the row and when it was first cast; parallel different
    votes of one guest end as one row holding one of them."""
    statement = Statement.objects.get(conversation=setting["conversation"])
    guest = GuestParticipantFactory()
    conversation_services.vote(statement=statement, participant=guest, value=1)
    first = Vote.objects.get(statement=statement, participant=guest)
    conversation_services.vote(statement=statement, participant=guest, value=-1)
    changed = Vote.objects.get(statement=statement, participant=guest)
    assert (changed.pk, changed.value, changed.created_at) == (first.pk, -1, first.created_at)
    assert changed.updated_at >= first.updated_at
    values = [1, -1, 0]
    assert not at_once(
        lambda n: conversation_services.vote(statement=statement, participant=guest, value=values[n % 3])
    )
    assert Vote.objects.filter(statement=statement, participant=guest).count() == 1


def test_statement(setting: dict[str, Any]) -> None:
    guest = GuestParticipantFactory()
    at_once(
        lambda n: conversation_services.add_statement(
            conversation=setting["conversation"], text="Buses at night", author_participant=guest
        )
    )
    assert Statement.objects.filter(text="Buses at night").count() == 1


def test_rating(setting: dict[str, Any]) -> None:
    guest = GuestParticipantFactory()
    assert not at_once(lambda n: journey_services.rate(step=setting["step"], participant=guest, value=-1))
    assert FeelingRating.objects.get(participant=guest).value == -1


def test_contribution(setting: dict[str, Any]) -> None:
    guest, key = GuestParticipantFactory(), uuid4()
    assert not at_once(
        lambda n: journey_services.contribute(
            step=setting["step"], participant=guest, kind="idea", text="Call back", submission_key=key
        )
    )
    assert Contribution.objects.filter(participant=guest).count() == 1


def test_support_and_unsupport(setting: dict[str, Any]) -> None:
    idea = journey_services.contribute(
        step=setting["step"], participant=GuestParticipantFactory(), kind="idea", text="Idea"
    )
    fan = GuestParticipantFactory()
    assert not at_once(lambda n: journey_services.support(contribution=idea, participant=fan))
    assert Support.objects.filter(contribution=idea).count() == 1
    assert not at_once(lambda n: journey_services.unsupport(contribution=idea, participant=fan))
    assert Support.objects.filter(contribution=idea).count() == 0


def test_report(setting: dict[str, Any]) -> None:
    idea = journey_services.contribute(
        step=setting["step"], participant=GuestParticipantFactory(), kind="idea", text="Idea"
    )
    reporter = GuestParticipantFactory()
    assert not at_once(lambda n: journey_services.report(contribution=idea, participant=reporter))
    idea.refresh_from_db()
    assert idea.reports == 1


def test_workshop_registration_interest_proposal_and_check_in(setting: dict[str, Any]) -> None:
    workshop = workshop_services.create_workshop(
        actor=setting["staff"], organisation=setting["org"], renewal=setting["renewal"], title="Open Space",
        format="open_space", starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=3), capacity=40,
    )  # fmt: skip
    guest = GuestParticipantFactory()
    at_once(lambda n: workshop_services.register(workshop=workshop, participant=guest, name="Ana", group=""))
    assert Attendee.objects.filter(workshop=workshop, participant=guest).count() == 1
    attendee = Attendee.objects.get(workshop=workshop, participant=guest)
    assert not at_once(
        lambda n: workshop_services.propose_session(workshop=workshop, convener=attendee, title="Night buses")
    )
    session = Session.objects.get(workshop=workshop)
    assert not at_once(lambda n: workshop_services.add_interest(session=session, attendee=attendee))
    assert Interest.objects.filter(session=session).count() == 1
    assert not at_once(
        lambda n: workshop_services.set_present(actor=setting["staff"], attendee=attendee, present=True)
    )
    assert Attendee.objects.filter(workshop=workshop, present=True).count() == 1


def test_panel_registration(setting: dict[str, Any]) -> None:
    panel = _panel(setting, pool=0)
    panel_services.set_options(actor=setting["staff"], panel=panel, registration_open=True, is_public=False)
    answers = {f.name: f.values.first().value for f in panel.features.all()}
    at_once(
        lambda n: panel_services.register(
            panel=panel,
            contact={"name": "Mojca", "email": "mojca@example.org"},
            household="",
            answers=answers,
        )
    )
    assert panel.volunteers.count() == 1


def test_draw_and_replacements_happen_once(setting: dict[str, Any]) -> None:
    panel = _panel(setting, pool=60)
    panel_services.announce_draw(
        actor=setting["staff"], panel=panel, draw_at=timezone.now(), seed_source="the test"
    )
    at_once(
        lambda n: panel_services.start_selection(actor=setting["staff"], panel=panel, seed="seed-2026"), 10
    )
    assert Selection.objects.filter(panel=panel).exclude(state="failed").count() == 1
    selected = panel.volunteers.filter(status=Volunteer.Status.SELECTED)
    assert selected.count() == panel.size
    for volunteer in list(selected)[:2]:
        panel_services.respond(volunteer=volunteer, accept=False)
    at_once(lambda n: panel_services.replace_declined(actor=setting["staff"], panel=panel), 10)
    assert panel.volunteers.filter(status=Volunteer.Status.REPLACEMENT).count() == 2
    panel.refresh_from_db()
    assert panel.replacement_rounds == 1


def test_invitation_code_is_one_voice(setting: dict[str, Any]) -> None:
    conversation = setting["conversation"]
    admission.generate_codes(
        actor=setting["staff"], organisation=setting["org"], target=conversation, count=1
    )
    code = InvitationCode.objects.get()
    voices: list[Any] = []

    def redeem(n: int) -> None:
        request = RequestFactory().post("/")
        request.participant = None  # a fresh phone each time
        voices.append(
            admission.redeem_code(request, scope=admission.scope_of(conversation), raw=code.code).pk
        )

    assert not at_once(redeem)
    assert len(set(voices)) == 1


def test_account_has_one_identity(setting: dict[str, Any]) -> None:
    user = UserFactory()
    ids: list[Any] = []

    def identity(n: int) -> None:
        request = RequestFactory().post("/")
        request.user, request.participant = user, None
        ids.append(admission.participant_for(request).pk)

    assert not at_once(identity)
    assert len(set(ids)) == 1 and GuestParticipant.objects.filter(user=user).count() == 1


def test_first_writes_of_one_new_browser_make_one_guest(setting: dict[str, Any]) -> None:
    """A phone opens the journey (the page hands it an id), then sends 20 ratings at once before
    any answer came back: one guest, one rating per step."""
    journey, step = setting["journey"], setting["step"]
    page = Client().get(reverse("journeys_public:participate", args=[journey.pk]))
    cookie = page.cookies["cocreate_participant"].value
    assert not GuestParticipant.objects.exists()  # an id handed out, no row yet
    url = reverse("journeys_public:rate", args=[journey.pk])

    def rate(n: int) -> None:
        browser = Client(REMOTE_ADDR="203.0.113.8")
        browser.cookies["cocreate_participant"] = cookie
        browser.post(url, {f"feeling-{step.pk}": str(n % 5 - 2)})

    at_once(rate)
    assert GuestParticipant.objects.count() == 1
    assert FeelingRating.objects.filter(step=step).count() == 1


def test_new_guests_from_one_address_are_limited(setting: dict[str, Any], settings: Any) -> None:
    """50 fresh identities (cookies discarded) from one address within a minute: at most the limit vote."""
    statement = Statement.objects.get(conversation=setting["conversation"])
    url = reverse("conversations_public:participate", args=[setting["conversation"].pk])

    def fresh_phone(n: int) -> None:
        Client(REMOTE_ADDR="203.0.113.7").post(url, {"statement": statement.pk, "vote": "agree"})

    at_once(fresh_phone, 50)
    assert Vote.objects.filter(statement=statement).count() == settings.GUEST_IDENTITY_LIMIT
    # Another network is not affected.
    Client(REMOTE_ADDR="198.51.100.9").post(url, {"statement": statement.pk, "vote": "agree"})
    assert Vote.objects.filter(statement=statement).count() == settings.GUEST_IDENTITY_LIMIT + 1


def test_code_admission_lets_only_code_holders_vote_and_counts_levels(setting: dict[str, Any]) -> None:
    conversation = setting["conversation"]
    conversation.admission = Admission.CODE
    conversation.save()
    statement = Statement.objects.get(conversation=conversation)
    url = reverse("conversations_public:participate", args=[conversation.pk])
    stranger = Client()
    stranger.post(url, {"statement": statement.pk, "vote": "agree"})
    assert not Vote.objects.exists()
    assert "invitation code" in stranger.get(url).content.decode()
    admission.generate_codes(
        actor=setting["staff"], organisation=setting["org"], target=conversation, count=2
    )
    code = InvitationCode.objects.first()
    assert code is not None
    for _phone in range(3):  # the same card on three phones is one voice
        phone = Client()
        phone.post(
            reverse("accounts:join_with_code"),
            {"scope": admission.scope_of(conversation), "code": code.code.lower(), "next": url},
        )
        phone.post(url, {"statement": statement.pk, "vote": "disagree"})
    assert Vote.objects.filter(statement=statement).count() == 1
    voters = GuestParticipant.objects.filter(conversation_votes__statement=statement)
    assert admission.voices_by_level(voters, admission.scope_of(conversation))["code"] == 1


def _panel(setting: dict[str, Any], pool: int) -> Any:
    from cocreate.panels.tests.test_panels import QUOTAS, pool_table

    panel = panel_services.create_panel(
        actor=setting["staff"], organisation=setting["org"], title="Panel", purpose="x", size=10,
        retention_until=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    panel_services.set_quotas(actor=setting["staff"], panel=panel, text=QUOTAS)
    if pool:
        panel_services.import_pool(actor=setting["staff"], panel=panel, table=pool_table(pool))
    return panel


def test_email_admission_one_voice_per_address(setting: dict[str, Any]) -> None:
    from django.core import mail

    conversation = setting["conversation"]
    conversation.admission = Admission.EMAIL
    conversation.save()
    statement = Statement.objects.get(conversation=conversation)
    url = reverse("conversations_public:participate", args=[conversation.pk])
    send, check = reverse("accounts:send_email_code"), reverse("accounts:check_email_code")
    for phone_number, vote in enumerate(("agree", "disagree")):  # one person, two phones
        phone = Client()
        phone.post(url, {"statement": statement.pk, "vote": vote})
        assert Vote.objects.count() == phone_number  # refused until confirmed
        phone.post(send, {"email": "Ana@Example.org", "next": url})
        code = mail.outbox[-1].body.split("code is ")[1][:6]
        wrong = "000000" if code != "000000" else "111111"
        assert phone.post(check, {"code": wrong, "next": url}).status_code == 400  # said on the page
        assert phone.post(check, {"code": code, "next": url}).status_code == 302
        phone.post(url, {"statement": statement.pk, "vote": vote})
    assert Vote.objects.get(statement=statement).value == -1  # the second phone changed the one vote
    assert GuestParticipant.objects.filter(email_confirmed_at__isnull=False).count() == 1


def test_a_closed_conversation_says_so_and_keeps_the_words(setting: dict[str, Any]) -> None:
    conversation = setting["conversation"]
    conversation_services.set_status(actor=setting["staff"], conversation=conversation, status="closed")
    url = reverse("conversations_public:participate", args=[conversation.pk])
    statement = Statement.objects.get(conversation=conversation)
    voted = Client().post(url, {"statement": statement.pk, "vote": "agree"}, follow=True).content.decode()
    assert "closed" in voted and not Vote.objects.exists()
    typed = Client().post(url, {"text": "Kept-MARKER night buses"}).content.decode()
    assert "closed" in typed and "Kept-MARKER night buses" in typed
    assert not Statement.objects.filter(text__contains="Kept-MARKER").exists()


def test_xid_from_an_embedding_site_is_one_voice(setting: dict[str, Any]) -> None:
    conversation = setting["conversation"]
    statement = Statement.objects.get(conversation=conversation)
    url = reverse("conversations_public:participate", args=[conversation.pk])
    for vote in ("agree", "disagree"):  # the same xid from two browsers is the same voice
        browser = Client()
        browser.get(url, {"xid": "citizen-42"})
        browser.post(url, {"statement": statement.pk, "vote": vote})
    assert Vote.objects.get(statement=statement).value == -1
    voters = GuestParticipant.objects.filter(conversation_votes__statement=statement)
    assert admission.voices_by_level(voters, admission.scope_of(conversation))["xid"] == 1
