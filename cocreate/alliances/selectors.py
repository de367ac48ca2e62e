"""Reads of alliances that depend on who is asking. Public reads (the page, the exports, the API)
go through the `public_*` functions, so none can show more than the public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.models import Organisation, Role, User
from cocreate.accounts.selectors import organisations_for
from cocreate.alliances.models import (
    Alliance,
    AllianceMember,
    Decision,
    Declaration,
    Meeting,
    Pledge,
    PledgeReport,
)
from cocreate.core.audit import entries_for
from cocreate.core.models import AuditEntry
from cocreate.renewals.models import Renewal

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk: UUID) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError):
        raise Http404 from None


def public_alliances() -> QuerySet[Alliance]:
    return Alliance.objects.filter(is_public=True)


def alliances_visible_to(user: User | AnonymousUser) -> QuerySet[Alliance]:
    if not isinstance(user, User) or not user.is_active:
        return public_alliances()
    if user.is_superuser:
        return Alliance.objects.all()
    return Alliance.objects.filter(
        Q(is_public=True) | Q(secretariat=user) | Q(memberships__organisation__in=organisations_for(user))
    ).distinct()


def get_alliance_for(user: User | AnonymousUser, alliance_id: UUID) -> Alliance:
    return _get(alliances_visible_to(user), alliance_id)


def get_public_alliance(alliance_id: UUID) -> Alliance:
    return _get(public_alliances(), alliance_id)


def get_pledge_for(user: User | AnonymousUser, pledge_id: UUID) -> Pledge:
    pledges = Pledge.objects.filter(alliance__in=alliances_visible_to(user))
    return _get(pledges.select_related("alliance", "organisation"), pledge_id)


def get_membership_for(user: User | AnonymousUser, membership_id: UUID) -> AllianceMember:
    memberships = AllianceMember.objects.filter(alliance__in=alliances_visible_to(user))
    return _get(memberships.select_related("alliance", "organisation"), membership_id)


def organisations_user_admins(user: User | AnonymousUser) -> QuerySet[Organisation]:
    if not isinstance(user, User) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


def organisations_user_staffs(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations whose work this person runs (admins and staff, not facilitators)."""
    if not isinstance(user, User) or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[Role.ADMIN, Role.STAFF]
    ).distinct()


def members_user_staffs(user: User | AnonymousUser, alliance: Alliance) -> QuerySet[Organisation]:
    """The alliance's current members this person may pledge and report for."""
    return organisations_user_staffs(user).filter(
        pk__in=alliance.active_members().values_list("organisation", flat=True)
    )


def sees_everything_of(user: User | AnonymousUser, alliance: Alliance) -> bool:
    """The secretariat (and a platform admin) see drafts of every member."""
    return isinstance(user, User) and user.is_active and (user.is_superuser or alliance.is_run_by(user))


def pledges_visible_to(user: User | AnonymousUser, alliance: Alliance) -> QuerySet[Pledge]:
    """Published pledges (on a public alliance, or to whoever may see the alliance), and an
    organisation's own drafts to its people; the secretariat sees all."""
    pledges = alliance.pledges.select_related("organisation")
    if sees_everything_of(user, alliance):
        return pledges
    own = (
        organisations_for(user) if isinstance(user, User) and user.is_active else Organisation.objects.none()
    )
    return pledges.filter(Q(is_published=True) | Q(organisation__in=own))


@dataclass(frozen=True)
class PledgeRow:
    """A pledge with its latest report: how far it got toward its own amount."""

    pledge: Pledge
    last: PledgeReport | None

    @property
    def reached(self) -> Decimal:
        return self.last.amount if self.last is not None else Decimal(0)

    @property
    def percent(self) -> int:
        """Share of the pledged amount reached (may pass 100)."""
        return int(self.reached * 100 / self.pledge.amount) if self.pledge.amount else 0

    @property
    def bar(self) -> int:
        return min(self.percent, 100)

    @property
    def state(self) -> str:
        """not_reported, under_way, reached or overdue (its year is over and it is not reached)."""
        if self.pledge.amount and self.reached >= self.pledge.amount:
            return "reached"
        if self.pledge.year < timezone.localdate().year:
            return "overdue"
        return "under_way" if self.last is not None else "not_reported"


def pledge_rows(pledges: QuerySet[Pledge]) -> list[PledgeRow]:
    rows = []
    for pledge in pledges.prefetch_related("reports"):
        reports = sorted(pledge.reports.all(), key=lambda r: r.period_end)
        rows.append(PledgeRow(pledge, reports[-1] if reports else None))
    return rows


def members_user_admins(user: User | AnonymousUser, alliance: Alliance) -> QuerySet[Organisation]:
    """The alliance's current members this person may act for (sign, pledge)."""
    return organisations_user_admins(user).filter(
        pk__in=alliance.active_members().values_list("organisation", flat=True)
    )


def organisations_that_may_apply(user: User | AnonymousUser, alliance: Alliance) -> QuerySet[Organisation]:
    """The organisations this person admins that are neither members nor applicants."""
    current = alliance.memberships.filter(status__in=AllianceMember.CURRENT_STATUSES)
    return organisations_user_admins(user).exclude(pk__in=current.values_list("organisation", flat=True))


