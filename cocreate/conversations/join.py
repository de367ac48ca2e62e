"""Join by code (core/join.py): an open conversation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.join import Joinable

JOINABLES = [
    Joinable(
        model="conversations.Conversation",
        url=lambda conversation: reverse("conversations_public:participate", args=[conversation.pk]),
        is_active=lambda conversation: conversation.is_open,
        label=_("Conversation"),
    )
]
