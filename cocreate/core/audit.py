"""The one way to write the audit log. Services call `record` inside their transaction, so an
entry exists exactly when the change it describes was committed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import Signal

from cocreate.core import activity
from cocreate.core.models import AuditEntry

# Core imports no app (the layer contract): the actor is any Django user, the organisation any
# model; the foreign keys of AuditEntry say which ones.

# Sent by `record` right after the entry is saved, inside the caller's transaction, with
# `entry` and `target` (the object itself, or None). Notifications listens: staff are told of what
# citizens did without any room calling notifications (see notifications/staff.py).
recorded = Signal()


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None,
    params: dict[str, Any] | None = None,
    summary: str | None = None,
    organisation: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    public: bool = False,
) -> AuditEntry:
    """Record one change. `action` is an event code declared in the app's `activity.py` with the
    sentence that tells it; `params` fill that sentence when a reader opens the log, in their
    language (see core/activity.py). Params and summary are shown to anyone when `public`: names
    of things and counts only, never of people. `summary` is derived (in English) when omitted."""
    if summary is None:
        params = params or {}
        summary = activity.english(action, params)
    entry = AuditEntry(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        organisation_id=organisation.pk if organisation is not None else None,
        action=action,
        summary=str(summary)[:300],
        params=params,
        changes=changes or {},
        public=public,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
    entry.save()
    recorded.send(sender=AuditEntry, entry=entry, target=target)
    return entry


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value differs, as {field: [old, new]} (JSON-safe strings)."""
    return {k: [str(before.get(k)), str(v)] for k, v in after.items() if before.get(k) != v}
