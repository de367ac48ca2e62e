"""Reads of Co-Ready that depend on who asks. A colleague's own answers are the only individual
answers anyone ever reads; everything else is the group's aggregate."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.selectors import organisations_for
from cocreate.assessments.models import Collection, Response
from cocreate.assessments.results import AttributeResult, GroupResult, collection_result
from cocreate.commitments.models import Commitment
from cocreate.readiness.models import ImprovementAction, RoadmapEntry, Round
from cocreate.readiness.shipped import CATEGORIES, ROOT
from cocreate.renewals.models import Renewal

BENCHMARK_MINIMUM = 5  # never compare with fewer organisations: a small group can reveal one


def rounds_of(user: User, organisation: Organisation) -> QuerySet[Round]:
    return (
        Round.objects.filter(organisation=organisation, organisation__in=organisations_for(user))
        .select_related("collection", "collection__version")
        .order_by("-created_at")
    )


def get_round_for(user: User, round_id: UUID) -> Round:
    return get_object_or_404(
        Round.objects.select_related("organisation", "collection", "collection__version"),
        pk=round_id,
        organisation__in=organisations_for(user),
    )


def own_response(round_: Round, user: User) -> Response | None:
    return round_.collection.responses.filter(respondent=user).first()


def submitted_count(round_: Round) -> int:
    return round_.collection.responses.filter(submitted_at__isnull=False).count()


def roadmap_for(result: GroupResult) -> list[tuple[str, str, list[RoadmapEntry]]]:
    """For every leaf not yet at its best, the library's ideas and practices:
    [(attribute id, attribute name, entries)] — the weakest first (marked bad), then those that
    hold their area down, then the rest, each group in questionnaire order."""
    held = {a for att in result.attributes.values() for a in att.held_down_by}

    def urgency(a: AttributeResult) -> int:
        return 0 if a.quality == "bad" else 1 if a.id in held else 2

    weak = sorted((a for a in result.leaves() if a.quality != "good"), key=urgency)
    entries: dict[str, list[RoadmapEntry]] = {}
    for entry in RoadmapEntry.objects.filter(attribute__in=[a.id for a in weak]):
        entries.setdefault(entry.attribute, []).append(entry)
    return [(a.id, a.name, entries.get(a.id, [])) for a in weak]


def latest_result(organisation: Organisation) -> tuple[Round, GroupResult] | None:
    """The organisation's latest Co-Ready result: its latest closed round (an open round is still
    collecting answers). None when no round has been closed yet."""
    latest = (
        Round.objects.filter(organisation=organisation, collection__status=Collection.Status.CLOSED)
        .select_related("collection", "collection__version")
        .order_by("-collection__closed_at", "-created_at")
        .first()
    )
    return (latest, collection_result(latest.collection)) if latest is not None else None


def is_low(result: GroupResult) -> bool:
    """Is the overall readiness low? The root's value among the lowest of its scale: the lowest
    one on a scale of up to three values (the shipped model's low / medium / high — "medium" means
    co-creation is possible with gaps to close, "low" that important conditions are missing), the
    lowest two on a longer scale. An uncertain root (too many "don't know") is not called low."""
    root = result.root
    if root.value is None:
        return False
    lowest = 1 if len(root.value_labels) <= 3 else 2
    return root.value < lowest


@dataclass(frozen=True)
class WeakArea:
    """A weak point of a Co-Ready result, with what the library suggests and what the
    organisation has already set out to do about it."""

    attribute: AttributeResult
    entries: list[RoadmapEntry]
    actions: list[ImprovementAction]


def weakest_areas(organisation: Organisation, result: GroupResult, *, limit: int = 3) -> list[WeakArea]:
    """What to fix first: the roadmap's most urgent points (marked bad first, then those holding
    their area down), each with its ideas and practices and the organisation's actions on it."""
    roadmap = roadmap_for(result)[:limit]
    actions: dict[str, list[ImprovementAction]] = {}
    for action in (
        organisation.readiness_actions.filter(attribute__in=[a for a, _n, _e in roadmap])
        .exclude(status=ImprovementAction.Status.DROPPED)
        .order_by("deadline")
    ):
        actions.setdefault(action.attribute, []).append(action)
    return [
        WeakArea(result.attributes[attribute], entries, actions.get(attribute, []))
        for attribute, _name, entries in roadmap
    ]


def actions_of(organisation: Organisation) -> QuerySet[ImprovementAction]:
    return organisation.readiness_actions.select_related("owner", "round").order_by("deadline")


