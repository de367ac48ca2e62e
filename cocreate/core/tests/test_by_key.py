from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.accounts.models import GuestParticipant
from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.conversations import services as conversations
from cocreate.conversations.models import Conversation, Statement
from cocreate.core import by_key
from cocreate.journeys import services as journeys
from cocreate.journeys.models import JourneyMap
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db


def test_a_row_by_its_key_is_the_orm_s_row_in_one_statement():
    guest = GuestParticipantFactory(nickname="Ana")
    with CaptureQueriesContext(connection) as queries:
        found = by_key.row(GuestParticipant, guest.pk)
    assert len(queries) == 1
    assert found == guest
    by_orm = GuestParticipant.objects.get(pk=guest.pk)
    fields = [f.attname for f in GuestParticipant._meta.concrete_fields]
    # Every value as the ORM gives it (SQLite keeps UUIDs and times as text: converted the same way).
    assert [getattr(found, f) for f in fields] == [getattr(by_orm, f) for f in fields]
    assert found.nickname == "Ana" and not found._state.adding and found._state.db == by_orm._state.db
    assert by_key.row(GuestParticipant, str(guest.pk)) == guest  # the key as text, as a URL gives it


def test_a_journey_comes_back_whole(org: Any, staff: Any):
    renewal = RenewalFactory(service__organisation=org)
    journey = journeys.create_map(actor=staff, renewal=renewal, title="Getting home care")
    journeys.set_participation(actor=staff, journey=journey, open_=True)
    found = by_key.row(JourneyMap, journey.pk)
    by_orm = JourneyMap.objects.get(pk=journey.pk)
    fields = [f.attname for f in JourneyMap._meta.concrete_fields]
    assert [getattr(found, f) for f in fields] == [getattr(by_orm, f) for f in fields]


def test_an_unknown_key_is_none():
    GuestParticipantFactory()
    assert by_key.row(GuestParticipant, uuid.uuid4()) is None


def _conversation(org: Any, staff: Any, topic: str) -> Any:
    return conversations.create_conversation(
        actor=staff,
        renewal=RenewalFactory(service__organisation=org),
        topic=topic,
        seed_statements=["One", "Two"],
    )


def test_a_row_with_more_conditions_and_its_joined_row_in_one_statement(org: Any, staff: Any):
    conversation = _conversation(org, staff, "Home care")
    statement = conversation.statements.order_by("number").last()
    with CaptureQueriesContext(connection) as queries:
        found = by_key.row(
            Statement, statement.pk, also={"conversation_id": conversation.pk}, joined="conversation"
        )
        assert found is not None
        joined = found.conversation  # already there: no second query
    assert len(queries) == 1
    by_orm = Statement.objects.select_related("conversation").get(pk=statement.pk)
    for model, mine, theirs in ((Statement, found, by_orm), (Conversation, joined, by_orm.conversation)):
        fields = [f.attname for f in model._meta.concrete_fields]
        assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
    other = _conversation(org, staff, "Elsewhere")
    assert (
        by_key.row(Statement, statement.pk, also={"conversation_id": other.pk}, joined="conversation") is None
    )


def test_a_row_with_a_chain_of_joined_rows_in_one_statement_is_the_orm_s(org: Any, staff: Any):
    """On every support: the idea, its step and the step's stage, each set on the one before."""
    from cocreate.journeys.models import Contribution, Stage, Step

    step = _open_step(org, staff)
    idea = journeys.contribute(step=step, participant=GuestParticipantFactory(), kind="idea", text="A form")
    with CaptureQueriesContext(connection) as queries:
        found = by_key.row(Contribution, idea.pk, joined="step__stage")
        assert found is not None
        step_found, stage_found = found.step, found.step.stage  # already there: no more queries
    assert len(queries) == 1
    by_orm = Contribution.objects.select_related("step__stage").get(pk=idea.pk)
    for model, mine, theirs in (
        (Contribution, found, by_orm),
        (Step, step_found, by_orm.step),
        (Stage, stage_found, by_orm.step.stage),
    ):
        fields = [f.attname for f in model._meta.concrete_fields]
        assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
    assert by_key.row(Contribution, uuid.uuid4(), joined="step__stage") is None
    with pytest.raises(ValueError, match="nullable"):  # an inner join would lose ideas without one
        by_key.row(Contribution, idea.pk, joined="merged_into")


