"""The one way to write the audit log. Services call `record` inside their transaction, so an
entry exists exactly when the change it describes was committed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cocreate.core.models import AuditEntry

if TYPE_CHECKING:
    from cocreate.accounts.models import Organisation, User


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None,
    summary: str,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
    public: bool = False,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        summary=summary[:300],
        changes=changes or {},
        public=public,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    return entry


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs, as {field: [old, new]} (JSON-safe strings)."""
    return {k: [str(before.get(k)), str(v)] for k, v in after.items() if before.get(k) != v}
