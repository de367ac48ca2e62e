"""Who may run a Co-Master assessment and answer it as an organiser. Deny by default."""

from __future__ import annotations

import rules

from cocreate.accounts.rules import Person, is_org_member, is_platform_admin
from cocreate.quality.models import QualityAction, QualityAssessment
from cocreate.renewals.models import Renewal
from cocreate.renewals.rules import runs_renewal

QualityObject = Renewal | QualityAssessment | QualityAction


def renewal_of(obj: QualityObject) -> Renewal:
    if isinstance(obj, QualityAction):
        return obj.assessment.renewal
    if isinstance(obj, QualityAssessment):
        return obj.renewal
    return obj


def runs_quality(user: Person, obj: QualityObject | None) -> bool:
    """Runs the renewal the assessment (or its action) belongs to: its staff or its team."""
    return isinstance(obj, QualityObject) and runs_renewal(user, renewal_of(obj))


def organisers_questionnaire_open(user: Person, assessment: QualityAssessment | None) -> bool:
    return isinstance(assessment, QualityAssessment) and assessment.organisers.is_open


team_or_staff = rules.predicate(runs_quality)
organisers_open = rules.predicate(organisers_questionnaire_open)

# obj: a Renewal (open) or a QualityAssessment / QualityAction.
rules.add_perm("quality.manage", team_or_staff)
rules.add_perm("quality.answer_as_organiser", is_org_member & organisers_open)
rules.add_perm("quality.view_results", is_org_member | is_platform_admin)
