"""Reading an evaluation: 0–100 figures, explanation, plus-minus, comparison, monotonicity.

* **0–100 figure** (:func:`score`): a value's position on its scale from worst (0) to best (100)
  in equal steps — on ``low / medium / high`` that is 0, 50, 100; descending scales are read from
  their worst end. A set of values (an answer with "don't know" somewhere below) scores the mean
  of its members, a distribution its expected figure; undefined scores None.
* **Explanation** (:func:`explain`): for each aggregate attribute, the children that *hold it
  down* — those whose one-step improvement alone would raise the attribute ("weakest links") —
  and the children whose value is marked bad or good on their scale.
* **Plus-minus** (:func:`plus_minus`): every input one step down and one step up, and the
  resulting value of each attribute that depends on it.
* **Comparison** (:func:`compare`): several evaluations side by side, attribute by attribute.
* **Monotonicity** (:func:`table_violations`, :func:`is_monotone`): a table is monotone when
  improving any one child never makes the result worse (for interval rules: neither bound gets
  worse). Unordered scales impose nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cocreate.engines.dex.evaluate import CompiledModel, Evaluation, compile_model, members
from cocreate.engines.dex.model import Attribute, Model, Order, Quality, Scale

# ---------------------------------------------------------------------------------------------
# 0–100


def score(value_scale: Scale, value: int | frozenset[int] | tuple[float, ...] | None) -> float | None:
    """The 0–100 figure of a value on its scale (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, int):
        return value_scale.score(value)
    if isinstance(value, frozenset):
        if not value:
            return None
        return sum(value_scale.score(v) for v in value) / len(value)
    total = sum(value)
    if total <= 0:
        return None
    return sum(p * value_scale.score(i) for i, p in enumerate(value)) / total


def scores(model: Model | CompiledModel, evaluation: Evaluation) -> dict[str, float | None]:
    """The 0–100 figure of every attribute of an evaluation."""
    cm = compile_model(model)
    return {att_id: score(cm.scales[p], evaluation.values[att_id]) for p, att_id in enumerate(cm.ids)}


def value_label(value_scale: Scale, value: frozenset[int]) -> str:
    """How a value set reads: ``"high"``, ``"low–medium"`` or ``"{low, high}"``, ``"*"`` for
    the whole scale, ``"undefined"`` for none."""
    if not value:
        return "undefined"
    vals = sorted(value)
    names = value_scale.names
    if len(vals) == 1:
        return names[vals[0]]
    if len(vals) == value_scale.size:
        return "*"
    if vals == list(range(vals[0], vals[-1] + 1)):
        return f"{names[vals[0]]}–{names[vals[-1]]}"
    return "{" + ", ".join(names[v] for v in vals) + "}"


# ---------------------------------------------------------------------------------------------
# monotonicity


@dataclass(frozen=True)
class Violation:
    """Improving ``child`` from the rule for ``args`` gives a worse result (rule for ``improved``)."""

    args: tuple[int, ...]
    child: int
    improved: tuple[int, ...]


def table_violations(att: Attribute) -> list[Violation]:
    """Where improving one child makes the attribute worse (empty: the table is monotone)."""
    if att.table is None or att.scale.order is Order.NONE:
        return []
    dims = att.dims
    low, high = att.table.low, att.table.high
    sign = 1 if att.scale.order is Order.ASCENDING else -1
    out: list[Violation] = []
    for args in itertools.product(*(range(d) for d in dims)):
        r = att.table.rule_index(dims, args)
        for k, child in enumerate(att.children):
            nxt = child.scale.step_up(args[k])
            if nxt is None:
                continue
            improved = (*args[:k], nxt, *args[k + 1 :])
            r2 = att.table.rule_index(dims, improved)
            if sign * (low[r2] - low[r]) < 0 or sign * (high[r2] - high[r]) < 0:
                out.append(Violation(args=args, child=k, improved=improved))
    return out


def is_monotone(att: Attribute) -> bool:
    return not table_violations(att)


def model_is_monotone(model: Model) -> bool:
    return all(is_monotone(i.attribute) for i in model.index())


# ---------------------------------------------------------------------------------------------
# explanation


@dataclass(frozen=True)
class AttributeExplanation:
    attribute: str
    value: frozenset[int]
    label: str
    quality: Quality | None  # the value's bad / neutral / good mark; None unless one value
    held_down_by: tuple[str, ...]  # children whose one-step improvement alone raises this attribute
    weak: tuple[str, ...]  # children whose value is marked bad
    strong: tuple[str, ...]  # children whose value is marked good
    complete: bool  # False when some child is uncertain, so held_down_by could not be worked out


