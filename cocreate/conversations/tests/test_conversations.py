from __future__ import annotations

import csv
import io
import random
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.conversations import export, selectors, services
from cocreate.conversations.models import Conversation, OpinionSnapshot, Statement, Vote
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def conversation(org, staff):
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    return services.create_conversation(
        actor=staff, renewal=renewal, topic="Home care", is_public=True,
        seed_statements=[f"Statement {n}" for n in range(1, 9)],
    )  # fmt: skip


def vote_in_two_camps(conversation, people=24):
    statements = list(conversation.statements.order_by("number"))
    rng = random.Random(1)
    for p in range(people):
        participant = GuestParticipantFactory()
        camp = 1 if p % 2 else -1
        for s in statements:
            side = camp if s.number <= 4 else -camp
            value = side if rng.random() < 0.9 else 0
            services.vote(statement=s, participant=participant, value=value)


def test_statements_are_numbered_and_duplicates_refused(conversation, guest):
    added = services.add_statement(
        conversation=conversation, text="  More   home visits  ", author_participant=guest
    )
    assert added.number == 9 and added.text == "More home visits" and added.is_published
    with pytest.raises(ValidationError):
        services.add_statement(conversation=conversation, text="more home visits", author_participant=guest)


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_000])
def test_bad_statements_are_refused(conversation, guest, text):
    with pytest.raises(ValidationError):
        services.add_statement(conversation=conversation, text=text, author_participant=guest)


def test_markup_is_stored_as_text_and_escaped(conversation, guest):
    services.add_statement(conversation=conversation, text=SCRIPT, author_participant=guest)
    page = Client().get(reverse("conversations_public:results", args=[conversation.pk])).content.decode()
    manage_free = SCRIPT not in page
    assert manage_free


def test_moderation_before_publication_and_hiding_needs_a_reason(conversation, staff, guest):
    conversation.moderation = Conversation.Moderation.BEFORE
    conversation.save()
    pending = services.add_statement(
        conversation=conversation, text="Hidden-MARKER idea", author_participant=guest
    )
    assert pending.state == Statement.State.PENDING
    with pytest.raises(ValidationError):
        services.moderate_statement(actor=staff, statement=pending, state=Statement.State.HIDDEN)
    services.moderate_statement(
        actor=staff, statement=pending, state=Statement.State.HIDDEN, reason="Off topic"
    )
    # Hidden statements appear nowhere public: participation, results, exports.
    client = Client()
    urls = [
        reverse("conversations_public:participate", args=[conversation.pk]),
        reverse("conversations_public:results", args=[conversation.pk]),
        *[reverse("conversations_public:export", args=[conversation.pk, t, "csv"])
          for t in ("comments", "votes", "participants-votes")],
        reverse("conversations_public:export", args=[conversation.pk, "all", "json"]),
    ]  # fmt: skip
    for url in urls:
        assert b"Hidden-MARKER" not in client.get(url).content, url


def test_a_changed_vote_replaces_the_old_one(conversation, guest):
    statement = conversation.statements.first()
    services.vote(statement=statement, participant=guest, value=1)
    services.vote(statement=statement, participant=guest, value=-1)
    assert Vote.objects.get(statement=statement, participant=guest).value == -1


