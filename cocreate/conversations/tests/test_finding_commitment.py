"""A finding of a conversation — a statement every opinion group agrees on, or one that divides them
— becomes a commitment citing its figures, linked both ways; its author is told (issue 16)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import GuestParticipantFactory
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments.models import Commitment
from cocreate.conversations import compute, selectors, services
from cocreate.conversations.models import Conversation, Statement
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

pytestmark = pytest.mark.django_db
CONSENT = "2026-01-01T00:00Z"


def _conversation(org: Any, staff: Any, *, public: bool = True) -> Conversation:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    texts = [f"Topic statement {n}" for n in range(1, 9)] + ["Only the majority agrees"]
    return services.create_conversation(
        actor=staff, renewal=renewal, topic="Home care", is_public=public, seed_statements=texts
    )


def _vote(conversation: Conversation, author: Any, majority: int = 16, minority: int = 6) -> Statement:
    """Two camps; everyone agrees with the author's statement: a consensus with its figures."""
    everyone = services.add_statement(
        conversation=conversation, text="Answer the phone within a day", author_participant=author
    )
    statements = {s.text: s for s in conversation.statements.all()}
    for p in range(majority + minority):
        person = GuestParticipantFactory()
        camp = 1 if p < majority else -1
        for n in range(1, 9):
            side = camp if n % 2 else -camp
            services.vote(statement=statements[f"Topic statement {n}"], participant=person, value=side)
        services.vote(statement=everyone, participant=person, value=1)
        services.vote(statement=statements["Only the majority agrees"], participant=person, value=camp)
    compute.forget_warm_state(conversation.pk)
    compute.compute(conversation)
    return everyone


@pytest.fixture
def author() -> Any:
    return GuestParticipantFactory(email="author@example.org", notify_consent_at=CONSENT)


def _make(staff: Any, statement: Statement, **kwargs: Any) -> Commitment:
    values = {"title": "Call back within a day", "deadline": timezone.localdate() + timedelta(days=30),
              "responsible": staff, "publish": True, **kwargs}  # fmt: skip
    return services.finding_to_commitment(actor=staff, statement=statement, **values)


def test_a_consensus_becomes_a_commitment_citing_its_figures_and_its_author_is_told(
    org: Any, staff: Any, author: Any, django_capture_on_commit_callbacks: Any
) -> None:
    conversation = _conversation(org, staff)
    statement = _vote(conversation, author)
    finding = selectors.finding_of(statement)
    assert finding is not None and finding.kind == "agree" and finding.percent == 100
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        commitment = _make(staff, statement)
        assert _make(staff, statement) == commitment  # asked twice: the first one
    assert commitment_selectors.source_of(commitment) == statement
    assert "statement 10: “Answer the phone within a day”" in commitment.findings
    assert "100 % agreed" in commitment.findings and "Group A: 100 % agree" in commitment.findings
    described = commitment_selectors.described_source(commitment)
    assert described is not None
    assert described.label == "From a finding of the conversation “Home care” — 100 % agreed"
    assert [m.to for m in mail.outbox] == [["author@example.org"]]  # the author, once
    # The public results say what became of the finding, with a link to the public commitment.
    results = Client().get(reverse("conversations_public:results", args=[conversation.pk])).content.decode()
    assert "Became commitment: Call back within a day (Planned)" in results
    assert reverse("commitments:public_commitment", args=[commitment.pk]) in results
    seed = Statement.objects.get(conversation=conversation, text="Topic statement 1")
    assert selectors.finding_of(seed) is None or selectors.finding_of(seed).kind == "divisive"


def test_a_statement_that_is_no_finding_cannot(org: Any, staff: Any, author: Any) -> None:
    conversation = _conversation(org, staff)
    statement = services.add_statement(
        conversation=conversation, text="Nobody voted", author_participant=author
    )
    with pytest.raises(ValidationError):
        _make(staff, statement)
    assert not Commitment.objects.exists()


def test_the_page_twice_and_both_ways(
    as_user: Any, client: Any, org: Any, staff: Any, facilitator: Any, author: Any
) -> None:
    conversation = _conversation(org, staff, public=False)  # results for the organisation only
    statement = _vote(conversation, author)
    manage = reverse("conversations:manage", args=[conversation.pk])
    url = reverse("conversations:finding_commitment", args=[conversation.pk, statement.pk])
    staff_client = as_user(staff)
    assert url in staff_client.get(manage).content.decode()  # the finding offers it
    page = staff_client.get(url).content.decode()
    assert 'value="Answer the phone within a day"' in page and "Every group agrees: 100 % agree" in page
    form = {"title": "Call back", "deadline": "2031-01-01", "responsible": staff.pk, "publish": "on"}
    assert as_user(facilitator).post(url, form).status_code == 403  # not on the renewal's team
    first, second = staff_client.post(url, form), staff_client.post(url, form)
    commitment = Commitment.objects.get()
    target = reverse("commitments:commitment", args=[commitment.pk])
    assert first["Location"] == second["Location"] == target
    shown = staff_client.get(manage).content.decode()
    assert "Became commitment: Call back (Planned)" in shown and url not in shown
    staff_page = staff_client.get(target).content.decode()
    results = reverse("conversations_public:results", args=[conversation.pk])
    assert (
        "From a finding of the conversation “Home care” — 100 % agreed" in staff_page
        and results in staff_page
    )
    # On the public page the private results are neither linked nor named, nor are their figures.
    public_page = client.get(reverse("commitments:public_commitment", args=[commitment.pk])).content.decode()
    answers = public_page.split("What it answers")[1].split("</dd>")[0]
    assert "From a conversation with the service&#x27;s users" in answers
    assert "Home care" not in answers and results not in public_page
    assert "100 %" not in public_page and "Answer the phone" not in public_page  # nor the findings
