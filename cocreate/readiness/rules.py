from typing import Any

import rules

from cocreate.accounts.rules import is_org_admin, is_org_member, is_org_staff, is_platform_admin


@rules.predicate
def round_is_open(user: Any, round_: Any) -> bool:
    return bool(round_ is not None and round_.is_open)


@rules.predicate
def round_is_closed(user: Any, round_: Any) -> bool:
    return bool(round_ is not None and not round_.is_open)


# obj: the Organisation (list, open, benchmark) or a Round.
rules.add_perm("readiness.view_readiness", is_org_member | is_platform_admin)
rules.add_perm("readiness.manage_round", is_org_admin)
rules.add_perm("readiness.answer_round", is_org_member & round_is_open)
rules.add_perm("readiness.view_results", (is_org_member | is_platform_admin) & round_is_closed)
rules.add_perm("readiness.add_action", is_org_staff & round_is_closed)
rules.add_perm("readiness.change_action", is_org_staff)  # obj: an ImprovementAction
# obj: an ImprovementAction; the view also checks "commitments.manage" on the chosen renewal.
rules.add_perm("readiness.commit_action", is_org_staff)
