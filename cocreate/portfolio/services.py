from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation, User
from cocreate.assessments import services as assessment_services
from cocreate.assessments.models import Collection, ModelVersion, Response
from cocreate.core import audit
from cocreate.portfolio import shipped
from cocreate.portfolio.csv_import import parse_services_csv
from cocreate.portfolio.models import Channel, Service, ServiceAssessment


def _clean_channels(channels: list[str]) -> list[str]:
    valid = set(Channel.values)
    return [c for c in dict.fromkeys(channels) if c in valid]


@transaction.atomic
def create_service(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    description: str = "",
    users: str = "",
    channels: list[str] | None = None,
) -> Service:
    service = Service(
        organisation=organisation,
        name=name.strip(),
        description=description.strip(),
        users=users.strip(),
        channels=_clean_channels(channels or []),
    )
    service.full_clean()
    service.save()
    audit.record(
        actor=actor,
        action="service.create",
        target=service,
        organisation=organisation,
        params={"name": service.name},
    )
    return service


@transaction.atomic
def update_service(
    *, actor: User, service: Service, name: str, description: str, users: str, channels: list[str]
) -> Service:
    before = {
        "name": service.name,
        "description": service.description,
        "users": service.users,
        "channels": service.channels,
    }
    service.name, service.description, service.users = name.strip(), description.strip(), users.strip()
    service.channels = _clean_channels(channels)
    service.full_clean()
    service.save()
    after = {
        "name": service.name,
        "description": service.description,
        "users": service.users,
        "channels": service.channels,
    }
    audit.record(
        actor=actor,
        action="service.update",
        target=service,
        organisation=service.organisation,
        params={"name": service.name},
        changes=audit.changed_fields(before, after),
    )
    return service


@transaction.atomic
def set_archived(*, actor: User, service: Service, archived: bool) -> Service:
    service.archived_at = timezone.now() if archived else None
    service.save(update_fields=["archived_at", "updated_at"])
    audit.record(
        actor=actor,
        action="service.archive" if archived else "service.restore",
        target=service,
        organisation=service.organisation,
        params={"name": service.name},
    )
    return service


@transaction.atomic
def import_services(*, actor: User, organisation: Organisation, csv_text: str) -> list[Service]:
    """All rows or none: any bad row refuses the whole file, naming every bad row."""
    existing = {n.lower() for n in organisation.services.values_list("name", flat=True)}
    parsed = parse_services_csv(csv_text, existing)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    created = []
    for row in parsed.rows:
        service = Service(organisation=organisation, **row)
        service.full_clean()
        service.save()
        created.append(service)
    audit.record(
        actor=actor,
        action="service.import",
        target=organisation,
        organisation=organisation,
        params={"n": len(created)},
    )
    return created


def coserve_version() -> ModelVersion:
    return assessment_services.shipped_version(shipped.MODEL)


@transaction.atomic
def open_assessment(*, actor: User, service: Service) -> ServiceAssessment:
    """The service's open Co-Serve assessment, or a new one."""
    current = service.assessments.filter(collection__status=Collection.Status.OPEN).first()
    if current is not None:
        return current
    collection = assessment_services.open_collection(version=coserve_version())
    assessment = ServiceAssessment.objects.create(service=service, collection=collection, opened_by=actor)
    audit.record(
        actor=actor,
        action="coserve.open",
        target=assessment,
        organisation=service.organisation,
        params={"name": service.name},
    )
    return assessment


def save_coserve_answers(
    *, actor: User, assessment: ServiceAssessment, answers: Mapping[str, Any], submit: bool
) -> Response:
    if not actor.memberships.filter(organisation=assessment.service.organisation).exists():
        raise ValidationError(_("Only members of the organisation assess its services."))
    return assessment_services.save_answers(
        collection=assessment.collection, answers=answers, respondent=actor, submit=submit
    )
