"""Reads of panels. Personal data (contacts, answers) leaves this module only for the panel's
organisers (pool_rows); everything else is aggregate, with cells under 5 people hidden."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import Organisation, User
from cocreate.accounts.rules import is_org_staff
from cocreate.accounts.selectors import organisations_for
from cocreate.commitments import selectors as commitment_selectors
from cocreate.commitments.models import Commitment
from cocreate.panels.models import SMALL_CELL, Panel, Recommendation, Selection, Volunteer


def panels_of(user: User, organisation: Organisation) -> list[Panel]:
    return list(Panel.objects.filter(organisation=organisation, organisation__in=organisations_for(user)))


def get_panel_for(user: User, panel_id: UUID) -> Panel:
    return get_object_or_404(
        Panel.objects.select_related("organisation", "renewal"),
        pk=panel_id,
        organisation__in=organisations_for(user),
    )


def get_panel_by_link(panel_id: UUID) -> Panel:
    return get_object_or_404(Panel.objects.select_related("organisation"), pk=panel_id)


def latest_selection(panel: Panel) -> Selection | None:
    return panel.selections.first()


ON_PANEL = (Volunteer.Status.SELECTED, Volunteer.Status.CONFIRMED, Volunteer.Status.REPLACEMENT)


def pool_rows(panel: Panel, user: User) -> list[dict[str, Any]]:
    """Organisers only — the panel organisation's admins and staff, tested here and not through
    has_perm, because Django gives superusers every permission: a platform admin is not an
    organiser and never reads the pool."""
    if not is_org_staff.test(user, panel):
        raise PermissionDenied
    rows = []
    for v in panel.volunteers.order_by("created_at", "pk"):
        rows.append({"volunteer": v, "contact": v.contact, "answers": v.answers})
    return rows


@dataclass(frozen=True)
class CompositionRow:
    feature: str
    value: str
    minimum: int
    maximum: int
    target: float | None  # expected seats from the census share
    pool: str  # counts as text: a number, or "fewer than 5"
    panel: int
    met: bool


def _cell(n: int) -> str:
    return str(n) if n == 0 or n >= SMALL_CELL else f"< {SMALL_CELL}"


def composition(panel: Panel) -> list[CompositionRow]:
    volunteers = list(panel.volunteers.all())
    pool_counts: Counter[tuple[str, str]] = Counter()
    panel_counts: Counter[tuple[str, str]] = Counter()
    for v in volunteers:
        for name, answer in v.answers.items():
            pool_counts[(name, answer)] += 1
            if v.status in ON_PANEL:
                panel_counts[(name, answer)] += 1
    rows = []
    for feature in panel.features.prefetch_related("values"):
        for fv in feature.values.all():
            on_panel = panel_counts[(feature.name, fv.value)]
            rows.append(
                CompositionRow(
                    feature=feature.name,
                    value=fv.value,
                    minimum=fv.minimum,
                    maximum=fv.maximum,
                    target=round(fv.census_share / 100 * panel.size, 1)
                    if fv.census_share is not None
                    else None,
                    pool=_cell(pool_counts[(feature.name, fv.value)]),
                    panel=on_panel,
                    met=fv.minimum <= on_panel <= fv.maximum,
                )
            )
    return rows


def probability_summary(panel: Panel) -> dict[str, Any]:
    """The distribution of selection probabilities: lowest, highest, mean, and a histogram."""
    values = [
        float(p)
        for p in panel.volunteers.exclude(probability=None).values_list("probability", flat=True)
        if p is not None
    ]
    if not values:
        return {}
    bins = [0] * 10
    for p in values:
        bins[min(9, int(p * 10))] += 1
    fair = panel.size / len(values)
    return {
        "people": len(values),
        "lowest": min(values),
        "highest": max(values),
        "mean": sum(values) / len(values),
        "equal_share": fair,
        "histogram": [
            {"range": f"{i * 10}–{(i + 1) * 10} %", "people": _cell(n)} for i, n in enumerate(bins) if n
        ],
    }


def status_counts(panel: Panel) -> dict[str, int]:
    return dict(Counter(panel.volunteers.values_list("status", flat=True)))


# --- Recommendations and their answers --------------------------------------------------------------


def recommendations_are_public(panel: Panel) -> bool:
    """The public sees the recommendations once the organisation publishes them, on a panel whose
    report is public and whose renewal (if any) is public — never those of a private renewal."""
    return (
        panel.recommendations_published_at is not None
        and panel.is_public
        and (panel.renewal is None or panel.renewal.is_public)
    )


@dataclass(frozen=True)
class RecommendationView:
    """A recommendation as a page shows it. On a public page an answer not yet published reads as
    pending (no reason, no date), and a commitment shows only when it is public itself."""

    recommendation: Recommendation
    number: int
    title: str
    text: str
    votes: tuple[int | None, int | None, int | None] | None
    status: str
    status_label: str
    reason: str
    answered_at: datetime | None
    answer_published_at: datetime | None
    overdue: bool
    commitment: Commitment | None

    @property
    def is_answered(self) -> bool:
        return self.status != Recommendation.Status.PENDING


def recommendations_of(panel: Panel, public: bool) -> list[RecommendationView]:
    """The panel's recommendations in their order with each answer. `public=True`: nothing until
    they are published on a public panel and renewal; then only published answers and public
    commitments. `public=False` is for the panel's organisers: everything, drafts included."""
    if public and not recommendations_are_public(panel):
        return []
    recommendations = list(panel.recommendations.order_by("number"))
    for r in recommendations:
        r.panel = panel  # saves a query per row (is_overdue reads the panel's date)
    made = commitment_selectors.by_source(recommendations)
    type_id = ContentType.objects.get_for_model(Recommendation).pk
    rows = []
    for r in recommendations:
        shown = not public or r.answer_published_at is not None
        commitment = made.get((type_id, str(r.pk))) if shown else None
        if public and commitment is not None and not commitment.is_public:
            commitment = None
        status = r.status if shown else Recommendation.Status.PENDING
        rows.append(
            RecommendationView(
                recommendation=r,
                number=r.number,
                title=r.title,
                text=r.text,
                votes=(r.votes_for, r.votes_against, r.votes_abstain) if r.has_votes else None,
                status=status,
                status_label=str(Recommendation.Status(status).label),
                reason=r.reason if shown else "",
                answered_at=r.answered_at if shown else None,
                answer_published_at=r.answer_published_at,
                overdue=r.is_overdue,
                commitment=commitment,
            )
        )
    return rows


def get_recommendation_for(user: User, recommendation_id: UUID) -> Recommendation:
    return get_object_or_404(
        Recommendation.objects.select_related("panel__organisation", "panel__renewal"),
        pk=recommendation_id,
        panel__organisation__in=organisations_for(user),
    )


def answer_summary(rows: list[RecommendationView]) -> dict[str, int]:
    """How many are accepted, partly accepted, rejected, awaiting, overdue and unpublished."""
    counts = Counter(r.status for r in rows)
    return {
        "total": len(rows),
        "accepted": counts[Recommendation.Status.ACCEPTED],
        "partly": counts[Recommendation.Status.PARTLY],
        "rejected": counts[Recommendation.Status.REJECTED],
        "pending": counts[Recommendation.Status.PENDING],
        "overdue": sum(1 for r in rows if r.overdue),
        "unpublished": sum(1 for r in rows if r.is_answered and r.answer_published_at is None),
    }
