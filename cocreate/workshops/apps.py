from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "cocreate.workshops"
    label = "workshops"
    verbose_name = _("Workshops: World Café and Open Space")

    def ready(self) -> None:
        from cocreate.renewals import sections
        from cocreate.workshops import renewal_section

        sections.register(renewal_section.workshops_section)

        from cocreate.core import media
        from cocreate.workshops import selectors
        from cocreate.workshops.models import HarvestNote

        media.register(HarvestNote, "photo", selectors.can_see_harvest_note)
