"""Personal data of assessments (see cocreate/core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.personal_data import Erase, Holding, NotPersonal

HOLDINGS = [
    Holding(
        model="assessments.Response",
        label=_("Your answers to assessments"),
        purpose=_("Assessing readiness, services and co-creation quality"),
        subject="respondent",
        stand_in="participant",
        fields=("collection", "answers", "submitted_at"),
        erase=Erase.COUNT,
        retention=_("While the assessment's results are kept"),
        legal_basis=_("Public task"),
    ),
    Holding(
        model="assessments.Response",
        label=_("Your answers to assessments"),
        purpose=_("Assessing readiness, services and co-creation quality"),
        subject="participant",
        fields=("collection", "answers", "submitted_at"),
        erase=Erase.COUNT,
        retention=_("While the assessment's results are kept"),
        legal_basis=_("Public task"),
    ),
]
NOT_PERSONAL = [NotPersonal("assessments.ModelFamily", ("name",), "an assessment model's name")]
