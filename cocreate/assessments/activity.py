"""Assessment entries in the activity log, in the reader's language (see core/activity.py)."""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "assessment_model.import": _("Imported the assessment model %(version)s"),
}