def explain(model: Model | CompiledModel, evaluation: Evaluation) -> dict[str, AttributeExplanation]:
    """An explanation of every aggregate attribute (see the module docstring)."""
    cm = compile_model(model)
    out: dict[str, AttributeExplanation] = {}
    for p, att in enumerate(cm.attributes):
        if att.table is None:
            continue
        att_id = cm.ids[p]
        value = evaluation.values[att_id]
        child_ids = [cm.ids[c] for c in cm.children[p]]
        child_vals = [evaluation.crisp(c) for c in child_ids]
        weak = tuple(
            c
            for c, v, ch in zip(child_ids, child_vals, att.children, strict=True)
            if v is not None and ch.scale.values[v].quality is Quality.BAD
        )
        strong = tuple(
            c
            for c, v, ch in zip(child_ids, child_vals, att.children, strict=True)
            if v is not None and ch.scale.values[v].quality is Quality.GOOD
        )
        held: list[str] = []
        complete = all(v is not None for v in child_vals)
        if complete:
            args = tuple(v for v in child_vals if v is not None)
            rule = att.table.rule_index(att.dims, args)
            for k, child in enumerate(att.children):
                nxt = child.scale.step_up(args[k])
                if nxt is None:
                    continue
                r2 = att.table.rule_index(att.dims, (*args[:k], nxt, *args[k + 1 :]))
                if att.scale.better(att.table.low[r2], att.table.low[rule]) or att.scale.better(
                    att.table.high[r2], att.table.high[rule]
                ):
                    held.append(child_ids[k])
        single = next(iter(value)) if len(value) == 1 else None
        out[att_id] = AttributeExplanation(
            attribute=att_id,
            value=value,
            label=value_label(att.scale, value),
            quality=None if single is None else att.scale.values[single].quality,
            held_down_by=tuple(held),
            weak=weak,
            strong=strong,
            complete=complete,
        )
    return out


# ---------------------------------------------------------------------------------------------
# plus-minus


@dataclass(frozen=True)
class PlusMinus:
    """One input moved a step: the new value of every attribute depending on it.

    ``minus`` / ``plus`` are None when the input is already at the bottom / top of its scale,
    unordered, or not answered with one value.
    """

    input: str
    value: frozenset[int]
    minus: Mapping[str, frozenset[int]] | None
    plus: Mapping[str, frozenset[int]] | None


def plus_minus(model: Model | CompiledModel, evaluation: Evaluation) -> dict[str, PlusMinus]:
    cm = compile_model(model)
    base = np.array([[_mask(evaluation.values[i]) for i in cm.ids]], dtype=np.uint64)
    variants: list[tuple[str, str, int]] = []  # input id, "minus" / "plus", new value
    for att_id in cm.input_ids:
        v = evaluation.crisp(att_id)
        if v is None:
            continue
        s = cm.scales[cm.position[att_id]]
        for kind, nxt in (("minus", s.step_down(v)), ("plus", s.step_up(v))):
            if nxt is not None:
                variants.append((att_id, kind, nxt))
    rows = np.repeat(base, len(variants), axis=0)
    for r, (att_id, _, nxt) in enumerate(variants):
        rows[r, cm.position[att_id]] = np.uint64(1 << nxt)
    cm.evaluate_masks(rows)
    found: dict[tuple[str, str], dict[str, frozenset[int]]] = {}
    for r, (att_id, kind, _) in enumerate(variants):
        found[(att_id, kind)] = {
            a: members(int(rows[r, cm.position[a]])) for a in cm.index.dependants(att_id)
        }
    return {
        att_id: PlusMinus(
            input=att_id,
            value=evaluation.values[att_id],
            minus=found.get((att_id, "minus")),
            plus=found.get((att_id, "plus")),
        )
        for att_id in cm.input_ids
    }


def _mask(values: frozenset[int]) -> int:
    m = 0
    for v in values:
        m |= 1 << v
    return m


# ---------------------------------------------------------------------------------------------
# comparison


@dataclass(frozen=True)
class ComparisonRow:
    attribute: str
    name: str
    level: int
    values: tuple[frozenset[int], ...]
    labels: tuple[str, ...]
    scores: tuple[float | None, ...]
    best: tuple[int, ...]  # positions of the alternatives with the highest figure (empty if none)


@dataclass(frozen=True)
class Comparison:
    alternatives: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]


def compare(model: Model | CompiledModel, evaluations: Sequence[tuple[str, Evaluation]]) -> Comparison:
    """Named evaluations side by side, one row per attribute in tree order."""
    cm = compile_model(model)
    rows = []
    for p, info in enumerate(cm.index.infos):
        vals = tuple(e.values[info.id] for _, e in evaluations)
        figs = tuple(score(cm.scales[p], v) for v in vals)
        known = [f for f in figs if f is not None]
        top = max(known) if known else None
        rows.append(
            ComparisonRow(
                attribute=info.id,
                name=info.attribute.name,
                level=info.level,
                values=vals,
                labels=tuple(value_label(cm.scales[p], v) for v in vals),
                scores=figs,
                best=tuple(k for k, f in enumerate(figs) if top is not None and f == top),
            )
        )
    return Comparison(alternatives=tuple(name for name, _ in evaluations), rows=tuple(rows))
