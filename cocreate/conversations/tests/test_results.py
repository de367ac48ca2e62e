"""Results without a rebuild (the incremental vote store) and group-informed consensus in the
app: the results page and the open-data JSON."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.conversations import compute, services
from cocreate.conversations.models import OpinionSnapshot, OpinionVoteStore, Statement, Vote
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(org, staff):
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    texts = [f"Topic statement {n}" for n in range(1, 9)] + ["Everyone agrees", "Only the majority agrees"]
    return services.create_conversation(
        actor=staff, renewal=renewal, topic="Home care", is_public=True, seed_statements=texts
    )


def _vote_majority_and_minority(conversation, majority=24, minority=8):
    statements = {s.text: s for s in conversation.statements.all()}
    for p in range(majority + minority):
        person = GuestParticipantFactory()
        camp = 1 if p < majority else -1
        for n in range(1, 9):
            side = camp if n % 2 else -camp
            services.vote(statement=statements[f"Topic statement {n}"], participant=person, value=side)
        services.vote(statement=statements["Everyone agrees"], participant=person, value=1)
        services.vote(statement=statements["Only the majority agrees"], participant=person, value=camp)


def test_a_statement_the_minority_rejects_is_not_shown_as_consensus(conversation):
    _vote_majority_and_minority(conversation)
    compute.forget_warm_state(conversation.pk)
    snapshot = compute.compute(conversation)
    assert len(snapshot.data["groups"]) == 2
    page = Client().get(reverse("conversations_public:results", args=[conversation.pk])).content.decode()
    consensus_part = page.split("Where every group agrees")[1].split("Where groups split most")[0]
    assert "Everyone agrees" in consensus_part
    assert "Only the majority agrees" not in consensus_part
    assert "Group A:" in consensus_part and "Group B:" in consensus_part  # each group's agreement
    data = Client().get(reverse("conversations_public:export", args=[conversation.pk, "all", "json"])).json()
    agreed = [c["text"] for c in data["opinions"]["consensus"]["agree"]]
    assert agreed == ["Everyone agrees"]
    shares = data["opinions"]["consensus"]["agree"][0]["groups"]
    assert sorted(g["agree"] for g in shares) == [100, 100]
    assert all(len(d["groups"]) == 2 for d in data["opinions"]["divisive"])


def test_a_recompute_reads_only_the_changed_votes(conversation, django_assert_max_num_queries):
    _vote_majority_and_minority(conversation, majority=12, minority=6)
    compute.forget_warm_state(conversation.pk)
    compute.compute(conversation)
    saved = OpinionVoteStore.objects.get(conversation=conversation)
    assert saved.votes == Vote.objects.filter(conversation=conversation).count()

    # A changed vote and a new one: the live store takes them without a rebuild.
    first = Vote.objects.filter(conversation=conversation).order_by("id").first()
    services.vote(statement=first.statement, participant=first.participant, value=-first.value)
    newcomer = GuestParticipantFactory()
    services.vote(statement=first.statement, participant=newcomer, value=1)
    live = compute.current_store(conversation)
    assert live.store.vote_of(first.participant_id, first.statement_id) == -first.value
    assert live.store.vote_of(newcomer.pk, first.statement_id) == 1
    assert len(live.store) == Vote.objects.filter(conversation=conversation).count()

    # After a restart the blob is read back, and only what changed since it was saved.
    compute.forget_warm_state(conversation.pk)
    restored = compute.current_store(conversation)
    assert restored.store.vote_of(newcomer.pk, first.statement_id) == 1
    assert restored.state is not None  # warm state came back too

    # A deleted vote leaves no trace in a read of changes: the housekeeping's vote count notices
    # it, rebuilds the store and computes the results again.
    compute.compute(conversation)
    assert compute.maintain(conversation) is None  # checked a moment ago: nothing to do yet
    Vote.objects.filter(participant=newcomer).delete()
    later = timezone.now() + compute.HOUSEKEEPING_EVERY
    snapshot = compute.maintain(conversation, now=later)
    assert (
        snapshot is not None
        and snapshot.votes_counted == Vote.objects.filter(conversation=conversation).count()
    )
    rebuilt = compute.current_store(conversation)
    assert rebuilt.store.vote_of(newcomer.pk, first.statement_id) is None
    assert len(rebuilt.store) == Vote.objects.filter(conversation=conversation).count()
    saved = OpinionVoteStore.objects.get(conversation=conversation)
    assert saved.votes == len(rebuilt.store)  # the blob is rewritten after the check


def test_a_deleted_statement_rebuilds_the_store_at_once(conversation):
    _vote_majority_and_minority(conversation, majority=6, minority=3)
    compute.forget_warm_state(conversation.pk)
    compute.compute(conversation)
    gone = conversation.statements.get(text="Everyone agrees")
    gone.delete()  # its votes go with it
    live = compute.current_store(conversation)
    assert live.store.statement_index(gone.pk) is None  # rebuilt without waiting for a count
    assert len(live.store) == Vote.objects.filter(conversation=conversation).count()
    assert str(gone.number) not in compute.results(conversation).data["priorities"]


def test_the_group_of_each_voter_is_kept_compact_for_the_exports(conversation):
    _vote_majority_and_minority(conversation, majority=6, minority=3)
    compute.forget_warm_state(conversation.pk)
    snapshot = compute.compute(conversation)
    assert "voter_groups" not in snapshot.data  # the results page never parses one entry per voter
    groups = OpinionSnapshot.objects.get(conversation=conversation).groups_of_voters()
    assert len(groups) == 9 and sorted(set(groups)) == [0, 1]


def _same_matrix(a, b) -> None:
    assert a.participant_ids == b.participant_ids
    assert a.statement_ids == b.statement_ids
    assert a.indptr.tolist() == b.indptr.tolist()
    assert a.indices.tolist() == b.indices.tolist()
    assert a.votes.tolist() == b.votes.tolist()
    assert a.moderated_out.tolist() == b.moderated_out.tolist()


def test_incremental_reads_and_a_cold_start_give_the_groups_of_a_full_rebuild(
    conversation, staff, monkeypatch
):
    from cocreate.engines.opinions import compute_opinions

    _vote_majority_and_minority(conversation, majority=12, minority=6)
    compute.forget_warm_state(conversation.pk)
    compute.compute(conversation)
    statements = list(conversation.statements.order_by("number"))
    # Changed minds, newcomers, a hidden statement: all read incrementally.
    for vote in Vote.objects.filter(conversation=conversation).order_by("id")[:5]:
        services.vote(statement=vote.statement, participant=vote.participant, value=-vote.value)
    for _ in range(3):
        person = GuestParticipantFactory()
        for statement in statements[:8]:
            services.vote(statement=statement, participant=person, value=1)
    services.moderate_statement(
        actor=staff, statement=statements[2], state=Statement.State.HIDDEN, reason="Off topic"
    )
    live = compute.current_store(conversation)
    rebuilt, _numbers = compute.build_store(conversation)
    _same_matrix(live.store.matrix(), rebuilt.matrix())
    assert live.state is not None
    warm = compute_opinions(live.store, previous=live.state)
    fresh = compute_opinions(rebuilt, previous=live.state)
    assert warm.labels.tolist() == fresh.labels.tolist()
    assert len(warm.groups) == 2

    # A restarted worker continues from the blob, with no rebuild.
    compute.compute(conversation)
    compute.forget_warm_state(conversation.pk)
    person = GuestParticipantFactory()
    services.vote(statement=statements[0], participant=person, value=-1)

    def no_rebuild(_conversation):
        raise AssertionError("a cold start from the blob must not rebuild")

    monkeypatch.setattr(compute, "_rebuild", no_rebuild)
    restored = compute.current_store(conversation)
    monkeypatch.undo()
    rebuilt, _numbers = compute.build_store(conversation)
    _same_matrix(restored.store.matrix(), rebuilt.matrix())

    # The timeline counts every vote and participant once, across reads and the restart.
    timeline = compute._timeline(restored)
    assert timeline[-1]["votes"] == Vote.objects.filter(conversation=conversation).count()
    assert timeline[-1]["participants"] == restored.store.n_participants


def test_erasing_a_voter_leaves_no_trace_of_their_id_in_the_saved_store(conversation):
    """The engine's store (in memory and saved) keys votes by voter: erasure drops it, and the
    next computation rebuilds it from the votes as the erasure left them."""
    from cocreate.privacy import services as privacy
    from cocreate.privacy.registry import Subject

    _vote_majority_and_minority(conversation, majority=6, minority=3)
    compute.forget_warm_state(conversation.pk)
    compute.compute(conversation)
    vote = Vote.objects.filter(conversation=conversation).first()
    guest, statement_id, total = vote.participant, vote.statement_id, Vote.objects.count()
    assert compute.current_store(conversation).store.vote_of(guest.pk, statement_id) is not None

    privacy.erase(subject=Subject(participants=[guest]), actor=None, via="self")

    assert not OpinionVoteStore.objects.filter(conversation=conversation).exists()
    warm = compute.current_store(conversation)  # the worker's memory, not restarted
    assert warm.store.vote_of(guest.pk, statement_id) is None
    assert len(warm.store) == total  # the votes still count, anonymously
    compute.compute(conversation)
    compute.forget_warm_state(conversation.pk)  # a restart reads the saved store back
    assert compute.current_store(conversation).store.vote_of(guest.pk, statement_id) is None
