from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "cocreate.conversations"
    label = "conversations"
    verbose_name = _("Conversations: where do people agree?")

    def ready(self) -> None:
        from cocreate.conversations import renewal_section
        from cocreate.renewals import sections

        sections.register(renewal_section.conversations_section)
