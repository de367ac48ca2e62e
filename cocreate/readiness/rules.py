"""Who may run Co-Ready rounds, answer them and act on their results. Deny by default."""

from __future__ import annotations

import rules

from cocreate.accounts.rules import Person, is_org_admin, is_org_member, is_org_staff, is_platform_admin
from cocreate.readiness.models import Round


def open_round(user: Person, round_: Round | None) -> bool:
    return isinstance(round_, Round) and round_.is_open


def closed_round(user: Person, round_: Round | None) -> bool:
    return isinstance(round_, Round) and not round_.is_open


round_is_open = rules.predicate(open_round)
round_is_closed = rules.predicate(closed_round)

# obj: the Organisation (list, open, benchmark) or a Round.
rules.add_perm("readiness.view_readiness", is_org_member | is_platform_admin)
rules.add_perm("readiness.manage_round", is_org_admin)
rules.add_perm("readiness.answer_round", is_org_member & round_is_open)
rules.add_perm("readiness.view_results", (is_org_member | is_platform_admin) & round_is_closed)
rules.add_perm("readiness.add_action", is_org_staff & round_is_closed)
rules.add_perm("readiness.change_action", is_org_staff)  # obj: an ImprovementAction
# obj: an ImprovementAction; the view also checks "commitments.manage" on the chosen renewal.
rules.add_perm("readiness.commit_action", is_org_staff)
