from typing import Any

import rules

from cocreate.accounts.rules import is_org_member, is_org_staff, is_platform_admin
from cocreate.renewals.rules import is_team_member


@rules.predicate
def team_or_staff(user: Any, obj: Any) -> bool:
    renewal = getattr(
        getattr(obj, "assessment", obj), "renewal", obj
    )  # an action, an assessment or a renewal
    return bool(
        is_org_staff(user, renewal) or (is_org_member(user, renewal) and is_team_member(user, renewal))
    )


@rules.predicate
def organisers_open(user: Any, assessment: Any) -> bool:
    return bool(assessment is not None and assessment.organisers.is_open)


# obj: a Renewal (open) or a QualityAssessment / QualityAction.
rules.add_perm("quality.manage", team_or_staff)
rules.add_perm("quality.answer_as_organiser", is_org_member & organisers_open)
rules.add_perm("quality.view_results", is_org_member | is_platform_admin)
