from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core import audit
from cocreate.portfolio import selectors as portfolio
from cocreate.portfolio.models import Service, ServiceAssessment
from cocreate.renewals.advice import REASON_MISSING, needs_reason
from cocreate.renewals.models import Renewal


def _check_team(renewal: Renewal, team: Iterable[User]) -> list[User]:
    members = list(team)
    outsiders = [u for u in members if not u.memberships.filter(organisation=renewal.organisation).exists()]
    if outsiders:
        raise ValidationError(
            {"team": _("Only members of %(org)s can be on the team.") % {"org": renewal.organisation}}
        )
    return members


@transaction.atomic
def create_renewal(
    *,
    actor: User,
    service: Service,
    title: str,
    goal: str,
    team: Iterable[User] = (),
    visibility: str = Renewal.Visibility.PRIVATE,
    coserve_assessment: ServiceAssessment | None = None,
    reason_against_advice: str = "",
) -> Renewal:
    """Start renewing a service. The renewal keeps the Co-Serve assessment that chose the service
    (the one given, or else the service's latest with answers) and the advice it gave; against an
    "inform" or "consult" advice it needs a written reason, which is published with the advice."""
    if service.is_archived:
        raise ValidationError(_("This service is archived; restore it before renewing it."))
    if coserve_assessment is not None and coserve_assessment.service_id != service.pk:
        raise ValidationError(_("That Co-Serve assessment is about another service."))
    summary = (
        portfolio.coserve_summary(coserve_assessment)
        if coserve_assessment is not None
        else portfolio.latest_summary(service)
    )
    if coserve_assessment is None and summary is not None:
        coserve_assessment = summary.assessment
    advice = summary.participation if summary is not None else None
    reason = reason_against_advice.strip() if needs_reason(advice) else ""
    if needs_reason(advice) and not reason:
        raise ValidationError({"reason_against_advice": REASON_MISSING})
    renewal = Renewal(
        coserve_assessment=coserve_assessment,
        coserve_advice=advice or "",
        reason_against_advice=reason,
        organisation=service.organisation,
        service=service,
        title=title.strip(),
        goal=goal.strip(),
        visibility=visibility,
    )
    renewal.full_clean()
    members = _check_team(renewal, team)
    renewal.save()
    renewal.team.set(members)
    audit.record(
        actor=actor,
        action="renewal.create",
        target=renewal,
        organisation=renewal.organisation,
        params={"title": renewal.title},
        public=renewal.is_public,
    )
    return renewal


@transaction.atomic
def update_renewal(
    *,
    actor: User,
    renewal: Renewal,
    title: str,
    goal: str,
    team: Iterable[User],
    visibility: str,
    closed: bool | None = None,
) -> Renewal:
    """Edit the renewal. Its status follows from the work done (renewals/cycle.py); closing it is
    the one decision about status people make (`closed`; None leaves it as it is)."""
    before = {
        "title": renewal.title,
        "goal": renewal.goal,
        "closed": renewal.is_closed,
        "visibility": renewal.visibility,
    }
    renewal.title, renewal.goal, renewal.visibility = title.strip(), goal.strip(), visibility
    if closed is not None and closed != renewal.is_closed:
        renewal.closed_at = timezone.now() if closed else None
    renewal.full_clean()
    members = _check_team(renewal, team)
    renewal.save()
    renewal.team.set(members)
    after = {
        "title": renewal.title,
        "goal": renewal.goal,
        "closed": renewal.is_closed,
        "visibility": renewal.visibility,
    }
    changes = audit.changed_fields(before, after)
    action = "renewal.update"
    if "closed" in changes:
        action = "renewal.close" if renewal.is_closed else "renewal.reopen"
    audit.record(
        actor=actor,
        action=action,
        target=renewal,
        organisation=renewal.organisation,
        params={},
        changes=changes,
        public=renewal.is_public,
    )
    return renewal


@transaction.atomic
def start_next_cycle(*, actor: User, renewal: Renewal) -> Renewal:
    """Co-creation is continuous: a cycle assessed with Co-Master (or a closed renewal) feeds the
    next one, whose status starts again from what is done in it."""
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    renewal.cycle_number += 1
    renewal.cycle_started_at = timezone.now()
    renewal.closed_at = None
    renewal.save(update_fields=["cycle_number", "cycle_started_at", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="renewal.cycle",
        target=renewal,
        organisation=renewal.organisation,
        params={"n": renewal.cycle_number},
        public=renewal.is_public,
    )
    return renewal
