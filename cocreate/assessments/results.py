"""Results of stored answers, computed with the DEX engine. Pure reads: no writes, no access
control (callers pass objects they fetched through a selector)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cocreate.assessments.models import DONT_KNOW, Collection, ModelVersion
from cocreate.engines import dex


def engine_response(version: ModelVersion, answers: Mapping[str, str]) -> dict[str, dex.Value]:
    """Stored answers → engine input. Unanswered and "don't know" both mean the full range,
    so a half-filled questionnaire never reads as "no"."""
    out: dict[str, dex.Value] = {}
    for att_id in version.compiled.input_ids:
        answer = answers.get(att_id)
        out[att_id] = dex.UNKNOWN if answer in (None, "", DONT_KNOW) else str(answer)
    return out


def evaluate(version: ModelVersion, answers: Mapping[str, str]) -> dex.Evaluation:
    return version.compiled.evaluate(engine_response(version, answers))


@dataclass(frozen=True)
class AttributeResult:
    id: str
    name: str
    description: str
    level: int  # 1 = root
    is_leaf: bool
    value: int | None  # consensus value index (None when uncertain)
    label: str  # its label, or a range such as "low – medium"
    quality: str  # "bad" / "neutral" / "good" / "" (uncertain)
    score: float | None  # 0–100
    disagreement: bool
    counts: tuple[int, ...]  # respondents per value, worst first in scale order
    value_labels: tuple[str, ...]
    uncertain: int
    held_down_by: tuple[str, ...]  # attribute ids whose one-step improvement alone raises this one


@dataclass(frozen=True)
class PlusMinusEffect:
    input: str
    input_name: str
    step: str  # "plus" or "minus"
    root_before: str
    root_after: str


@dataclass(frozen=True)
class GroupResult:
    respondents: int
    attributes: dict[str, AttributeResult]
    order: list[str]  # tree order
    children_of: dict[str, list[str]]
    improvements: list[PlusMinusEffect]  # one step up on an input that would raise the root

    @property
    def root(self) -> AttributeResult:
        return self.attributes[self.order[0]]

    def children(self, attribute_id: str) -> list[AttributeResult]:
        return [self.attributes[a] for a in self.children_of.get(attribute_id, [])]

    def leaves(self) -> list[AttributeResult]:
        return [a for a in (self.attributes[i] for i in self.order) if a.is_leaf]


def _label(version: ModelVersion, att_id: str, values: frozenset[int]) -> str:
    if not values:
        return ""
    ordered = sorted(values)
    if len(ordered) == 1:
        return version.value_label(att_id, ordered[0])
    return f"{version.value_label(att_id, ordered[0])} – {version.value_label(att_id, ordered[-1])}"


def group_result(version: ModelVersion, responses: Iterable[Mapping[str, str]]) -> GroupResult:
    """The group's result: consensus per input (engine's aggregate rule), the consensus evaluated
    through the model, per-attribute distribution and disagreement, explanation and what-if."""
    compiled = version.compiled
    evaluations = [evaluate(version, answers) for answers in responses]
    group = dex.aggregate(compiled, evaluations) if evaluations else None
    consensus_input = (
        group.consensus_response(compiled.input_ids)
        if group
        else dict.fromkeys(compiled.input_ids, dex.UNKNOWN)
    )
    consensus = compiled.evaluate(consensus_input)
    figures = _figures(compiled, consensus)
    explanation = dex.explain(compiled, consensus)
    attributes: dict[str, AttributeResult] = {}
    children: dict[str, list[str]] = {}
    for info in compiled.index.infos:
        att = info.attribute
        if info.parent:
            children.setdefault(info.parent, []).append(info.id)
        values = consensus.value(info.id)
        value = next(iter(values)) if len(values) == 1 else None
        summary = group.attributes[info.id] if group else None
        quality = att.scale.values[value].quality.name.lower() if value is not None else ""
        attributes[info.id] = AttributeResult(
            id=info.id,
            name=version.attribute_name(info.id),
            description=version.attribute_description(info.id),
            level=info.level,
            is_leaf=att.is_leaf,
            value=value,
            label=_label(version, info.id, values),
            quality=quality,
            score=figures.get(info.id),
            disagreement=bool(summary and summary.disagreement),
            counts=tuple(summary.counts) if summary else tuple(0 for _ in att.scale.values),
            value_labels=tuple(version.value_label(info.id, i) for i in range(att.scale.size)),
            uncertain=summary.uncertain if summary else 0,
            held_down_by=explanation[info.id].held_down_by if info.id in explanation else (),
        )
    root_id = compiled.ids[0]
    improvements = []
    for input_id, pm in dex.plus_minus(compiled, consensus).items():
        if pm.plus and pm.plus.get(root_id) not in (None, consensus.value(root_id)):
            improvements.append(
                PlusMinusEffect(
                    input=input_id,
                    input_name=version.attribute_name(input_id),
                    step="plus",
                    root_before=_label(version, root_id, consensus.value(root_id)),
                    root_after=_label(version, root_id, pm.plus[root_id]),
                )
            )
    return GroupResult(
        respondents=len(evaluations),
        attributes=attributes,
        order=list(compiled.ids),
        children_of=children,
        improvements=improvements,
    )


def _figures(compiled: dex.CompiledModel, evaluation: dex.Evaluation) -> dict[str, float | None]:
    """The 0–100 figure of every attribute, for charts and benchmarks.

    A leaf's figure is its position on its scale (worst 0, best 100). An aggregate's figure stays
    inside the band of its DEX value — with n values, value v covers [v/n, (v+1)/n] of the range —
    and its place in the band is the mean figure of the leaves beneath it. So the figure never
    contradicts the model's verdict (every "high" is above every "medium") yet tells two "medium"
    organisations apart. Uncertain values have no figure.
    """
    leaf_figures = dex.scores(compiled, evaluation)
    leaves_under: dict[str, list[str]] = {}
    for info in reversed(compiled.index.infos):
        children = compiled.index.children_ids(info.id)
        leaves_under[info.id] = (
            [leaf for c in children for leaf in leaves_under[c]] if children else [info.id]
        )
    figures: dict[str, float | None] = {}
    for info in compiled.index.infos:
        values = evaluation.value(info.id)
        if info.attribute.is_leaf or len(values) != 1:
            figures[info.id] = leaf_figures.get(info.id) if len(values) == 1 else None
            continue
        scale = info.attribute.scale
        rank = scale.rank(next(iter(values)))
        known = [f for f in (leaf_figures.get(leaf) for leaf in leaves_under[info.id]) if f is not None]
        within = sum(known) / (100 * len(known)) if known else 0.5
        figures[info.id] = round(100 * (rank + within) / scale.size, 1)
    return figures


def collection_result(collection: Collection) -> GroupResult:
    answers = [r.answers for r in collection.responses.filter(submitted_at__isnull=False)]
    return group_result(collection.version, answers)


def snapshot(result: GroupResult) -> dict[str, Any]:
    """What a closed collection keeps: aggregate figures only, never who answered what."""
    return {
        "respondents": result.respondents,
        "attributes": {
            a.id: {"value": a.value, "score": a.score, "disagreement": a.disagreement}
            for a in result.attributes.values()
        },
    }
