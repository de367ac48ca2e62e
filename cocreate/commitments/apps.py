from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "cocreate.commitments"
    label = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        from cocreate.commitments import renewal_section, selectors
        from cocreate.commitments.models import ProgressUpdate
        from cocreate.core import media
        from cocreate.renewals import sections

        sections.register(renewal_section.commitments_section)
        media.register(ProgressUpdate, "file", selectors.can_see_progress_update)
