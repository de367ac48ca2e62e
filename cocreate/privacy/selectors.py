"""Reads of the privacy app: whose data a request may see, and what the registry finds for them."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.accounts.models import GuestParticipant, Organisation, User
from cocreate.core.personal_data import Holding
from cocreate.privacy.models import AccessCode, PrivacyNotice
from cocreate.privacy.registry import Registry, Subject, registry

SESSION_EMAIL = "privacy_proven_email"
SESSION_EMAIL_MINUTES = 30


def subject_for_request(request: HttpRequest) -> Subject:
    """The signed-in account, this browser's guest identity, and guests of an e-mail proven by code."""
    from cocreate.privacy.services import participants_of_account, subject_for_email

    user = request.user if request.user.is_authenticated else None
    participants: list[GuestParticipant] = []
    participant = getattr(request, "participant", None)
    if participant is not None:
        participants.append(participant)
    if user is not None:
        participants += [p for p in participants_of_account(user) if p not in participants]  # type: ignore[arg-type]
    emails: list[str] = []
    proven = proven_email(request)
    if proven:
        emails.append(proven)
        participants += [p for p in subject_for_email(proven).participants if p not in participants]
    return Subject(user=user, participants=participants, emails=emails)  # type: ignore[arg-type]


def proven_email(request: HttpRequest) -> str:
    """The e-mail this session proved with a code in the last half hour, or ""."""
    value = request.session.get(SESSION_EMAIL) if hasattr(request, "session") else None
    if not isinstance(value, dict):
        return ""
    try:
        at = datetime.fromisoformat(value["at"])
    except (KeyError, TypeError, ValueError):
        return ""
    if timezone.now() - at > timedelta(minutes=SESSION_EMAIL_MINUTES):
        return ""
    return str(value.get("email", ""))


def get_access_code(access_id: UUID) -> AccessCode:
    return get_object_or_404(AccessCode, pk=access_id)


@dataclass
class Section:
    holding: Holding
    columns: list[str]
    headers: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    files: list[tuple[str, Any]] = field(default_factory=list)  # (path in the ZIP, FieldFile)

    @property
    def key(self) -> str:
        return f"{self.holding.model}:{self.holding.subject or self.holding.by_email or 'found'}"


def collect(subject: Subject, *, using: Registry | None = None) -> list[Section]:
    """Everything the registry finds for the person, one section per holding (empty ones too)."""
    reg = using or registry
    sections = []
    for holding in reg.holdings:
        model = apps.get_model(holding.model)
        columns = list(holding.fields)
        section = Section(holding, columns, [_header(model, c) for c in columns])
        if subject:
            for row in reg.rows_for(holding, subject).order_by("pk"):
                section.rows.append({"id": str(row.pk), **{c: _value(row, c) for c in columns}})
                for name in holding.files:
                    stored = getattr(row, name)
                    if stored:
                        path = f"files/{model._meta.label_lower}/{row.pk}/{stored.name.rsplit('/', 1)[-1]}"
                        section.files.append((path, stored))
        sections.append(section)
    return sections


def _header(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name.replace("_", " ")


def _value(row: models.Model, name: str) -> Any:
    try:
        model_field = row._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(row, name)
    if model_field.many_to_many:
        return [str(o) for o in getattr(row, name).all()]
    if model_field.is_relation:
        related = getattr(row, name)
        if related is None:
            return None
        # Other people are never named in someone's export: only their random id.
        if isinstance(related, (User, GuestParticipant)):
            return {"id": str(related.pk)}
        return {"id": str(related.pk), "name": str(related)}
    if getattr(model_field, "choices", None):
        return {"value": getattr(row, name), "label": str(getattr(row, f"get_{name}_display")())}
    return getattr(row, getattr(model_field, "attname", name))


def export_zip(subject: Subject, *, using: Registry | None = None) -> bytes:
    """data.json (machine-readable, every registered item) and the person's files."""
    sections = collect(subject, using=using)
    document = {
        "generated_at": timezone.now(),
        "about": "Everything Cocreate holds about you, by kind of data (GDPR articles 15 and 20).",
        "items": {
            s.key: {
                "what": str(s.holding.label),
                "why": str(s.holding.purpose),
                "kept": str(s.holding.retention),
                "rows": s.rows,
            }
            for s in sections
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        for section in sections:
            for path, stored in section.files:
                try:
                    with stored.open("rb") as handle:
                        archive.writestr(path, handle.read())
                except OSError:
                    continue  # a file missing from storage: the JSON still names it
    return buffer.getvalue()


def notice_for(organisation: Organisation) -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(organisation=organisation).first()


def get_organisation(organisation_id: UUID) -> Organisation:
    """Any organisation: its privacy notice is public."""
    return get_object_or_404(Organisation, pk=organisation_id)


def processing_activities(using: Registry | None = None) -> list[dict[str, str]]:
    """The record of processing activities (GDPR art. 30), one line per kind of data."""
    reg = using or registry
    lines = []
    for h in reg.holdings:
        model = apps.get_model(h.model)
        lines.append(
            {
                "data": str(h.label),
                "purpose": str(h.purpose),
                "legal_basis": str(h.legal_basis),
                "subjects": _subjects(h, model),
                "categories": ", ".join(_header(model, f) for f in (*h.fields, *h.files)),
                "retention": str(h.retention),
                "on_erasure": h.erase.value,
                "table": model._meta.db_table,
            }
        )
    return lines


def _subjects(holding: Holding, model: type[models.Model]) -> str:
    from cocreate.privacy.registry import subject_model

    if holding.finder is not None or holding.by_email:
        return "e-mail"
    target = subject_model(model, holding.subject)
    return "guest" if target is GuestParticipant else "account"