def test_votes_give_groups_consensus_and_the_next_statement(conversation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vote_in_two_camps(conversation)
    snapshot = OpinionSnapshot.objects.get(conversation=conversation)
    context = selectors.results_context(conversation)
    assert len(context["groups"]) == 2
    assert {g["size"] for g in context["groups"]} == {12}
    assert all(g["representative"] for g in context["groups"])
    assert snapshot.votes_counted == 24 * 8
    newcomer = GuestParticipantFactory()
    first = selectors.ballot_for(conversation, newcomer)
    total = conversation.statements.filter(state=Statement.State.PUBLISHED).count()
    assert (first.done, first.total) == (0, total) and first.statement is not None
    services.vote(statement=Statement.objects.get(pk=first.statement.pk), participant=newcomer, value=1)
    second = selectors.ballot_for(conversation, newcomer)
    assert second.statement.pk != first.statement.pk and (second.done, second.total) == (1, total)


def test_the_ballot_offers_the_highest_priority_unvoted_statement_newest_first_ties_per_participant(
    conversation,
):
    """The next statement is the unvoted published one of the highest priority in the latest
    snapshot; a statement newer than the snapshot (no priority yet) comes before all; among equal
    priorities each participant has an order of their own. Checked against that rule written out
    plainly, over random priorities (many tied) and random votes."""
    import hashlib

    rng = random.Random(7)
    for number in range(9, 31):
        Statement.objects.create(conversation=conversation, number=number, text=f"Statement {number}")
    statements = list(conversation.statements.filter(state=Statement.State.PUBLISHED))
    guests = [GuestParticipantFactory() for _ in range(3)]
    for round_ in range(12):
        unplaced = set(rng.sample([s.number for s in statements], k=round_ % 3))
        priorities = {
            s.number: rng.choice([0.1, 0.5, 0.5, 0.9]) for s in statements if s.number not in unplaced
        }
        OpinionSnapshot.objects.update_or_create(
            conversation=conversation, defaults={"computed_at": timezone.now(), "data": {"priorities": {
                str(n): p for n, p in priorities.items()}}},
        )  # fmt: skip
        for guest in guests:
            for statement in rng.sample(statements, k=3):
                services.vote(statement=statement, participant=guest, value=rng.choice([-1, 0, 1]))
            voted = set(Vote.objects.filter(participant=guest).values_list("statement_id", flat=True))
            unvoted = [s for s in statements if s.pk not in voted]
            rank = {s.number: priorities.get(s.number, 2.0) for s in unvoted}  # unplaced: above all
            best = max(rank.values(), default=None)
            tied = [s for s in unvoted if rank[s.number] == best]

            def order(s, guest=guest):
                return hashlib.blake2b(s.pk.bytes, key=guest.pk.bytes, digest_size=8).digest()

            expected = min(tied, key=order).pk if tied else None
            ballot = selectors.ballot_for(conversation, guest)
            assert (ballot.statement.pk if ballot.statement else None) == expected
            assert ballot.done == len(voted) and ballot.total == len(statements)


def test_the_ballot_counts_published_statements_only_and_offers_none_when_closed(conversation):
    guest = GuestParticipantFactory()
    voted, hidden = conversation.statements.order_by("number")[:2]
    services.vote(statement=voted, participant=guest, value=1)
    services.vote(statement=hidden, participant=guest, value=1)
    Statement.objects.filter(pk=hidden.pk).update(state=Statement.State.HIDDEN)
    published = conversation.statements.filter(state=Statement.State.PUBLISHED).count()
    ballot = selectors.ballot_for(conversation, guest)
    assert (ballot.done, ballot.total) == (1, published)
    assert ballot.statement is not None and ballot.statement.pk not in (voted.pk, hidden.pk)
    assert selectors.ballot_for(conversation, None).done == 0
    Conversation.objects.filter(pk=conversation.pk).update(status=Conversation.Status.CLOSED)
    conversation.refresh_from_db()
    assert selectors.ballot_for(conversation, guest) == selectors.Ballot(None, 1, published)


def test_the_ballots_basis_is_shared_a_few_seconds_and_a_vote_on_what_was_hidden_meanwhile_is_refused(
    conversation, settings, monkeypatch
):
    """Each process keeps the published statements for SHARED_PAGE_SECONDS, and the ballot is made
    from them alone: after a vote only the guest's votes are read. A statement hidden meanwhile may
    still be offered for those seconds (as the shared results page still shows it), but a vote on it
    is refused; one published meanwhile is offered, and the hidden one gone, once they are over."""
    settings.SHARED_PAGE_SECONDS = 5
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    guest = GuestParticipantFactory()
    offered = selectors.ballot_for(conversation, guest).statement
    Statement.objects.filter(pk=offered.pk).update(state=Statement.State.HIDDEN)
    late = Statement.objects.create(conversation=conversation, number=9, text="Statement 9")
    with CaptureQueriesContext(connection) as queries:
        ballot = selectors.ballot_for(conversation, guest)
    assert len(queries) == 1  # the guest's votes: the basis was kept
    assert ballot.statement == offered and ballot.statement.text == Statement.objects.get(pk=offered.pk).text
    with pytest.raises(ValidationError):
        services.vote(statement=Statement.objects.get(pk=offered.pk), participant=guest, value=1)
    for statement in conversation.statements.exclude(pk__in=[offered.pk, late.pk]):
        services.vote(statement=statement, participant=guest, value=0)
    assert selectors.ballot_for(conversation, guest).statement == offered  # the ninth not yet seen
    clock[0] += 5
    ballot = selectors.ballot_for(conversation, guest)
    assert (ballot.statement.pk, ballot.done, ballot.total) == (late.pk, 7, 8)
    assert Vote.objects.filter(statement=offered).count() == 0


def test_recomputes_are_coalesced(conversation, django_capture_on_commit_callbacks):
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        from django_tasks import default_task_backend

        default_task_backend.clear()
        Conversation.objects.filter(pk=conversation.pk).update(recompute_requested_at=None)
        participant = GuestParticipantFactory()
        with django_capture_on_commit_callbacks(execute=True):
            for statement in conversation.statements.all():
                services.vote(statement=statement, participant=participant, value=1)
        assert len(default_task_backend.results) == 1  # eight votes, one recompute queued


@pytest.mark.parametrize("wait", [2, 0])
def test_a_recompute_waits_to_gather_the_votes_of_its_window(
    conversation, django_capture_on_commit_callbacks, wait
):
    """Where the task backend can wait (the database worker), a busy conversation is recomputed at
    most every OPINIONS_RECOMPUTE_SECONDS, not once per burst back to back."""
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy, OPINIONS_RECOMPUTE_SECONDS=wait):
        from django_tasks import default_task_backend

        default_task_backend.clear()
        Conversation.objects.filter(pk=conversation.pk).update(recompute_requested_at=None)
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            statement = conversation.statements.first()
            services.vote(statement=statement, participant=GuestParticipantFactory(), value=1)
        (queued,) = default_task_backend.results
        if wait:
            waited = timedelta(seconds=wait)
            assert before + waited <= queued.task.run_after <= timezone.now() + waited
        else:
            assert queued.task.run_after is None


