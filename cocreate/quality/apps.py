from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "cocreate.quality"
    label = "quality"
    verbose_name = _("Co-Master: quality of the co-creation")

    def ready(self) -> None:
        from cocreate.quality import renewal_section
        from cocreate.renewals import sections

        sections.register(renewal_section.quality_section)
