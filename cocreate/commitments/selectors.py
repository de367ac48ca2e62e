"""Reads of accountability that depend on who is asking. Public reads (pages, exports, the API,
feeds) all go through the `public_*` functions here, so none can show more than the public page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.models import Organisation, Role, User
from cocreate.accounts.selectors import organisations_for
from cocreate.commitments.models import (
    Alliance,
    AllianceMember,
    Commitment,
    LogEntry,
    Meeting,
    Pledge,
    PledgeReport,
    ProgressUpdate,
    PublicComment,
)
from cocreate.core.audit import entries_for
from cocreate.core.models import AuditEntry
from cocreate.renewals.models import Renewal
from cocreate.renewals.selectors import public_renewals


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def _get(queryset: QuerySet[Any], pk: UUID) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None


# --- commitments ------------------------------------------------------------------------------


def commitments_visible_to(user: User) -> QuerySet[Commitment]:
    base = Commitment.objects.select_related("renewal", "alliance", "organisation", "responsible")
    if not _signed_in(user):
        return base.none()
    if user.is_superuser:
        return base
    return base.filter(
        Q(renewal__organisation__in=organisations_for(user))
        | Q(alliance__secretariat=user)
        | Q(responsible=user)
    ).distinct()


def get_commitment_for(user: User, commitment_id: UUID) -> Commitment:
    return _get(commitments_visible_to(user), commitment_id)  # type: ignore[no-any-return]


def my_commitments(user: User) -> QuerySet[Commitment]:
    return commitments_visible_to(user).filter(responsible=user).order_by("deadline")


@dataclass(frozen=True)
class Column:
    status: str
    label: str
    commitments: list[Commitment]


def board(commitments: QuerySet[Commitment]) -> list[Column]:
    """Grouped by status, each group ordered by deadline (late ones are simply the earliest open)."""
    rows = list(commitments.order_by("deadline", "title"))
    return [
        Column(value, str(label), [c for c in rows if c.status == value])
        for value, label in Commitment.Status.choices
    ]


def public_commitments() -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(is_published=True)
        .filter(Q(renewal__visibility=Renewal.Visibility.PUBLIC) | Q(alliance__is_public=True))
        .select_related("renewal", "alliance", "organisation")
    )


def late_count(commitments: QuerySet[Commitment]) -> int:
    return commitments.filter(status__in=Commitment.OPEN_STATUSES, deadline__lt=timezone.localdate()).count()


# --- process log ------------------------------------------------------------------------------


def _of(queryset: QuerySet[Any], owner: Renewal | Alliance) -> QuerySet[Any]:
    return queryset.filter(renewal=owner) if isinstance(owner, Renewal) else queryset.filter(alliance=owner)


def log_entries_of(owner: Renewal | Alliance) -> QuerySet[LogEntry]:
    """Every entry, drafts included: for the people who run the process (views check the rule)."""
    return _of(LogEntry.objects.all(), owner)


def public_log_entries() -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.filter(published_at__isnull=False)
        .filter(Q(renewal__visibility=Renewal.Visibility.PUBLIC) | Q(alliance__is_public=True))
        .select_related("renewal", "alliance")
    )


def public_log_of(owner: Renewal | Alliance) -> QuerySet[LogEntry]:
    return _of(public_log_entries(), owner)


def get_public_log_entry(entry_id: UUID) -> LogEntry:
    return _get(public_log_entries(), entry_id)  # type: ignore[no-any-return]


def log_entries_visible_to(user: User) -> QuerySet[LogEntry]:
    if not _signed_in(user):
        return LogEntry.objects.none()
    if user.is_superuser:
        return LogEntry.objects.all()
    return LogEntry.objects.filter(
        Q(renewal__organisation__in=organisations_for(user)) | Q(alliance__secretariat=user)
    ).distinct()


def get_log_entry_for(user: User, entry_id: UUID) -> LogEntry:
    return _get(log_entries_visible_to(user), entry_id)  # type: ignore[no-any-return]


def can_see_progress_update(user: User, update: ProgressUpdate) -> bool:
    """An update (and its evidence file) is seen by whoever may see its commitment."""
    pk = update.commitment_id
    return public_commitments().filter(pk=pk).exists() or commitments_visible_to(user).filter(pk=pk).exists()


def can_see_log_entry(user: User, entry: LogEntry) -> bool:
    pk = entry.pk
    return public_log_entries().filter(pk=pk).exists() or log_entries_visible_to(user).filter(pk=pk).exists()


def get_comment_for(user: User, comment_id: UUID) -> PublicComment:
    return _get(  # type: ignore[no-any-return]
        PublicComment.objects.filter(entry__in=log_entries_visible_to(user)).select_related("entry"),
        comment_id,
    )


def unanswered_of(owner: Renewal | Alliance) -> QuerySet[PublicComment]:
    """Open questions on published entries, oldest first (their age is shown)."""
    entries = public_log_of(owner) if owner.is_public else LogEntry.objects.none()
    return PublicComment.objects.filter(entry__in=entries, answered_at__isnull=True).order_by("created_at")


def public_activity_of(alliance: Alliance, *, limit: int = 50) -> QuerySet[AuditEntry]:
    """What the alliance's services marked public in the audit log (summaries carry no personal data)."""
    if not alliance.is_public:
        return AuditEntry.objects.none()
    return entries_for(alliance).filter(public=True)[:limit]