def test_exports_use_the_polis_columns(conversation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vote_in_two_camps(conversation, people=6)
    client = Client()
    comments = client.get(reverse("conversations_public:export", args=[conversation.pk, "comments", "csv"]))
    header = next(csv.reader(io.StringIO(comments.content.decode())))
    assert header == ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
                      "comment-body"]  # fmt: skip
    votes = client.get(
        reverse("conversations_public:export", args=[conversation.pk, "votes", "csv"])
    ).content.decode()
    assert votes.splitlines()[0] == "timestamp,datetime,comment-id,voter-id,vote"
    assert len(votes.splitlines()) == 1 + 6 * 8
    pv = client.get(
        reverse("conversations_public:export", args=[conversation.pk, "participants-votes", "csv"])
    )
    assert (
        pv.content.decode()
        .splitlines()[0]
        .startswith("participant,group-id,n-comments,n-votes,n-agree,n-disagree,1,2")
    )
    data = export.tables(conversation)
    assert len(data["participants-votes"]) == 6


def test_results_visibility(conversation, org, outsider, as_user):
    url = reverse("conversations_public:results", args=[conversation.pk])
    assert Client().get(url).status_code == 200
    conversation.is_public = False
    conversation.save()
    assert Client().get(url).status_code == 404
    assert as_user(outsider).get(url).status_code == 404
    private = RenewalFactory(service__organisation=org)  # a private renewal hides results even if "public"
    other = Conversation.objects.create(renewal=private, topic="Private", is_public=True)
    assert Client().get(reverse("conversations_public:results", args=[other.pk])).status_code == 404


def test_participating_as_a_guest(conversation):
    client = Client()
    url = reverse("conversations_public:participate", args=[conversation.pk])
    page = client.get(url).content.decode()
    assert "You have voted on 0 of 8 statements." in page
    statement_id = page.split('name="statement" value="')[1].split('"')[0]
    assert client.post(url, {"statement": statement_id, "vote": "agree"}).status_code == 302
    assert "You have voted on 1 of 8 statements." in client.get(url).content.decode()
    assert client.post(url, {"statement": statement_id, "vote": "maybe"}).status_code == 404
    assert client.post(url, {"statement": "not-a-uuid", "vote": "agree"}).status_code == 404
    assert client.post(url, {"vote": "agree"}).status_code == 404
    response = client.post(url, {"text": ""})
    assert "There is a problem" in response.content.decode()


IN_PLACE = {"HTTP_HX_REQUEST": "true"}  # what htmx sends with the vote buttons on a page with JavaScript


