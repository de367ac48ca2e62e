from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Organisation, User
from cocreate.core import audit
from cocreate.portfolio.models import Channel, Service


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
        summary=_("Added the service “%(name)s”") % {"name": service.name},
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
        summary=_("Edited the service “%(name)s”") % {"name": service.name},
        changes=audit.changed_fields(before, after),
    )
    return service


@transaction.atomic
def set_archived(*, actor: User, service: Service, archived: bool) -> Service:
    service.archived_at = timezone.now() if archived else None
    service.save(update_fields=["archived_at", "updated_at"])
    summary = _("Archived “%(name)s”") if archived else _("Restored “%(name)s”")
    audit.record(
        actor=actor,
        action="service.archive" if archived else "service.restore",
        target=service,
        organisation=service.organisation,
        summary=summary % {"name": service.name},
    )
    return service
