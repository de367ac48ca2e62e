"""Reads of commitments that depend on who is asking. Public reads (pages, calendars, exports, the
API) all go through `public_commitments`, so none can show more than the public page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.accounts.selectors import organisations_for
from cocreate.alliances.models import Alliance
from cocreate.commitments import sources
from cocreate.commitments.models import Commitment, ProgressUpdate
from cocreate.renewals.models import Renewal


def commitments_visible_to(user: User | AnonymousUser) -> QuerySet[Commitment]:
    base = Commitment.objects.select_related("renewal", "alliance", "organisation", "responsible")
    if not isinstance(user, User) or not user.is_active:
        return base.none()
    if user.is_superuser:
        return base
    return base.filter(
        Q(renewal__organisation__in=organisations_for(user))
        | Q(alliance__secretariat=user)
        | Q(responsible=user)
    ).distinct()


def get_commitment_for(user: User | AnonymousUser, commitment_id: UUID) -> Commitment:
    try:
        return commitments_visible_to(user).get(pk=commitment_id)
    except (Commitment.DoesNotExist, ValueError):
        raise Http404 from None


def my_commitments(user: User) -> QuerySet[Commitment]:
    return commitments_visible_to(user).filter(responsible=user).order_by("deadline")


def by_source(sources: Iterable[models.Model]) -> dict[tuple[int, str], Commitment]:
    """The commitment made from each source (idea, finding, outcome, recommendation, action), keyed
    by (content type id, source pk as text); one query whatever the number of sources. Callers
    check what the asker may see (the commitment's visibility follows its owner)."""
    keys: dict[int, list[str]] = {}
    for source in sources:
        keys.setdefault(ContentType.objects.get_for_model(source).pk, []).append(str(source.pk))
    if not keys:
        return {}
    match = Q()
    for type_id, ids in keys.items():
        match |= Q(source_type_id=type_id, source_id__in=ids)
    found = Commitment.objects.filter(match).select_related("renewal", "alliance", "organisation")
    return {(c.source_type_id, c.source_id): c for c in found if c.source_type_id is not None}


def commitments_for(sources: Iterable[models.Model]) -> dict[Any, Commitment]:
    """{source pk: its commitment} for a list of sources (one query): what a source list shows as
    "Became commitment". The caller shows the staff link only to whom may see the commitment."""
    items = list(sources)
    found = by_source(items)
    out: dict[Any, Commitment] = {}
    for item in items:
        commitment = found.get((ContentType.objects.get_for_model(item).pk, str(item.pk)))
        if commitment is not None:
            out[item.pk] = commitment
    return out


def public_commitments_for(sources: Iterable[models.Model]) -> dict[Any, Commitment]:
    """{source pk: its commitment} where that commitment is public: what a public page shows."""
    return {pk: c for pk, c in commitments_for(sources).items() if c.is_public}


def commitment_for_source(source: models.Model) -> Commitment | None:
    return by_source([source]).get((ContentType.objects.get_for_model(source).pk, str(source.pk)))


def source_of(commitment: Commitment) -> models.Model | None:
    """What the commitment answers, or None (made by hand, or the source was deleted since)."""
    if commitment.source_type_id is None or not commitment.source_id:
        return None
    model = ContentType.objects.get_for_id(commitment.source_type_id).model_class()
    if model is None:
        return None
    try:
        return model._default_manager.filter(pk=commitment.source_id).first()
    except (ValueError, ValidationError):
        return None


def described_source(commitment: Commitment) -> sources.Described | None:
    """The source's description by its own room (its `commitment_source.py`), or None."""
    source = source_of(commitment)
    kind = sources.kind_of(source) if source is not None else None
    return kind.describe(source) if kind is not None and source is not None else None


def commitments_of(owner: Renewal | Alliance) -> QuerySet[Commitment]:
    """Every commitment, drafts included: for the people who run the process (views check the rule)."""
    commitments = Commitment.objects.select_related("organisation", "responsible")
    if isinstance(owner, Renewal):
        return commitments.filter(renewal=owner)
    return commitments.filter(alliance=owner)


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


def get_public_commitment(commitment_id: UUID) -> Commitment:
    try:
        return public_commitments().get(pk=commitment_id)
    except (Commitment.DoesNotExist, ValueError):
        raise Http404 from None


def public_commitments_of(owner: Renewal | Alliance) -> QuerySet[Commitment]:
    commitments = public_commitments()
    if isinstance(owner, Renewal):
        return commitments.filter(renewal=owner)
    return commitments.filter(alliance=owner)


def late_count(commitments: QuerySet[Commitment]) -> int:
    return commitments.filter(status__in=Commitment.OPEN_STATUSES, deadline__lt=timezone.localdate()).count()


def can_see_progress_update(user: User | AnonymousUser, update: ProgressUpdate) -> bool:
    """An update (and its evidence file) is seen by whoever may see its commitment."""
    pk = update.commitment_id
    return public_commitments().filter(pk=pk).exists() or commitments_visible_to(user).filter(pk=pk).exists()
