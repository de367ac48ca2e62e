"""A DEX model declared as data, and the one builder for every such declaration.

Our shipped models (Co-Ready, Co-Serve, Co-Master) are declared this way: a tree whose leaves are
questions on their own scales and whose inner attributes all share one scale, each inner table
made by :func:`~cocreate.engines.dex.builder.weighted_table` from weights, thresholds and
knock-out caps. A declaration says *what* the model is, with the reason for each weight beside
it; :meth:`ModelSpec.build` turns it into a validated :class:`~cocreate.engines.dex.Model`.

A declaration is written in TOML (:func:`parse_spec`)::

    name = "Readiness"
    root = "READY"
    inner_scale = "level"              # the scale of every inner attribute

    [scales]
    answer = { values = ["no", "partly", "yes"] }        # worst first
    level = { values = ["low", "medium", "high"] }

    [leaves]
    SPONSOR = { scale = "answer", description = "A senior sponsor" }
    BUDGET = { scale = "answer", description = "A budget" }

    [nodes.READY]
    description = "Ready to start"
    children = ["SPONSOR", "BUDGET"]   # leaves or other nodes, in the order they are asked
    weights = [2, 1]                   # default: equal
    thresholds = [0.25, 0.75]          # default: equal steps
    caps = { SPONSOR = "low" }         # SPONSOR at its worst keeps READY at "low"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cocreate.engines.dex.builder import build_model, leaf, node, scale, weighted_table
from cocreate.engines.dex.model import Attribute, DexModelError, Model, Scale


@dataclass(frozen=True)
class Leaf:
    """A basic attribute (one question); its id is its key in :attr:`ModelSpec.leaves`."""

    description: str
    scale: Scale


@dataclass(frozen=True)
class Node:
    """An inner attribute on the model's scale, its table a weighted mean of its children.

    ``children`` are leaf ids (strings) or nodes, in the order the questions are asked.
    ``weights`` default to equal; ``thresholds`` to equal steps (¼ and ¾ on three values).
    ``caps`` are the knock-out rules: ``{child id: k}`` keeps this attribute at rank k or below
    whenever that child is at its worst value.
    """

    id: str
    description: str
    children: Sequence[str | Node]
    weights: Sequence[float] | None = None
    thresholds: Sequence[float] | None = None
    caps: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelSpec:
    """A whole model: its name, the scale of every inner attribute, the leaves and the tree."""

    name: str
    scale: Scale
    leaves: Mapping[str, Leaf]
    root: Node
    description: str = ""

    def build(self) -> Model:
        """The validated model; raises :class:`DexModelError` naming the attribute at fault."""
        used: list[str] = []

        def make(child: str | Node) -> Attribute:
            if isinstance(child, Node):
                return self._node(child, [make(c) for c in child.children])
            spec = self.leaves.get(child)
            if spec is None:
                raise DexModelError(child, "is not a leaf of the model")
            if child in used:
                raise DexModelError(child, "is used twice")
            used.append(child)
            return leaf(child, spec.scale, spec.description)

        root = make(self.root)
        unused = [i for i in self.leaves if i not in used]
        if unused:
            raise DexModelError("", f"leaves not in the tree: {', '.join(unused)}")
        return build_model(self.name, root, description=self.description)

    def _node(self, spec: Node, children: list[Attribute]) -> Attribute:
        ids = [c.name for c in children]
        strangers = [c for c in spec.caps if c not in ids]
        if strangers:
            raise DexModelError(spec.id, f"caps name {', '.join(strangers)}, which are not its children")
        table = weighted_table(
            children,
            self.scale,
            weights=spec.weights,
            thresholds=spec.thresholds,
            floor_by={ids.index(child): cap for child, cap in spec.caps.items()},
        )
        return node(spec.id, self.scale, children, table, spec.description)


_KEYS = {
    "model": {"name", "description", "root", "inner_scale", "scales", "leaves", "nodes"},
    "scale": {"values", "descriptions"},
    "leaf": {"scale", "description"},
    "node": {"description", "children", "weights", "thresholds", "caps"},
}


def parse_spec(text: str) -> ModelSpec:
    """A model declared in TOML (see the module's docstring); raises :class:`DexModelError` naming
    the part of the declaration at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DexModelError("", f"the declaration is not valid TOML: {error}") from None
    _check_keys(data, "model", "the model")
    scales: dict[str, Scale] = {}
    for key, table in _tables(data, "scales").items():
        _check_keys(table, "scale", key)
        scales[key] = scale(*_get(table, "values", key), descriptions=table.get("descriptions"))
    inner = _scale_named(scales, _get(data, "inner_scale", "the model"), "inner_scale")
    leaves: dict[str, Leaf] = {}
    for leaf_id, table in _tables(data, "leaves").items():
        _check_keys(table, "leaf", leaf_id)
        leaves[leaf_id] = Leaf(
            table.get("description", ""), _scale_named(scales, _get(table, "scale", leaf_id), leaf_id)
        )
    nodes = _tables(data, "nodes")
    both = sorted(set(nodes) & set(leaves))
    if both:
        raise DexModelError("", f"ids used for a leaf and a node: {', '.join(both)}")
    reached: list[str] = []

    def make(node_id: str) -> Node:
        table = nodes[node_id]
        _check_keys(table, "node", node_id)
        if node_id in reached:
            raise DexModelError(node_id, "is used twice (or contains itself)")
        reached.append(node_id)
        caps = {}
        for child, value in table.get("caps", {}).items():
            index = inner.index(value)
            if index is None:
                raise DexModelError(
                    node_id, f"caps {child} at {value!r}, not one of {', '.join(inner.names)}"
                )
            caps[child] = inner.rank(index)
        return Node(
            node_id,
            table.get("description", ""),
            tuple(make(c) if c in nodes else c for c in _get(table, "children", node_id)),
            weights=table.get("weights"),
            thresholds=table.get("thresholds"),
            caps=caps,
        )

    root = _get(data, "root", "the model")
    if root not in nodes:
        raise DexModelError("", f"the root {root!r} is not one of the nodes")
    model = ModelSpec(
        name=_get(data, "name", "the model"),
        description=data.get("description", ""),
        scale=inner,
        leaves=leaves,
        root=make(root),
    )
    unreached = [n for n in nodes if n not in reached]
    if unreached:
        raise DexModelError("", f"nodes not in the tree: {', '.join(unreached)}")
    return model


def _get(table: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise DexModelError(where, f"{key!r} is missing")
    return table[key]


def _tables(data: Mapping[str, Any], key: str) -> dict[str, dict[str, Any]]:
    tables = _get(data, key, "the model")
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise DexModelError("", f"[{key}] must hold one table per entry")
    return tables


def _check_keys(table: Mapping[str, Any], kind: str, where: str) -> None:
    unknown = sorted(set(table) - _KEYS[kind])
    if unknown:
        raise DexModelError(
            where, f"unknown key(s) {', '.join(unknown)} (a {kind} has {', '.join(sorted(_KEYS[kind]))})"
        )


def _scale_named(scales: Mapping[str, Scale], key: str, where: str) -> Scale:
    if key not in scales:
        raise DexModelError(where, f"the scale {key!r} is not declared under [scales]")
    return scales[key]
