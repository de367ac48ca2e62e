"""Who may write the process log and answer the public. Deny by default.

Each predicate takes (user, object) with the object's precise type: a Renewal or an Alliance, or a
log entry or a public comment of one (each knows its owner).
"""

from __future__ import annotations

import rules

from cocreate.accounts.rules import Person
from cocreate.alliances.models import Alliance
from cocreate.alliances.rules import runs_alliance
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import runs_renewal
from cocreate.transparency.models import LogEntry, PublicComment

LogObject = Renewal | Alliance | LogEntry | PublicComment


def owner_of(obj: LogObject) -> Renewal | Alliance:
    if isinstance(obj, PublicComment):
        return obj.entry.owner
    if isinstance(obj, LogEntry):
        return obj.owner
    return obj


def runs_the_process(user: Person, obj: LogObject | None) -> bool:
    """Runs the renewal (its staff, or a member on its team) or the alliance (its secretariat)."""
    if not isinstance(obj, LogObject):
        return False
    owner = owner_of(obj)
    if isinstance(owner, Renewal):
        return runs_renewal(user, owner)
    return runs_alliance(user, owner)


manages_log = rules.predicate(runs_the_process)

# obj: Renewal or Alliance, or a LogEntry of one.
rules.add_perm("transparency.manage_log", manages_log)
# obj: PublicComment.
rules.add_perm("transparency.answer_comment", manages_log)
