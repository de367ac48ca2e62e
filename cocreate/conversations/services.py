"""Every write of conversations: the conversation, statements, moderation, votes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Admission, GuestParticipant, User
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments import services as commitment_services
from cocreate.commitments.models import Commitment
from cocreate.conversations import selectors, tasks
from cocreate.conversations.models import STATEMENT_MAX_LENGTH, Conversation, Statement, Vote
from cocreate.core import audit, links
from cocreate.core.upsert import upsert
from cocreate.journeys.models import Step
from cocreate.renewals.models import Renewal


@transaction.atomic
def create_conversation(
    *,
    actor: User,
    renewal: Renewal,
    topic: str,
    description: str = "",
    participants_may_add: bool = True,
    moderation: str = Conversation.Moderation.AFTER,
    is_public: bool = False,
    seed_statements: Iterable[str] = (),
    step: Step | None = None,
    admission: str = Admission.OPEN,
) -> Conversation:
    if step is not None and step.stage.journey.renewal_id != renewal.pk:
        raise ValidationError({"step": _("Choose a step of this renewal's journey.")})
    conversation = Conversation(
        renewal=renewal,
        step=step,
        topic=topic.strip(),
        description=description.strip(),
        participants_may_add=participants_may_add,
        moderation=moderation,
        admission=admission,
        is_public=is_public,
    )
    conversation.full_clean()
    conversation.save()
    for text in seed_statements:
        if text.strip():
            add_statement(conversation=conversation, text=text, author_user=actor, seed=True)
    audit.record(
        actor=actor,
        action="conversation.create",
        target=renewal,
        organisation=renewal.organisation,
        params={"topic": conversation.topic},
        public=renewal.is_public,
    )
    return conversation


@transaction.atomic
def update_conversation(
    *,
    actor: User,
    conversation: Conversation,
    topic: str,
    description: str,
    participants_may_add: bool,
    moderation: str,
    is_public: bool,
    admission: str = Admission.OPEN,
) -> Conversation:
    conversation.topic, conversation.description = topic.strip(), description.strip()
    conversation.participants_may_add, conversation.moderation = participants_may_add, moderation
    conversation.is_public, conversation.admission = is_public, admission
    conversation.full_clean()
    conversation.save()
    audit.record(
        actor=actor,
        action="conversation.update",
        target=conversation.renewal,
        organisation=conversation.organisation,
        params={"topic": conversation.topic},
    )
    return conversation


@transaction.atomic
def set_status(*, actor: User, conversation: Conversation, status: str) -> Conversation:
    conversation.status = status
    conversation.full_clean()
    conversation.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="conversation.status",
        target=conversation.renewal,
        organisation=conversation.organisation,
        params={"topic": conversation.topic, "status": conversation.status},
        public=conversation.renewal.is_public,
    )
    return conversation


def clean_statement_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write a statement.")})
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep it under %(n)s characters: one idea per statement.")
                % {"n": STATEMENT_MAX_LENGTH}
            }
        )
    return text


def add_statement(
    *,
    conversation: Conversation,
    text: str,
    author_user: User | None = None,
    author_participant: GuestParticipant | None = None,
    seed: bool = False,
) -> Statement:
    """A new statement gets the next number; a statement already there is refused kindly."""
    text = clean_statement_text(text)
    if not seed and author_participant is not None and not conversation.participants_may_add:
        raise ValidationError(_("In this conversation only the organisers add statements."))
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."))
    if conversation.statements.filter(text__iexact=text).exists():
        raise ValidationError(
            {"text": _("This statement is already in the conversation: vote on it instead.")}
        )
    needs_review = (
        conversation.moderation == Conversation.Moderation.BEFORE
        and author_participant is not None
        and not seed
    )
    state = Statement.State.PENDING if needs_review else Statement.State.PUBLISHED
    for _attempt in range(5):  # two statements at once may race for a number
        number = (conversation.statements.aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                statement = Statement.objects.create(
                    conversation=conversation,
                    number=number,
                    text=text,
                    author_user=author_user,
                    author_participant=author_participant,
                    is_seed=seed,
                    state=state,
                )
                audit.record(
                    actor=author_user,
                    action="statement.add",
                    target=statement,
                    organisation=conversation.organisation,
                    params={"n": number, "state": state},
                )  # staff are told of participants' statements through it (conversations/notify.py)
                return statement
        except IntegrityError:
            if conversation.statements.filter(text__iexact=text).exists():
                raise ValidationError({"text": _("This statement is already in the conversation.")}) from None
    raise ValidationError(_("Too many statements arrived at once; try again."))


@transaction.atomic
def moderate_statement(*, actor: User, statement: Statement, state: str, reason: str = "") -> Statement:
    if state == Statement.State.HIDDEN and not reason.strip():
        raise ValidationError({"reason": _("Say why the statement is hidden; the reason is recorded.")})
    statement.state = state
    statement.moderation_reason = reason.strip()
    statement.full_clean()
    statement.save(update_fields=["state", "moderation_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="statement.moderate",
        target=statement.conversation.renewal,
        organisation=statement.conversation.organisation,
        params={"n": statement.number, "state": statement.state},
        changes={"reason": statement.moderation_reason},
    )
    tasks.request_recompute(statement.conversation)
    return statement


def vote(*, statement: Statement, participant: GuestParticipant, value: int) -> None:
    """Record a vote; a changed vote replaces the old one; parallel identical votes count once."""
    conversation = statement.conversation
    if value not in Vote.Choice.values:
        raise ValidationError(_("Choose agree, disagree or pass."))
    if not conversation.is_open:
        raise ValidationError(_("This conversation is closed."))
    if not statement.is_published:
        raise ValidationError(_("This statement is not open for votes."))
    # One statement, an upsert on the one-vote-per-statement constraint: a first vote, a changed
    # vote and parallel identical votes all end as one row (no read before the write). No
    # transaction around it: the vote stands on its own, and a recompute request lost between the
    # two statements is made good by the next vote (request_recompute's staleness rule).
    now = timezone.now()
    upsert(
        Vote,
        [
            {
                "conversation_id": conversation.pk,
                "statement_id": statement.pk,
                "participant_id": participant.pk,
                "value": value,
                "created_at": now,
                "updated_at": now,
            }
        ],
        unique=["statement_id", "participant_id"],
        update=["value", "updated_at"],
    )
    tasks.request_recompute(conversation)


# ---------------------------------------------------------------------------------------------
# a finding becomes a commitment


def finding_text(finding: selectors.Finding) -> str:
    """What the commitment's "findings it answers" cites: the statement and its agreement figures
    (a link to the results only when they are public)."""
    statement = finding.statement
    conversation = statement.conversation
    lines = [
        _("Conversation “%(topic)s”, statement %(n)s: “%(text)s”")
        % {"topic": conversation.topic, "n": statement.number, "text": statement.text}
    ]
    if finding.kind == "agree":
        lines.append(_("%(p)s %% agreed, a majority in every opinion group.") % {"p": finding.percent})
    elif finding.kind == "disagree":
        lines.append(_("%(p)s %% disagreed, a majority in every opinion group.") % {"p": finding.percent})
    else:
        lines.append(_("The opinion groups split on it."))
    for group in finding.groups:
        lines.append(
            _("Group %(label)s: %(agree)s %% agree, %(disagree)s %% disagree (%(n)s votes)")
            % {
                "label": group.get("label"),
                "agree": group.get("agree"),
                "disagree": group.get("disagree"),
                "n": group.get("votes"),
            }
        )
    if conversation.results_are_public:
        lines.append(links.site_url(reverse("conversations_public:results", args=[conversation.pk])))
    return "\n".join(lines)[:5000]


@transaction.atomic
def finding_to_commitment(
    *,
    actor: User,
    statement: Statement,
    title: str,
    deadline: date,
    responsible: User,
    publish: bool = False,
) -> Commitment:
    """A finding — a statement every opinion group agrees (or disagrees) on, or one that divides
    them — becomes a commitment of the renewal, citing the statement and its figures; its author
    is told. Once only: asking again returns the commitment already made (the commitments'
    constraint sees to it, also for parallel requests)."""
    finding = selectors.finding_of(statement)
    if finding is None:
        earlier = commitment_selectors.commitment_for_source(statement)
        if earlier is not None:
            return earlier  # made when it was a finding; the results moved on since
        raise ValidationError(_("Only a finding of the latest results can become a commitment."))
    renewal = statement.conversation.renewal
    return commitment_services.commit_source(
        actor=actor,
        owner=renewal,
        source=statement,
        title=title,
        organisation=renewal.organisation,
        deadline=deadline,
        responsible=responsible,
        why=_("A finding of a conversation with the service's users."),
        findings=finding_text(finding),
        publish=publish,
        logged_as="statement.commitment",
        log_params={"n": statement.number},
    )
