from typing import Any

import rules

from cocreate.accounts.rules import is_org_member, is_platform_admin
from cocreate.quality.rules import team_or_staff as _team_or_staff


@rules.predicate
def team_or_staff(user: Any, obj: Any) -> bool:
    """Of the renewal the conversation (or statement) belongs to."""
    conversation = getattr(obj, "conversation", obj)
    return bool(_team_or_staff(user, getattr(conversation, "renewal", conversation)))


@rules.predicate
def results_are_public(user: Any, conversation: Any) -> bool:
    return bool(conversation is not None and getattr(conversation, "results_are_public", False))


# obj: a Renewal (add) or a Conversation / Statement.
rules.add_perm("conversations.manage", team_or_staff)
rules.add_perm("conversations.view_results", is_org_member | is_platform_admin | results_are_public)
