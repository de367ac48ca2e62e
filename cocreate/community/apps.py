from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "cocreate.community"
    label = "community"
    verbose_name = _("Community of practice")

    def ready(self) -> None:
        from cocreate.community import selectors
        from cocreate.community.models import GoodPractice
        from cocreate.core import media

        media.register(GoodPractice, "attachment", selectors.can_see_practice)
