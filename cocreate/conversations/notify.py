"""What staff are told of conversations (see notifications/staff.py): participants' new statements,
counted per conversation; those waiting for moderation apart. Organisers' own statements: nothing."""

from __future__ import annotations

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from cocreate.conversations.models import Statement
from cocreate.core.models import AuditEntry
from cocreate.notifications.models import Kind
from cocreate.notifications.staff import Tell
from cocreate.renewals.notify import team_to_tell


def statement_added(entry: AuditEntry, target: Model | None) -> Tell | None:
    if not isinstance(target, Statement) or target.author_participant_id is None or target.is_seed:
        return None
    conversation = target.conversation
    pending = target.state == Statement.State.PENDING
    message = (
        ngettext_lazy(
            "A statement in “%(t)s” waits for moderation",
            "%(n)s statements in “%(t)s” wait for moderation",
            "n",
        )
        if pending
        else ngettext_lazy("A new statement in “%(t)s”", "%(n)s new statements in “%(t)s”", "n")
    )
    return Tell(
        recipients=team_to_tell(conversation.renewal),
        kind=Kind.CONTRIBUTIONS,
        group=f"conversations.{'pending' if pending else 'new'}:{conversation.pk}",
        message=message,
        params={"t": conversation.topic},
        link=reverse("conversations:manage", args=[conversation.pk]),
    )


RULES = {"statement.add": statement_added}