def test_postgresql_prepares_the_busiest_look_up_after_five_runs():
    """Decision 0023: a statement a connection runs often is parsed and planned once, not each time."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; this runs on PostgreSQL in CI")
    guest = GuestParticipantFactory()

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%accounts_guestparticipant%"],
            )
            return int(cursor.fetchone()[0])

    for _ in range(6):  # prepared from the sixth run on this connection, if not already
        assert by_key.row(GuestParticipant, guest.pk) == guest
    assert prepared() >= 1


def test_a_column_of_the_rows_matching_is_the_orm_s_in_one_statement(org: Any, staff: Any):
    from cocreate.conversations.models import Vote

    conversation = _conversation(org, staff, "Opening hours")
    other = _conversation(org, staff, "Buses")
    guest, someone = GuestParticipantFactory(), GuestParticipantFactory()
    for statement in conversation.statements.all():
        conversations.vote(statement=statement, participant=guest, value=1)
    conversations.vote(statement=other.statements.first(), participant=guest, value=1)
    conversations.vote(statement=conversation.statements.first(), participant=someone, value=-1)
    with CaptureQueriesContext(connection) as queries:
        found = by_key.column(Vote, "statement", conversation=conversation.pk, participant=guest.pk)
    assert len(queries) == 1
    by_orm = Vote.objects.filter(conversation=conversation, participant=guest).values_list(
        "statement_id", flat=True
    )
    assert sorted(found) == sorted(by_orm) and len(found) == 2
    assert all(isinstance(pk, uuid.UUID) for pk in found)  # SQLite's text converted as the ORM does
    assert by_key.column(Vote, "statement", conversation=conversation.pk, participant=uuid.uuid4()) == []


def test_several_columns_of_the_rows_matching_come_converted_as_the_orm_s(org: Any, staff: Any):
    from cocreate.journeys.models import FeelingRating

    renewal = RenewalFactory(service__organisation=org)
    journey = journeys.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journeys.add_stage(actor=staff, journey=journey, title="Applying")
    first, second = (journeys.add_step(actor=staff, stage=stage, title=t) for t in ("Finds", "Fills"))
    journeys.set_participation(actor=staff, journey=journey, open_=True)
    guest = GuestParticipantFactory()
    journeys.rate_many(participant=guest, values={first: -2, second: 1})
    journeys.rate_many(participant=GuestParticipantFactory(), values={first: 2})
    with CaptureQueriesContext(connection) as queries:
        found = by_key.values(FeelingRating, ("step", "value", "updated_at"), participant=guest.pk)
    assert len(queries) == 1
    by_orm = FeelingRating.objects.filter(participant=guest).values_list("step_id", "value", "updated_at")
    assert sorted(found) == sorted(by_orm) and len(found) == 2


def test_values_in_an_order_and_at_most_a_limit(org: Any, staff: Any):
    conversation = _conversation(org, staff, "Opening hours")
    numbers = [row[0] for row in by_key.values(Statement, ("number",), conversation=conversation.pk)]
    assert sorted(numbers) == [1, 2]
    newest = by_key.values(
        Statement, ("number", "id"), order_by=("-number", "id"), conversation=conversation.pk
    )
    assert [n for n, _ in newest] == [2, 1]
    assert by_key.values(
        Statement, ("number",), order_by=("number",), limit=1, conversation=conversation.pk
    ) == [(1,)]


def _open_step(org: Any, staff: Any) -> Any:
    """A step of a journey map open to participation."""
    renewal = RenewalFactory(service__organisation=org)
    journey = journeys.create_map(actor=staff, renewal=renewal, title="Getting home care")
    stage = journeys.add_stage(actor=staff, journey=journey, title="Applying")
    step = journeys.add_step(actor=staff, stage=stage, title="Finds the form")
    journeys.set_participation(actor=staff, journey=journey, open_=True)
    return step


def test_a_count_and_a_narrower_count_in_one_statement_are_the_orm_s(org: Any, staff: Any):
    from cocreate.journeys.models import Support

    step = _open_step(org, staff)
    idea, other = (
        journeys.contribute(step=step, participant=GuestParticipantFactory(), kind="idea", text=t)
        for t in ("A phone line", "A letter")
    )
    guest, someone, third = GuestParticipantFactory(), GuestParticipantFactory(), GuestParticipantFactory()
    for participant in (guest, someone):
        journeys.support(contribution=idea, participant=participant)
    journeys.support(contribution=other, participant=third)
    with CaptureQueriesContext(connection) as queries:
        found = by_key.count(Support, among={"participant": guest.pk}, contribution=idea.pk)
    assert len(queries) == 1
    assert found == (Support.objects.filter(contribution=idea).count(), 1) == (2, 1)
    assert by_key.count(Support, among={"participant": third.pk}, contribution=idea.pk) == (2, 0)
    assert by_key.count(Support, contribution=other.pk) == (1, 0)
    assert by_key.count(Support, among={"participant": guest.pk}, contribution=uuid.uuid4()) == (0, 0)


def test_rows_by_their_keys_each_with_a_count_are_the_orm_s_in_one_statement(org: Any, staff: Any):
    from django.db.models import Count

    from cocreate.journeys.models import Contribution

    step = _open_step(org, staff)
    author = GuestParticipantFactory()
    ideas = [
        journeys.contribute(step=step, participant=author, kind="idea", text=t)
        for t in ("A phone line", "A letter", "Nobody's")
    ]
    for n, idea in enumerate(ideas[:2], start=1):
        for _ in range(n * 2):
            journeys.support(contribution=idea, participant=GuestParticipantFactory())
    with CaptureQueriesContext(connection) as queries:
        found = by_key.counted(Contribution, [i.pk for i in ideas], related="supports", into="n")
    assert len(queries) == 1
    by_orm = {
        c.pk: c
        for c in Contribution.objects.filter(pk__in=[i.pk for i in ideas]).annotate(n=Count("supports"))
    }
    fields = [f.attname for f in Contribution._meta.concrete_fields]
    assert sorted((c.n, c.text) for c in found) == [(0, "Nobody's"), (2, "A phone line"), (4, "A letter")]
    for c in found:
        assert [getattr(c, f) for f in fields] == [getattr(by_orm[c.pk], f) for f in fields]
        assert c.n == by_orm[c.pk].n and not c._state.adding
    assert by_key.counted(Contribution, [uuid.uuid4()], related="supports", into="n") == []
    with CaptureQueriesContext(connection) as queries:
        assert by_key.counted(Contribution, [], related="supports", into="n") == []
    assert len(queries) == 0