def applications_of(alliance: Alliance) -> QuerySet[AllianceMember]:
    return alliance.memberships.filter(status=AllianceMember.Status.APPLIED).select_related("organisation")


def members_of(alliance: Alliance) -> QuerySet[AllianceMember]:
    """Current and former members, not applications (as the public page lists them)."""
    return alliance.memberships.filter(
        status__in=[AllianceMember.Status.MEMBER, AllianceMember.Status.LEFT]
    ).select_related("organisation")


def public_activity_of(alliance: Alliance, *, limit: int = 50) -> QuerySet[AuditEntry]:
    """What the alliance's services marked public in the audit log (summaries carry no personal data)."""
    if not alliance.is_public:
        return AuditEntry.objects.none()
    return entries_for(alliance).filter(public=True)[:limit]


def meetings_of(owner: Renewal | Alliance) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("working_group")
    return meetings.filter(renewal=owner) if isinstance(owner, Renewal) else meetings.filter(alliance=owner)


def get_meeting_for(user: User | AnonymousUser, meeting_id: UUID) -> Meeting:
    """A meeting of an alliance the person may see (its page is as public as the alliance)."""
    meetings = Meeting.objects.filter(alliance__in=alliances_visible_to(user))
    return _get(meetings.select_related("alliance", "working_group"), meeting_id)


def get_decision_for(user: User | AnonymousUser, decision_id: UUID) -> Decision:
    decisions = Decision.objects.filter(meeting__alliance__in=alliances_visible_to(user))
    return _get(
        decisions.select_related("meeting", "meeting__alliance", "meeting__working_group"), decision_id
    )


def decisions_of(meeting: Meeting) -> QuerySet[Decision]:
    return meeting.decisions.all()


def public_members() -> QuerySet[AllianceMember]:
    """Current and former members (not applications) of public alliances."""
    return AllianceMember.objects.filter(
        alliance__is_public=True, status__in=[AllianceMember.Status.MEMBER, AllianceMember.Status.LEFT]
    ).select_related("alliance", "organisation")


def public_declarations() -> QuerySet[Declaration]:
    return Declaration.objects.filter(alliance__is_public=True).prefetch_related("signatures__organisation")


def public_pledges() -> QuerySet[Pledge]:
    return Pledge.objects.filter(alliance__is_public=True, is_published=True).select_related(
        "alliance", "organisation"
    )


def public_reports() -> QuerySet[PledgeReport]:
    return PledgeReport.objects.filter(
        pledge__alliance__is_public=True, pledge__is_published=True
    ).select_related("pledge", "pledge__organisation", "pledge__alliance")


@dataclass(frozen=True)
class ProgressRow:
    label: str
    pledged: Decimal
    reported: Decimal

    @property
    def percent(self) -> int:
        return int(self.reported * 100 / self.pledged) if self.pledged else 0

    @property
    def bar(self) -> int:
        return min(self.percent, 100)


@dataclass(frozen=True)
class Progress:
    target: Decimal
    unit: str
    pledged: Decimal
    reported: Decimal
    by_member: list[ProgressRow]
    by_sector: list[ProgressRow]
    over_time: list[tuple[date, Decimal]]  # total reported (latest report of every pledge) per date

    @property
    def percent_reported(self) -> int:
        """Share of the target reached, as the members reported it (may pass 100)."""
        return int(self.reported * 100 / self.target) if self.target else 0

    @property
    def percent_pledged(self) -> int:
        return int(self.pledged * 100 / self.target) if self.target else 0

    @property
    def bar(self) -> int:
        return min(self.percent_reported, 100)


def progress_of(alliance: Alliance, among: QuerySet[Pledge] | None = None) -> Progress:
    """The pledges' sum toward the target, each pledge counting with its latest report. `among`
    limits it to what the reader may see (the public page: published ones only)."""
    chosen = alliance.pledges.all() if among is None else among.filter(alliance=alliance)
    pledges = list(chosen.select_related("organisation").prefetch_related("reports"))
    kinds = dict(Organisation.Kind.choices)
    members: dict[str, list[Decimal]] = {}
    sectors: dict[str, list[Decimal]] = {}
    for pledge in pledges:
        reports = sorted(pledge.reports.all(), key=lambda r: r.period_end)
        reached = reports[-1].amount if reports else Decimal(0)
        for key, bucket in (
            (pledge.organisation.name, members),
            (str(kinds.get(pledge.organisation.kind, pledge.organisation.kind)), sectors),
        ):
            row = bucket.setdefault(key, [Decimal(0), Decimal(0)])
            row[0] += pledge.amount
            row[1] += reached
    dates = sorted({r.period_end for p in pledges for r in p.reports.all()})
    over_time = []
    for day in dates:
        total = Decimal(0)
        for pledge in pledges:
            upto = [r for r in pledge.reports.all() if r.period_end <= day]
            if upto:
                total += max(upto, key=lambda r: r.period_end).amount
        over_time.append((day, total))
    return Progress(
        target=alliance.target_amount,
        unit=alliance.target_unit,
        pledged=sum((p.amount for p in pledges), Decimal(0)),
        reported=sum((v[1] for v in members.values()), Decimal(0)),
        by_member=[ProgressRow(k, *v) for k, v in sorted(members.items())],
        by_sector=[ProgressRow(k, *v) for k, v in sorted(sectors.items())],
        over_time=over_time,
    )
