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

        from cocreate.commitments import selectors
        from cocreate.commitments.models import LogEntry, ProgressUpdate
        from cocreate.core import media

        media.register(ProgressUpdate, "file", selectors.can_see_progress_update)
        media.register(LogEntry, "file", selectors.can_see_log_entry)
