from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "cocreate.commitments"
    label = "commitments"
    verbose_name = _("Accountability: commitments, alliances, process log")

    def ready(self) -> None:
        from cocreate.commitments import renewal_section
        from cocreate.renewals import sections

        sections.register(renewal_section.commitments_section)
