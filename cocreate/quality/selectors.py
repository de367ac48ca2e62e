"""Reads of Co-Master. Participants' answers are anonymous: only aggregates leave this module."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.shortcuts import get_object_or_404

from cocreate.accounts.models import User
from cocreate.accounts.selectors import organisations_for
from cocreate.assessments.results import AttributeResult, GroupResult, collection_result
from cocreate.core.i18n import translated
from cocreate.quality import shipped
from cocreate.quality.models import QualityAction, QualityAssessment
from cocreate.renewals.models import Renewal


def get_assessment_for(user: User, assessment_id: UUID) -> QualityAssessment:
    return get_object_or_404(
        QualityAssessment.objects.select_related(
            "renewal", "renewal__organisation", "organisers", "participants"
        ),
        pk=assessment_id,
        renewal__organisation__in=organisations_for(user),
    )


def get_action_for(user: User, action_id: UUID) -> QualityAction:
    return get_object_or_404(
        QualityAction.objects.select_related("assessment__renewal__organisation"),
        pk=action_id,
        assessment__renewal__organisation__in=organisations_for(user),
    )


def get_for_participants(assessment_id: UUID) -> QualityAssessment:
    """The participants' questionnaire is reached by its link alone (no account)."""
    return get_object_or_404(
        QualityAssessment.objects.select_related("renewal", "participants"), pk=assessment_id
    )


def current_for(renewal: Renewal) -> QualityAssessment | None:
    return renewal.quality_assessments.filter(cycle_number=renewal.cycle_number).first()


@dataclass(frozen=True)
class ViewRow:
    id: str
    name: str
    level: int
    is_leaf: bool
    organisers: AttributeResult
    participants: AttributeResult

    @property
    def differs(self) -> bool:
        """The two views are a full step or more apart (both known)."""
        a, b = self.organisers.score, self.participants.score
        if a is None or b is None or self.organisers.value is None or self.participants.value is None:
            return False
        return self.organisers.value != self.participants.value


@dataclass(frozen=True)
class TwoViews:
    organisers: GroupResult
    participants: GroupResult
    rows: list[ViewRow]

    def phase_rows(self) -> list[ViewRow]:
        return [r for r in self.rows if r.id in (shipped.ROOT, *shipped.PHASES)]


def two_views(assessment: QualityAssessment) -> TwoViews:
    organisers = collection_result(assessment.organisers)
    participants = collection_result(assessment.participants)
    rows = [
        ViewRow(
            id=att_id,
            name=organisers.attributes[att_id].name,
            level=organisers.attributes[att_id].level,
            is_leaf=organisers.attributes[att_id].is_leaf,
            organisers=organisers.attributes[att_id],
            participants=participants.attributes[att_id],
        )
        for att_id in organisers.order
    ]
    return TwoViews(organisers, participants, rows)


@dataclass(frozen=True)
class ImprovementArea:
    attribute: str
    name: str
    organisers: str
    participants: str
    ideas: list[tuple[str, str]]  # (title, body) from the shipped library
    urgency: int


def improvement_areas(views: TwoViews) -> list[ImprovementArea]:
    """Leaves not good in either view; the weakest first (bad in both, then bad in one …)."""
    library: dict[str, list[tuple[str, str]]] = {}
    for entry in shipped.MODEL.content.get("roadmap", []):
        library.setdefault(entry["attribute"], []).append(
            (translated(entry["title"]), translated(entry["body"]))
        )
    areas = []
    for row in views.rows:
        if not row.is_leaf:
            continue
        qualities = [row.organisers.quality, row.participants.quality]
        if all(q in ("good", "") for q in qualities):
            continue
        urgency = sum({"bad": 2, "neutral": 1}.get(q, 0) for q in qualities)
        areas.append(
            ImprovementArea(
                row.id,
                row.name,
                row.organisers.label,
                row.participants.label,
                library.get(row.id, []),
                urgency,
            )
        )
    return sorted(areas, key=lambda a: -a.urgency)
