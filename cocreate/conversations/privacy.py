"""Personal data of conversations (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding

STATEMENT_RETENTION = _("Statements others voted on stay without their author, so results do not shift")
HOLDINGS = [
    Holding(
        model="conversations.Statement",
        label=_("Statements you wrote"),
        purpose=_("Finding where people agree"),
        subject="author_participant",
        fields=("created_at", "conversation", "number", "text", "state"),
        erase=Erase.UNLINK,
        retention=STATEMENT_RETENTION,
        legal_basis=_("Public task"),
    ),
    Holding(
        model="conversations.Statement",
        label=_("Statements you wrote"),
        purpose=_("Finding where people agree"),
        subject="author_user",
        fields=("created_at", "conversation", "number", "text", "state"),
        erase=Erase.UNLINK,
        retention=STATEMENT_RETENTION,
    ),
    # Before the votes (holdings are erased in order): the engine's saved vote store keeps each
    # voter's id, so it is dropped and rebuilt from the votes as they stand after the erasure.
    Holding(
        model="conversations.OpinionVoteStore",
        label=_("The opinion engine's working copy of your votes"),
        purpose=_("Computing the opinion groups quickly"),
        subject="conversation__votes__participant",
        erase=Erase.DELETE,
        retention=_("Rebuilt from the votes at the next computation"),
        legal_basis=_("Public task"),
    ),
    Holding(
        model="conversations.Vote",
        label=_("Your votes on statements"),
        purpose=_("Finding where people agree (opinion groups)"),
        subject="participant",
        fields=("conversation", "statement", "value", "updated_at"),
        erase=Erase.COUNT,
        retention=_("As long as the conversation's results are kept; counted anonymously after erasure"),
        legal_basis=_("Public task"),
    ),
]
