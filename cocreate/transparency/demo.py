"""The demo's process log (`manage.py seed_accountability`, called by `seed_demo`): what the
renewal's team published and one draft, and the alliance's first decision. Built through the
services."""

from __future__ import annotations

from cocreate.accounts.models import User
from cocreate.alliances.models import Alliance
from cocreate.renewals.models import Renewal
from cocreate.transparency import services
from cocreate.transparency.models import LogEntry

RENEWAL_LOG = [
    (
        LogEntry.Kind.METHOD,
        "How we listen: journey interviews",
        "Twelve interviews with people who used the service last year.",
    ),
    (
        LogEntry.Kind.MEETING_NOTES,
        "Workshop 1: where it hurts",
        "Thirty participants; the top pain point was waiting without news.",
    ),
    (
        LogEntry.Kind.DECISION,
        "We will send status updates by SMS",
        "Chosen because most participants asked for it first.",
    ),
]


def build_renewal_log(renewal: Renewal, actor: User) -> None:
    for kind, title, text in RENEWAL_LOG:
        services.add_log_entry(actor=actor, owner=renewal, kind=kind, title=title, text=text, publish=True)
    services.add_log_entry(
        actor=actor, owner=renewal, kind=LogEntry.Kind.SCRIPT, title="Draft script for workshop 2"
    )


def build_alliance_log(alliance: Alliance, actor: User) -> None:
    services.add_log_entry(
        actor=actor,
        owner=alliance,
        kind=LogEntry.Kind.DECISION,
        title="Members report every half-year",
        text="Reports are due at the end of June and December.",
        publish=True,
    )
