from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.assessments.results import GroupResult, collection_result
from cocreate.core.i18n import translated
from cocreate.portfolio import shipped
from cocreate.portfolio.models import Service, ServiceAssessment


def services_visible_to(user: User) -> QuerySet[Service]:
    return Service.objects.filter(organisation__in=organisations_for(user)).select_related("organisation")


def services_of(
    user: User, organisation: Organisation, *, include_archived: bool = False
) -> QuerySet[Service]:
    services = services_visible_to(user).filter(organisation=organisation)
    return services if include_archived else services.filter(archived_at__isnull=True)


def get_service_for(user: User, service_id: UUID) -> Service:
    return get_object_or_404(services_visible_to(user), pk=service_id)


@dataclass(frozen=True)
class ServiceFit:
    """How well a service fits a co-creative renewal, from its latest Co-Serve assessment."""

    service: Service
    assessment: ServiceAssessment | None
    result: GroupResult | None  # None until someone has submitted answers
    advice: list[str]  # keys of shipped.content()["advice"]

    @property
    def score(self) -> float | None:
        return self.result.root.score if self.result else None

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0


def latest_assessment(service: Service) -> ServiceAssessment | None:
    return service.assessments.select_related("collection", "collection__version").first()


def fit_of(service: Service) -> ServiceFit:
    assessment = latest_assessment(service)
    result = None
    if assessment is not None and assessment.collection.responses.filter(submitted_at__isnull=False).exists():
        result = collection_result(assessment.collection)
    return ServiceFit(service, assessment, result, advice_for(result) if result else [])


def advice_for(result: GroupResult) -> list[str]:
    """The seed is explicit: a simple problem with a known solution, or a tightly regulated
    service, does not need extensive participation — say what fits instead."""
    keys = []
    known = result.attributes.get(shipped.KNOWN_SOLUTION)
    if known is not None and known.quality == "bad":
        keys.append("simple_or_known_solution")
    regulated = result.attributes.get(shipped.REGULATED)
    if regulated is not None and regulated.quality == "bad":
        keys.append("heavily_regulated")
    if result.root.quality == "bad":
        keys.append("low_fit")
    elif result.root.quality == "good" and not keys:
        keys.append("good_fit")
    return keys


def advice_texts(keys: list[str]) -> list[str]:
    texts = shipped.content().get("advice", {})
    return [translated(texts.get(k)) for k in keys if texts.get(k)]


def portfolio_of(
    user: User, organisation: Organisation, *, include_archived: bool = False
) -> list[ServiceFit]:
    """Every service with its fit, best first; services not yet assessed come last."""
    fits = [fit_of(s) for s in services_of(user, organisation, include_archived=include_archived)]
    return sorted(fits, key=lambda f: (f.score is None, -(f.score or 0), f.service.name.lower()))


def get_assessment_for(user: User, assessment_id: UUID) -> ServiceAssessment:
    return get_object_or_404(
        ServiceAssessment.objects.select_related("service", "service__organisation", "collection"),
        pk=assessment_id,
        service__organisation__in=organisations_for(user),
    )
