from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core import audit
from cocreate.portfolio.models import Service, ServiceAssessment
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
) -> Renewal:
    if service.is_archived:
        raise ValidationError(_("This service is archived; restore it before renewing it."))
    if coserve_assessment is not None and coserve_assessment.service_id != service.pk:
        raise ValidationError(_("That Co-Serve assessment is about another service."))
    renewal = Renewal(
        coserve_assessment=coserve_assessment,
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
        summary=_("Started the renewal “%(title)s”") % {"title": renewal.title},
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
    status: str,
    visibility: str,
) -> Renewal:
    before = {
        "title": renewal.title,
        "goal": renewal.goal,
        "status": renewal.status,
        "visibility": renewal.visibility,
    }
    renewal.title, renewal.goal, renewal.status, renewal.visibility = (
        title.strip(),
        goal.strip(),
        status,
        visibility,
    )
    renewal.full_clean()
    members = _check_team(renewal, team)
    renewal.save()
    renewal.team.set(members)
    after = {
        "title": renewal.title,
        "goal": renewal.goal,
        "status": renewal.status,
        "visibility": renewal.visibility,
    }
    changes = audit.changed_fields(before, after)
    if "status" in changes:
        summary = _("Status is now “%(status)s”") % {"status": renewal.get_status_display()}
    else:
        summary = _("Edited the renewal")
    audit.record(
        actor=actor,
        action="renewal.update",
        target=renewal,
        organisation=renewal.organisation,
        summary=summary,
        changes=changes,
        public=renewal.is_public,
    )
    return renewal


@transaction.atomic
def start_next_cycle(*, actor: User, renewal: Renewal) -> Renewal:
    """Co-creation is continuous: a completed cycle (assessed with Co-Master) feeds the next."""
    renewal = Renewal.objects.select_for_update().get(pk=renewal.pk)
    renewal.cycle_number += 1
    renewal.status = Renewal.Status.ACTIVE
    renewal.save(update_fields=["cycle_number", "status", "updated_at"])
    audit.record(
        actor=actor,
        action="renewal.cycle",
        target=renewal,
        organisation=renewal.organisation,
        summary=_("Cycle %(n)s started") % {"n": renewal.cycle_number},
        public=renewal.is_public,
    )
    return renewal
