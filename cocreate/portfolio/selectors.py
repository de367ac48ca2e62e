from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.portfolio.models import Service


def services_visible_to(user: User) -> QuerySet[Service]:
    return Service.objects.filter(organisation__in=organisations_for(user)).select_related("organisation")


def services_of(
    user: User, organisation: Organisation, *, include_archived: bool = False
) -> QuerySet[Service]:
    services = services_visible_to(user).filter(organisation=organisation)
    return services if include_archived else services.filter(archived_at__isnull=True)


def get_service_for(user: User, service_id: UUID) -> Service:
    try:
        return services_visible_to(user).get(pk=service_id)
    except Service.DoesNotExist:
        raise Http404 from None
