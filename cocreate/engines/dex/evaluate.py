"""Bottom-up evaluation of DEX models.

Two methods, both matching dexipy's results (see ``tests/test_parity.py``):

* **set** (the default): every attribute's result is a *set* of possible values. A crisp answer is
  a one-element set; "don't know" (:data:`UNKNOWN`) is the attribute's full range, so an unknown
  answer widens the result instead of pretending to be the lowest value. An aggregate's set is the
  union of its decision table's rules over all combinations of its children's sets. An empty set
  means undefined (an input given as ``None``), which propagates upwards as in DEXi.
* **prob**: every result is a probability distribution over the scale. Sets and "don't know" are
  read as uniform distributions, an interval rule spreads its weight evenly over the interval.

A continuous input (DEXiWin) is a number; its parent's discretisation turns it into a value set
when the responses are encoded ("don't know": every value the discretisation can give).

Models are compiled once (:class:`CompiledModel`): value sets travel as bit masks in ``uint64``
numpy arrays, and each decision table becomes a flat array indexed by ``sum(value_i * stride_i)``,
so that many responses evaluate in one vectorised pass (:meth:`CompiledModel.evaluate_masks`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from cocreate.engines.dex.model import (
    UNKNOWN,
    Attribute,
    DexModelError,
    Discretization,
    Model,
    ModelIndex,
    Scale,
    Value,
)

Masks = npt.NDArray[np.uint64]
_CHUNK = 4096  # rows per block when expanding uncertain rows over all rule combinations


@dataclass(frozen=True)
class Evaluation:
    """The result of evaluating one response: a value set for every attribute id.

    Continuous attributes have no values (an empty set); their numbers are in ``numbers``.
    """

    values: Mapping[str, frozenset[int]]
    numbers: Mapping[str, float | None] = field(default_factory=dict)

    def value(self, att_id: str) -> frozenset[int]:
        return self.values[att_id]

    def crisp(self, att_id: str) -> int | None:
        """The single value of ``att_id``, or None when the result is a set or undefined."""
        v = self.values[att_id]
        return next(iter(v)) if len(v) == 1 else None


@dataclass(frozen=True)
class _Aggregate:
    pos: int
    children: tuple[int, ...]
    strides: npt.NDArray[np.int64]
    rule_masks: Masks  # one bit mask per rule (the interval low..high)
    combos: Masks  # (rules, children): each rule's children's values, as shift amounts


def mask_of(values: Iterable[int]) -> int:
    m = 0
    for v in values:
        m |= 1 << v
    return m


def members(mask: int) -> frozenset[int]:
    return frozenset(i for i in range(mask.bit_length()) if mask >> i & 1)


class CompiledModel:
    """A model prepared for fast, repeated evaluation."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.index: ModelIndex = model.index()
        infos = self.index.infos
        self.ids: list[str] = [i.id for i in infos]
        self.position: dict[str, int] = {att_id: p for p, att_id in enumerate(self.ids)}
        self.attributes: list[Attribute] = [i.attribute for i in infos]
        self.scales: list[Scale] = [a.scale for a in self.attributes]
        self.input_ids: list[str] = self.index.input_ids
        self.input_positions: list[int] = [self.position[i] for i in self.input_ids]
        self.full_masks: list[int] = [(1 << s.size) - 1 for s in self.scales]
        self.links: dict[int, int] = {
            p: self.position[i.link] for p, i in enumerate(infos) if i.link is not None
        }
        children: list[list[int]] = [[] for _ in infos]
        for p, i in enumerate(infos):
            if i.parent is not None:
                children[self.position[i.parent]].append(p)
        self.children: list[tuple[int, ...]] = [tuple(c) for c in children]
        self.order: list[int] = self._evaluation_order()
        self.continuous: list[int] = [p for p, s in enumerate(self.scales) if s.continuous]
        self.discretizers: dict[int, tuple[int, Discretization]] = {
            p: (self.links.get(self.children[p][0], self.children[p][0]), att.discretize)
            for p, att in enumerate(self.attributes)
            if att.discretize is not None
        }
        self.aggregates: dict[int, _Aggregate] = {}
        for p, att in enumerate(self.attributes):
            if att.table is None:
                continue
            dims = att.dims
            strides = np.array([math.prod(dims[k + 1 :]) for k in range(len(dims))], dtype=np.int64)
            rule_masks = np.array(
                [
                    ((1 << (hi + 1)) - 1) ^ ((1 << lo) - 1)
                    for lo, hi in zip(att.table.low, att.table.high, strict=True)
                ],
                dtype=np.uint64,
            )
            combos = np.array(list(itertools.product(*(range(d) for d in dims))), dtype=np.uint64)
            self.aggregates[p] = _Aggregate(p, self.children[p], strides, rule_masks, combos)

    def _evaluation_order(self) -> list[int]:
        order: list[int] = []
        done: set[int] = set()

        def visit(p: int) -> None:
            if p in done:
                return
            done.add(p)
            if p in self.links:
                visit(self.links[p])
            for c in self.children[p]:
                visit(c)
            order.append(p)

        for p in range(len(self.ids)):
            if self.index.infos[p].parent is None:
                visit(p)
        return order

    # -- inputs ------------------------------------------------------------------------------

    def input_mask(self, att_id: str, value: Value) -> int:
        """The bit mask of one input value; raises :class:`DexModelError` naming the attribute."""
        p = self.position[att_id]
        scale = self.scales[p]
        path = self.index.infos[p].path
        if value is None:
            return 0
        if isinstance(value, bool):
            raise DexModelError(path, f"{value!r} is not a value of the scale; use an index or a value name")
        if isinstance(value, int):
            if not 0 <= value < scale.size:
                raise DexModelError(
                    path, f"value {value} is out of the scale 0..{scale.size - 1} ({', '.join(scale.names)})"
                )
            return 1 << value
        if isinstance(value, str):
            if value == UNKNOWN:
                return self.full_masks[p]
            idx = scale.index(value)
            if idx is None:
                raise DexModelError(path, f"{value!r} is not a value of the scale ({', '.join(scale.names)})")
            return 1 << idx
        if isinstance(value, frozenset | set):
            bad = sorted(v for v in value if not (isinstance(v, int) and 0 <= v < scale.size))
            if bad:
                raise DexModelError(path, f"value {bad[0]} is out of the scale 0..{scale.size - 1}")
            return mask_of(value)
        if isinstance(value, tuple):
            if len(value) > scale.size:
                raise DexModelError(path, f"a distribution of {len(value)} values on a scale of {scale.size}")
            return mask_of(i for i, x in enumerate(value) if x > 0)
        raise DexModelError(path, f"cannot read {value!r} as a value")

    def encode(self, responses: Sequence[Mapping[str, Value]]) -> Masks:
        """Responses (input id -> value) as an ``(n, attributes)`` mask matrix, inputs filled in."""
        masks = np.zeros((len(responses), len(self.ids)), dtype=np.uint64)
        for r, response in enumerate(responses):
            for key in response:
                if key not in self.position:
                    raise DexModelError(
                        "", f"the response names {key!r}, which is not an attribute of the model"
                    )
            for att_id, p in zip(self.input_ids, self.input_positions, strict=True):
                if att_id not in response:
                    raise DexModelError(
                        self.index.by_id[att_id].path, f'no answer given (use {UNKNOWN!r} for "don\'t know")'
                    )
                if p not in self.continuous:
                    masks[r, p] = self.input_mask(att_id, response[att_id])
            for p, (source, d) in self.discretizers.items():
                masks[r, p] = mask_of(self._discretized(d, self._number(response, source)))
        return masks

    def _number(self, response: Mapping[str, Value], p: int) -> float | str | None:
        """The number given for continuous input ``p`` (UNKNOWN or None allowed)."""
        value = response[self.ids[p]]
        if value is None or value == UNKNOWN:
            return None if value is None else UNKNOWN
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DexModelError(self.index.infos[p].path, f"{value!r} is not a number")
        return float(value)

    @staticmethod
    def _discretized(d: Discretization, x: float | str | None) -> frozenset[int]:
        if x is None:
            return frozenset()
        if isinstance(x, str):  # "don't know": whatever any number could give
            return frozenset().union(*d.values)
        return d.value(x)

    # -- evaluation --------------------------------------------------------------------------

    def evaluate_masks(self, masks: Masks) -> Masks:
        """Evaluate in place: ``masks`` has input columns set; aggregate and linked columns are filled."""
        for p in self.order:
            if p in self.links:
                masks[:, p] = masks[:, self.links[p]]
            elif p in self.aggregates:
                masks[:, p] = self._aggregate(self.aggregates[p], masks)
        return masks

    def _aggregate(self, agg: _Aggregate, masks: Masks) -> Masks:
        child = masks[:, list(agg.children)]
        single = (child != 0) & ((child & (child - np.uint64(1))) == 0)
        crisp = single.all(axis=1)
        out = np.zeros(masks.shape[0], dtype=np.uint64)
        if crisp.any():
            # log2 is exact on powers of two below 2**53; scales have at most 62 values
            vals = np.log2(child[crisp].astype(np.float64)).astype(np.int64)
            out[crisp] = agg.rule_masks[vals @ agg.strides]
        rows = np.flatnonzero(~crisp)
        for start in range(0, rows.size, _CHUNK):
            block = rows[start : start + _CHUNK]
            cm = child[block]
            hit = np.ones((block.size, agg.combos.shape[0]), dtype=bool)
            for k in range(cm.shape[1]):
                hit &= ((cm[:, k, None] >> agg.combos[None, :, k]) & np.uint64(1)).astype(bool)
            out[block] = np.bitwise_or.reduce(np.where(hit, agg.rule_masks[None, :], np.uint64(0)), axis=1)
        return out

    def evaluate(self, response: Mapping[str, Value]) -> Evaluation:
        return self.evaluate_many([response])[0]

    def evaluate_many(self, responses: Sequence[Mapping[str, Value]]) -> list[Evaluation]:
        masks = self.evaluate_masks(self.encode(responses))
        return [self.decode(row, response) for row, response in zip(masks, responses, strict=True)]

    def decode(self, row: Masks, response: Mapping[str, Value] | None = None) -> Evaluation:
        numbers: dict[str, float | None] = {}
        for p in self.continuous if response is not None else []:
            assert response is not None
            x = self._number(response, self.links.get(p, p))
            numbers[self.ids[p]] = x if isinstance(x, float) else None
        return Evaluation(
            values={att_id: members(int(m)) for att_id, m in zip(self.ids, row, strict=True)}, numbers=numbers
        )

    # -- probabilistic -----------------------------------------------------------------------

    def evaluate_prob(self, response: Mapping[str, Value]) -> dict[str, tuple[float, ...] | None]:
        """Distributions per attribute (None where undefined); see the module docstring."""
        masks = self.encode([response])  # also validates the response
        dist: dict[int, tuple[float, ...] | None] = {}
        for p in self.order:
            size = self.scales[p].size
            if p in self.links:
                dist[p] = dist[self.links[p]]
            elif p in self.aggregates:
                dist[p] = self._aggregate_prob(p, dist)
            elif p in self.discretizers:
                dist[p] = _input_distribution(members(int(masks[0, p])), self.scales[p], size)
            elif p in self.continuous:
                dist[p] = None
            else:
                dist[p] = _input_distribution(response[self.ids[p]], self.scales[p], size)
        return {self.ids[p]: dist[p] for p in range(len(self.ids))}

    def _aggregate_prob(
        self, p: int, dist: Mapping[int, tuple[float, ...] | None]
    ) -> tuple[float, ...] | None:
        att = self.attributes[p]
        assert att.table is not None
        inputs = [dist[c] for c in self.children[p]]
        if any(d is None for d in inputs):
            return None
        supports = [[(i, x) for i, x in enumerate(d) if x > 0] for d in inputs if d is not None]
        out = [0.0] * att.scale.size
        strides = self.aggregates[p].strides.tolist()
        for combo in itertools.product(*supports):
            weight = math.prod(x for _, x in combo)
            rule = sum(i * s for (i, _), s in zip(combo, strides, strict=True))
            lo, hi = att.table.low[rule], att.table.high[rule]
            share = weight / (hi - lo + 1)
            for v in range(lo, hi + 1):
                out[v] += share
        return _normalised(out)


