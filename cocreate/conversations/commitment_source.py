"""What a commitment made from a conversation's finding says about it, and whom it tells (see
cocreate/commitments/sources.py): the statement's author, unless it is the organisation's own seed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.commitments.sources import Described, InputGiver, SourceKind
from cocreate.conversations import selectors
from cocreate.conversations.models import Statement


def label(statement: Statement, finding: selectors.Finding | None) -> str:
    values = {"topic": statement.conversation.topic, "p": finding.percent if finding else None}
    if finding is None:
        return _("From a statement of the conversation “%(topic)s”") % values
    if finding.kind == "agree" and finding.percent is not None:
        return _("From a finding of the conversation “%(topic)s” — %(p)s %% agreed") % values
    if finding.kind == "disagree" and finding.percent is not None:
        return _("From a finding of the conversation “%(topic)s” — %(p)s %% disagreed") % values
    return _("From a finding of the conversation “%(topic)s” — the opinion groups split") % values


def describe(statement: Statement) -> Described:
    conversation = statement.conversation
    results = reverse("conversations_public:results", args=[conversation.pk])
    text = label(statement, selectors.finding_of(statement))
    public = conversation.results_are_public and statement.is_published
    return Described(
        label=text,
        staff_url=results,  # the organisation's members may read the results, public or not
        public_label=text if public else _("From a conversation with the service's users"),
        public_url=results if public else None,
    )


def givers(statement: Statement) -> list[InputGiver]:
    if statement.author_participant is not None:
        return [InputGiver(participant=statement.author_participant)]
    if statement.author_user is not None and not statement.is_seed:
        return [InputGiver(user=statement.author_user)]
    return []  # a seed statement is the organisation's own


def excerpt(statement: Statement) -> str:
    return statement.text


SOURCES = [SourceKind("conversations.Statement", describe, givers, excerpt)]