@dataclass(frozen=True)
class ActionRow:
    """An improvement action with the commitment that took it over, if any, and that
    commitment's progress — what the roadmap shows next to the action."""

    action: ImprovementAction
    commitment: Commitment | None = None
    updates: int = 0
    last_update: datetime | None = None


def commitment_of(action: ImprovementAction) -> Commitment | None:
    """The commitment that took this action over (one at most: the service sees to it)."""
    return (
        Commitment.objects.filter(
            source_type=ContentType.objects.get_for_model(ImprovementAction), source_id=str(action.pk)
        )
        .order_by("created_at")
        .first()
    )


def action_rows(actions: Iterable[ImprovementAction]) -> list[ActionRow]:
    """Actions with their commitments, in two queries whatever the number of actions."""
    actions = list(actions)
    commitments = (
        Commitment.objects.filter(
            source_type=ContentType.objects.get_for_model(ImprovementAction),
            source_id__in=[str(a.pk) for a in actions],
        )
        .select_related("renewal")
        .annotate(n_updates=Count("updates"), last_update_at=Max("updates__created_at"))
        .order_by("-created_at")
    )
    by_source = {c.source_id: c for c in commitments}  # the oldest wins, as in commitment_of
    rows = []
    for action in actions:
        commitment = by_source.get(str(action.pk))
        rows.append(
            ActionRow(
                action=action,
                commitment=commitment,
                updates=getattr(commitment, "n_updates", 0),
                last_update=getattr(commitment, "last_update_at", None),
            )
        )
    return rows


def renewals_for_commitments(user: User, organisation: Organisation) -> list[Renewal]:
    """The organisation's renewals this person may add commitments to (an action becomes a
    commitment of one of them)."""
    renewals = Renewal.objects.filter(organisation=organisation, closed_at__isnull=True)
    return [r for r in renewals.order_by("title") if user.has_perm("commitments.manage", r)]


def history_of(user: User, organisation: Organisation) -> list[Round]:
    """Closed rounds, oldest first, with their snapshot figures."""
    return list(
        rounds_of(user, organisation)
        .filter(collection__status=Collection.Status.CLOSED)
        .order_by("created_at")
    )


@dataclass(frozen=True)
class CategoryPosition:
    attribute: str
    ours: float | None
    group_median: float | None
    percentile: float | None  # share of the comparison group below us (ties count half), 0–100


@dataclass(frozen=True)
class Benchmark:
    group_size: int
    enough: bool
    positions: list[CategoryPosition]


def latest_snapshots(
    exclude: Organisation, *, kind: str = "", size_band: str = "", country: str = ""
) -> list[dict[str, Any]]:
    """Latest closed round per other organisation matching the filters: snapshots only."""
    rounds = Round.objects.filter(collection__status=Collection.Status.CLOSED).exclude(organisation=exclude)
    if kind:
        rounds = rounds.filter(organisation__kind=kind)
    if size_band:
        rounds = rounds.filter(organisation__size_band=size_band)
    if country:
        rounds = rounds.filter(organisation__country=country)
    latest: dict[object, dict[str, Any]] = {}
    for org_id, snapshot in rounds.order_by("organisation_id", "-collection__closed_at").values_list(
        "organisation_id", "collection__result"
    ):
        latest.setdefault(org_id, snapshot)
    return list(latest.values())


def benchmark_for(
    organisation: Organisation, *, kind: str = "", size_band: str = "", country: str = ""
) -> Benchmark:
    own = (
        Round.objects.filter(organisation=organisation, collection__status=Collection.Status.CLOSED)
        .order_by("-collection__closed_at")
        .values_list("collection__result", flat=True)
        .first()
    )
    others = latest_snapshots(organisation, kind=kind, size_band=size_band, country=country)
    enough = len(others) >= BENCHMARK_MINIMUM
    positions = []
    for attribute in (ROOT, *CATEGORIES):
        ours = _figure(own, attribute)
        figures = [f for f in (_figure(s, attribute) for s in others) if f is not None]
        if not enough or not figures:
            positions.append(CategoryPosition(attribute, ours, None, None))
            continue
        percentile = None
        if ours is not None:
            below = sum(1 for f in figures if f < ours) + 0.5 * sum(1 for f in figures if f == ours)
            percentile = round(100 * below / len(figures))
        positions.append(CategoryPosition(attribute, ours, statistics.median(figures), percentile))
    return Benchmark(group_size=len(others), enough=enough, positions=positions)


def _figure(snapshot: dict[str, Any] | None, attribute: str) -> float | None:
    if not snapshot:
        return None
    value = snapshot.get("attributes", {}).get(attribute, {}).get("score")
    return float(value) if value is not None else None