def _input_distribution(value: Value, scale: Scale, size: int) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return _normalised([float(x) for x in value] + [0.0] * (size - len(value)))
    if isinstance(value, str):
        value = frozenset(range(size)) if value == UNKNOWN else scale.index(value)
    if isinstance(value, int):
        return tuple(1.0 if i == value else 0.0 for i in range(size))
    assert isinstance(value, frozenset | set)
    return _normalised([1.0 if i in value else 0.0 for i in range(size)])


def _normalised(values: list[float]) -> tuple[float, ...] | None:
    total = sum(values)
    if total <= 0:
        return None
    return tuple(v / total for v in values)


def compile_model(model: Model | CompiledModel) -> CompiledModel:
    return model if isinstance(model, CompiledModel) else CompiledModel(model)


def evaluate(model: Model | CompiledModel, response: Mapping[str, Value]) -> Evaluation:
    """Evaluate one response (input id -> value) by the set method."""
    return compile_model(model).evaluate(response)


def evaluate_many(model: Model | CompiledModel, responses: Sequence[Mapping[str, Value]]) -> list[Evaluation]:
    return compile_model(model).evaluate_many(responses)


def evaluate_prob(
    model: Model | CompiledModel, response: Mapping[str, Value]
) -> dict[str, tuple[float, ...] | None]:
    return compile_model(model).evaluate_prob(response)
