from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "cocreate.transparency"
    label = "transparency"
    verbose_name = _("Process log")

    def ready(self) -> None:
        from cocreate.alliances import sections as alliance_sections
        from cocreate.core import media
        from cocreate.renewals import sections as renewal_sections
        from cocreate.transparency import sections, selectors
        from cocreate.transparency.models import LogEntry

        renewal_sections.register(sections.renewal_section)
        alliance_sections.register(sections.alliance_section)
        media.register(LogEntry, "file", selectors.can_see_log_entry)
