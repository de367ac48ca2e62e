from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.assessments.results import AttributeResult, GroupResult, collection_result
from cocreate.core.i18n import translated
from cocreate.portfolio import shipped
from cocreate.portfolio.models import Participation, Service, ServiceAssessment


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
    advice: list[str]  # keys of shipped.MODEL.content["advice"]

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
    texts = shipped.MODEL.content.get("advice", {})
    return [translated(texts.get(k)) for k in keys if texts.get(k)]


def participation_for(result: GroupResult) -> Participation | None:
    """The level of participation the result advises, in one word (the IAP2 spectrum):

    - *inform* when the overall fit is low ("little to gain from co-creating this service now");
    - *consult* when the fit is medium or high but the solution is already known or the service is
      heavily regulated (the two knock-outs the advice texts name);
    - *co-create* otherwise: a high fit, or a medium one ("co-creation is worth considering")
      without a knock-out.

    None while the overall result is uncertain (too many "don't know"): Co-Serve advises nothing.
    """
    if result.root.value is None:
        return None
    if result.root.quality == "bad":
        return Participation.INFORM
    keys = advice_for(result)
    if "simple_or_known_solution" in keys or "heavily_regulated" in keys:
        return Participation.CONSULT
    return Participation.CO_CREATE


@dataclass(frozen=True)
class CoServeSummary:
    """What a renewal carries of the Co-Serve assessment that chose its service: the criteria, the
    service's rank among the organisation's assessed services and the advice."""

    assessment: ServiceAssessment
    result: GroupResult
    participation: Participation | None
    advice: list[str]  # keys of shipped.MODEL.content["advice"]
    rank: int | None  # 1 = the best fit; None when the overall result is uncertain
    ranked: int  # how many of the organisation's services have a Co-Serve result

    @property
    def overall(self) -> AttributeResult:
        return self.result.root

    @property
    def groups(self) -> list[AttributeResult]:
        return [self.result.attributes[g] for g in shipped.GROUPS if g in self.result.attributes]

    @property
    def criteria(self) -> list[AttributeResult]:
        return self.result.leaves()

    @property
    def advice_texts(self) -> list[str]:
        return advice_texts(self.advice)


def _has_answers(assessment: ServiceAssessment) -> bool:
    return assessment.collection.responses.filter(submitted_at__isnull=False).exists()


def coserve_summary(assessment: ServiceAssessment | None) -> CoServeSummary | None:
    """The assessment's criteria, rank and advice; None before anyone has submitted answers.

    The rank compares this assessment's figure with the latest result of each of the
    organisation's other (not archived) services: 1 + the number that fit better."""
    if assessment is None or not _has_answers(assessment):
        return None
    result = collection_result(assessment.collection)
    service = assessment.service
    others = Service.objects.filter(
        organisation_id=service.organisation_id, archived_at__isnull=True
    ).exclude(pk=service.pk)
    scores = [s for s in (fit_of(other).score for other in others) if s is not None]
    own = result.root.score
    rank = None if own is None else 1 + sum(1 for s in scores if s > own)
    return CoServeSummary(
        assessment=assessment,
        result=result,
        participation=participation_for(result),
        advice=advice_for(result),
        rank=rank,
        ranked=len(scores) + (1 if own is not None else 0),
    )


def latest_summary(service: Service) -> CoServeSummary | None:
    """The summary of the service's latest assessment that has answers (what a new renewal of it
    is measured against)."""
    for assessment in service.assessments.select_related("collection", "collection__version"):
        if _has_answers(assessment):
            return coserve_summary(assessment)
    return None


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
