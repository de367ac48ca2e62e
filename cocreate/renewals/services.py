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
from cocreate.renewals.models import Cycle, Renewal


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


PLAN_ITEM_MAX = 300


def _clean_plan(plan: Iterable[str]) -> list[str]:
    """The improvements as titles: trimmed, without blanks or repeats, in the order given."""
    cleaned: list[str] = []
    for item in plan:
        title = " ".join(str(item).split())
        if len(title) > PLAN_ITEM_MAX:
            raise ValidationError(
                {"plan": _("Each improvement can have at most %(n)s characters.") % {"n": PLAN_ITEM_MAX}}
            )
        if title and title not in cleaned:
            cleaned.append(title)
    return cleaned


@transaction.atomic
def close_cycle(*, actor: User, renewal: Renewal, plan: list[str], note: str = "") -> Cycle:
    """Close the renewal's current cycle — the one numbered `renewal.cycle_number`, as the caller
    sees it — with the improvements it carries into the next cycle (`plan`, stored as the closed
    cycle's `next_plan`; the next cycle starts with it as its `plan`) and an optional note.

    Idempotent: under the renewal's row lock, a cycle already closed is returned unchanged (its
    plan and note stay the first ones)."""
    locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
    cycle = Cycle.objects.select_for_update().get(renewal=locked, number=renewal.cycle_number)
    if cycle.is_closed:
        return cycle
    cycle.closed_at = timezone.now()
    cycle.next_plan = _clean_plan(plan)
    cycle.note = note.strip()
    cycle.full_clean()
    cycle.save(update_fields=["closed_at", "next_plan", "note", "updated_at"])
    audit.record(
        actor=actor,
        action="renewal.cycle_close",
        target=locked,
        organisation=locked.organisation,
        params={"n": cycle.number, "improvements": len(cycle.next_plan)},
        public=locked.is_public,
    )
    renewal.forget_cycles()
    return cycle


@transaction.atomic
def start_next_cycle(*, actor: User, renewal: Renewal, after: int | None = None) -> Renewal:
    """Co-creation is continuous: start the cycle after `after` (by default the renewal's current
    cycle as the caller sees it), carrying in the plan the closed cycle was closed with. A cycle
    not closed yet is closed first, with no plan; a closed renewal is reopened.

    Exactly one new cycle however often it is asked: under the renewal's row lock, when the cycle
    after `after` exists already, the renewal is returned as it is (and the unique constraint on
    (renewal, number) stands behind the lock)."""
    expected = renewal.cycle_number if after is None else after
    locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
    if locked.cycle_number != expected:
        return locked
    current = Cycle.objects.select_for_update().get(renewal=locked, number=locked.cycle_number)
    if not current.is_closed:
        current = close_cycle(actor=actor, renewal=locked, plan=[])
    nxt = Cycle.objects.create(
        renewal=locked, number=current.number + 1, started_at=timezone.now(), plan=list(current.next_plan)
    )
    locked.cycle_number = nxt.number
    locked.closed_at = None
    locked.save(update_fields=["cycle_number", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="renewal.cycle",
        target=locked,
        organisation=locked.organisation,
        params={"n": locked.cycle_number},
        public=locked.is_public,
    )
    renewal.forget_cycles()
    return locked