def test_a_vote_sent_in_place_answers_with_the_next_statement(conversation):
    """With JavaScript the answer is the ballot alone: the progress and the next statement, focus
    on it; a double tap is one vote, and no message is left for a page."""
    client = Client()
    url = reverse("conversations_public:participate", args=[conversation.pk])
    page = client.get(url).content.decode()
    assert f'hx-post="{url}" hx-target="#ballot"' in page and "autofocus" not in page
    first = page.split('name="statement" value="')[1].split('"')[0]
    answers = [client.post(url, {"statement": first, "vote": "agree"}, **IN_PLACE) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    # The first vote made the guest: the page's note on following one's input comes with their link.
    assert (
        'id="my-input-note" aria-labelledby="my-input-note-title" hx-swap-oob="true"'
        in answers[0].content.decode()
    )
    ballot = answers[1].content.decode()
    assert ballot.startswith('<div id="ballot">') and "<html" not in ballot and "my-input-note" not in ballot
    assert "You have voted on 1 of 8 statements." in ballot
    assert 'class="statement-card" aria-labelledby="statement-text" tabindex="-1" autofocus' in ballot
    second = ballot.split('name="statement" value="')[1].split('"')[0]
    assert second != first and Vote.objects.filter(statement_id=first).count() == 1
    for statement in conversation.statements.exclude(pk=first):
        ballot = client.post(url, {"statement": statement.pk, "vote": "pass"}, **IN_PLACE).content.decode()
    assert "You have voted on 8 of 8 statements." in ballot and "You have voted on every statement." in ballot
    assert not [m for m in client.get(url).context["messages"]]


def test_a_vote_in_place_keeps_the_embedding_sites_identity_in_its_address(conversation):
    client = Client()
    url = reverse("conversations_public:participate", args=[conversation.pk]) + "?xid=person-7"
    page = client.get(url).content.decode()
    assert f'hx-post="{url}"' in page  # the vote is sent where the page was loaded, xid and all
    statement = page.split('name="statement" value="')[1].split('"')[0]
    ballot = client.post(url, {"statement": statement, "vote": "agree"}, **IN_PLACE).content.decode()
    assert "You have voted on 1 of 8 statements." in ballot
    assert Vote.objects.get().participant.external_id == "person-7"


def test_a_vote_in_place_on_a_closed_conversation_reloads_the_page(conversation):
    statement = conversation.statements.first()
    conversation.status = Conversation.Status.CLOSED
    conversation.save()
    url = reverse("conversations_public:participate", args=[conversation.pk])
    response = Client().post(url, {"statement": statement.pk, "vote": "agree"}, **IN_PLACE)
    assert response.headers["HX-Refresh"] == "true" and not Vote.objects.exists()


def test_a_vote_refused_in_place_says_why_and_keeps_the_statement(conversation, settings):
    settings.GUEST_IDENTITY_LIMIT = 0  # a newcomer on a crowded network: no new guest now
    url = reverse("conversations_public:participate", args=[conversation.pk])
    client = Client()
    statement = client.get(url).content.decode().split('name="statement" value="')[1].split('"')[0]
    ballot = client.post(url, {"statement": statement, "vote": "agree"}, **IN_PLACE).content.decode()
    assert '<p class="notice notice--error" tabindex="-1" autofocus>Too many new participants' in ballot
    assert ballot.count("autofocus") == 1  # focus on the refusal, so it is read out; not on the card
    assert f'name="statement" value="{statement}"' in ballot and not Vote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_votes_count_once(org, staff):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; run on PostgreSQL (CI)")
    renewal = RenewalFactory(service__organisation=org)
    conversation = services.create_conversation(
        actor=staff, renewal=renewal, topic="T", seed_statements=["One"]
    )
    statement = conversation.statements.get()
    participant = GuestParticipantFactory()

    def cast(n: int) -> None:
        services.vote(statement=statement, participant=participant, value=1)
        connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(cast, range(20)))
    assert Vote.objects.filter(statement=statement).count() == 1


def test_a_conversation_can_be_about_one_step_of_the_journey(org, staff):
    from cocreate.journeys import services as journey_services

    renewal = RenewalFactory(service__organisation=org)
    journey = journey_services.create_map(actor=staff, renewal=renewal, title="J")
    stage = journey_services.add_stage(actor=staff, journey=journey, title="S")
    step = journey_services.add_step(actor=staff, stage=stage, title="Waiting")
    conversation = services.create_conversation(actor=staff, renewal=renewal, topic="T", step=step)
    assert conversation.step == step
    other = RenewalFactory(service__organisation=org)
    with pytest.raises(ValidationError):
        services.create_conversation(actor=staff, renewal=other, topic="T", step=step)
