"""Who may run a conversation and see its results. Deny by default.

Each check is a typed function of (user, object); the django-rules predicate of the same meaning
wraps it for `rules.add_perm`. Running a conversation is running its renewal: the renewal decides
(`renewals.rules.runs_renewal`, which asks the renewals selectors who is on the team).
"""

from __future__ import annotations

import rules

from cocreate.accounts.rules import Person, is_org_member, is_platform_admin
from cocreate.conversations.models import Conversation, Statement
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import runs_renewal

# A renewal (to start a conversation on it), a conversation, or one of its statements.
ConversationObject = Renewal | Conversation | Statement


def renewal_of(obj: ConversationObject) -> Renewal:
    if isinstance(obj, Statement):
        return obj.conversation.renewal
    if isinstance(obj, Conversation):
        return obj.renewal
    return obj


def runs_conversation(user: Person, obj: ConversationObject | None) -> bool:
    """Staff of the renewal's organisation, or a member on the renewal's team."""
    return isinstance(obj, ConversationObject) and runs_renewal(user, renewal_of(obj))


def shows_results_publicly(user: Person, conversation: Conversation | None) -> bool:
    """Results are public when the conversation and its renewal both are."""
    return isinstance(conversation, Conversation) and conversation.results_are_public


team_or_staff = rules.predicate(runs_conversation)
results_are_public = rules.predicate(shows_results_publicly)

rules.add_perm("conversations.manage", team_or_staff)
rules.add_perm("conversations.view_results", is_org_member | is_platform_admin | results_are_public)
