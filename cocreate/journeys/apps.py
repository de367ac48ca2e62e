from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "cocreate.journeys"
    label = "journeys"
    verbose_name = _("Co-Renew: journey maps and service users' feedback")

    def ready(self) -> None:
        from cocreate.journeys import renewal_section
        from cocreate.renewals import sections

        sections.register(renewal_section.journeys_section)
