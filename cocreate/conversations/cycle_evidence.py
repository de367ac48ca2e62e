"""What conversations show of a renewal cycle, for Co-Master (see cocreate/core/evidence.py): how
many people took part in the renewal's conversations (voted or wrote a statement) in the cycle."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.conversations.models import Statement, Vote
from cocreate.core.evidence import EvidenceItem
from cocreate.renewals.models import Renewal


def evidence(renewal: Renewal, started_at: datetime, ended_at: datetime) -> list[EvidenceItem]:
    """Each person once, however many votes and statements (one query: a union of the two)."""
    window = {"created_at__gte": started_at, "created_at__lt": ended_at}
    voted = (
        Vote.objects.filter(conversation__renewal=renewal, **window).order_by().values_list("participant_id")
    )
    wrote = (
        Statement.objects.filter(conversation__renewal=renewal, author_participant__isnull=False, **window)
        .order_by()
        .values_list("author_participant_id")
    )
    people = len(voted.union(wrote))
    return [
        EvidenceItem(
            key="conversations.reached",
            label=_("People who took part in conversations"),
            value=people,
            total=None,
            text=ngettext(
                "%(n)s person voted or wrote statements in the conversations.",
                "%(n)s people voted or wrote statements in the conversations.",
                people,
            )
            % {"n": people},
            public=False,  # a conversation's results may be private
            order=30,
        )
    ]