def meetings_of(owner: Renewal | Alliance) -> QuerySet[Meeting]:
    return _of(Meeting.objects.select_related("working_group"), owner)


# --- alliances ---------------------------------------------------------------------------------


def public_alliances() -> QuerySet[Alliance]:
    return Alliance.objects.filter(is_public=True)


def alliances_visible_to(user: Any) -> QuerySet[Alliance]:
    if not _signed_in(user):
        return public_alliances()
    if user.is_superuser:
        return Alliance.objects.all()
    return Alliance.objects.filter(
        Q(is_public=True) | Q(secretariat=user) | Q(memberships__organisation__in=organisations_for(user))
    ).distinct()


def get_alliance_for(user: Any, alliance_id: UUID) -> Alliance:
    return _get(alliances_visible_to(user), alliance_id)  # type: ignore[no-any-return]


def get_pledge_for(user: Any, pledge_id: UUID) -> Pledge:
    return _get(  # type: ignore[no-any-return]
        Pledge.objects.filter(alliance__in=alliances_visible_to(user)).select_related(
            "alliance", "organisation"
        ),
        pledge_id,
    )


def get_membership_for(user: Any, membership_id: UUID) -> AllianceMember:
    return _get(  # type: ignore[no-any-return]
        AllianceMember.objects.filter(alliance__in=alliances_visible_to(user)).select_related(
            "alliance", "organisation"
        ),
        membership_id,
    )


def organisations_user_admins(user: User) -> QuerySet[Organisation]:
    if not _signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ADMIN).distinct()


def public_members() -> QuerySet[AllianceMember]:
    """Current and former members (not applications) of public alliances."""
    return AllianceMember.objects.filter(
        alliance__is_public=True, status__in=[AllianceMember.Status.MEMBER, AllianceMember.Status.LEFT]
    ).select_related("alliance", "organisation")


def public_pledges() -> QuerySet[Pledge]:
    return Pledge.objects.filter(alliance__is_public=True).select_related("alliance", "organisation")


def public_reports() -> QuerySet[PledgeReport]:
    return PledgeReport.objects.filter(pledge__alliance__is_public=True).select_related(
        "pledge", "pledge__organisation", "pledge__alliance"
    )


@dataclass(frozen=True)
class ProgressRow:
    label: str
    pledged: Decimal
    reported: Decimal

    @property
    def percent(self) -> int:
        return int(self.reported * 100 / self.pledged) if self.pledged else 0


@dataclass(frozen=True)
class Progress:
    target: Decimal
    unit: str
    pledged: Decimal
    reported: Decimal
    by_member: list[ProgressRow]
    by_sector: list[ProgressRow]
    over_time: list[tuple[date, Decimal]]  # total reported (latest report of every pledge) per date


def progress_of(alliance: Alliance) -> Progress:
    pledges = list(alliance.pledges.select_related("organisation").prefetch_related("reports"))
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


def public_renewals_with_log() -> QuerySet[Renewal]:
    return public_renewals()
