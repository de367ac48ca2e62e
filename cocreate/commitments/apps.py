from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "cocreate.commitments"
    label = "commitments"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        from cocreate.alliances import outcomes as alliance_outcomes
        from cocreate.alliances import sections as alliance_sections
        from cocreate.commitments import alliance_views, renewal_section, selectors
        from cocreate.commitments.models import ProgressUpdate
        from cocreate.core import media
        from cocreate.renewals import sections

        sections.register(renewal_section.commitments_section)
        alliance_sections.register(alliance_views.members_section)
        alliance_outcomes.register(alliance_views.decision_outcomes)
        media.register(ProgressUpdate, "file", selectors.can_see_progress_update)
