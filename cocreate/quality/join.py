"""Join by code (core/join.py): the participants' Co-Master questionnaire, while it is open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.join import Joinable

JOINABLES = [
    Joinable(
        model="quality.QualityAssessment",
        url=lambda assessment: reverse("quality_public:participate", args=[assessment.pk]),
        is_active=lambda assessment: assessment.participants.is_open,
        label=_("Questionnaire on a renewal cycle"),
    )
]
