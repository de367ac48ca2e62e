from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.core.audit import entries_for
from cocreate.core.models import AuditEntry
from cocreate.renewals.models import Renewal


def renewals_visible_to(user: User) -> QuerySet[Renewal]:
    return Renewal.objects.filter(organisation__in=organisations_for(user)).select_related(
        "service", "organisation", "coserve_assessment__service", "coserve_assessment__collection__version"
    )


def renewals_of(user: User, organisation: Organisation) -> QuerySet[Renewal]:
    return renewals_visible_to(user).filter(organisation=organisation)


def get_renewal_for(user: User, renewal_id: UUID) -> Renewal:
    return get_object_or_404(renewals_visible_to(user), pk=renewal_id)


def is_on_team(user: User, renewal: Renewal) -> bool:
    return renewal.team.filter(pk=user.pk).exists()


def public_renewals() -> QuerySet[Renewal]:
    return Renewal.objects.filter(visibility=Renewal.Visibility.PUBLIC).select_related(
        "service", "organisation", "coserve_assessment__service", "coserve_assessment__collection__version"
    )


def get_public_renewal(renewal_id: UUID) -> Renewal:
    return get_object_or_404(public_renewals(), pk=renewal_id)


def activity_of(renewal: Renewal, *, public_only: bool = False, limit: int = 50) -> QuerySet[AuditEntry]:
    entries = entries_for(renewal)
    return (entries.filter(public=True) if public_only else entries)[:limit]
