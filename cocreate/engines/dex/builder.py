"""A small API to define DEX models in Python; :mod:`.spec` declares whole models on top of it.

    yes_no = scale("no", "yes")                       # first value bad, last good
    lmh = scale("low", "medium", "high")
    a = leaf("Leadership sponsor", yes_no)
    b = leaf("Budget and staff time", lmh)
    capacity = node("Capacity", lmh, [a, b], weighted_table([a, b], lmh, weights=[2, 1]))
    model = build_model("Readiness", capacity)

``weighted_table`` turns a weighted-sum rule into a full, monotone decision table, so that tables
"make sense" without being typed out rule by rule; ``rules_table`` and ``function_table`` cover the
other cases.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from cocreate.engines.dex.model import (
    Alternative,
    Attribute,
    DecisionTable,
    DexModelError,
    Model,
    Order,
    Quality,
    Scale,
    ScaleValue,
)


def scale(
    *names: str,
    order: Order = Order.ASCENDING,
    qualities: Sequence[Quality] | None = None,
    descriptions: Sequence[str] | None = None,
) -> Scale:
    """A scale of the given value names, worst first on an ascending scale.

    Without ``qualities`` the worst value is marked bad and the best good (DEXi's default); a
    "reversed" yes/no criterion is simply ``scale("yes", "no")``.
    """
    n = len(names)
    if qualities is None:
        marks = [Quality.NEUTRAL] * n
        if n > 1 and order is not Order.NONE:
            worst, best = (0, n - 1) if order is Order.ASCENDING else (n - 1, 0)
            marks[worst], marks[best] = Quality.BAD, Quality.GOOD
        qualities = marks
    if len(qualities) != n or (descriptions is not None and len(descriptions) != n):
        raise DexModelError("", f"scale {names}: give one quality and one description per value")
    descs = descriptions if descriptions is not None else [""] * n
    return Scale(
        values=tuple(
            ScaleValue(name=v, description=d, quality=q)
            for v, d, q in zip(names, descs, qualities, strict=True)
        ),
        order=order,
    )


def leaf(name: str, value_scale: Scale, description: str = "") -> Attribute:
    return Attribute(name=name, scale=value_scale, description=description)


def node(
    name: str,
    value_scale: Scale,
    children: Sequence[Attribute],
    table: DecisionTable,
    description: str = "",
) -> Attribute:
    return Attribute(
        name=name, scale=value_scale, children=tuple(children), table=table, description=description
    )


def build_model(
    name: str,
    *roots: Attribute,
    description: str = "",
    alternatives: Sequence[Alternative] = (),
    linking: bool = False,
) -> Model:
    """A validated model; raises :class:`DexModelError` naming the attribute at fault."""
    model = Model(
        name=name,
        roots=tuple(roots),
        description=description,
        alternatives=tuple(alternatives),
        linking=linking,
    )
    model.validate()
    return model


def function_table(
    children: Sequence[Attribute], output: Scale, rule: Callable[[tuple[int, ...]], int]
) -> DecisionTable:
    """A crisp table whose rule for children's values ``args`` (indices) is ``rule(args)``."""
    values = []
    for args in itertools.product(*(range(c.scale.size) for c in children)):
        v = rule(args)
        if not 0 <= v < output.size:
            raise DexModelError(
                "", f"the rule for {args} gives {v}, outside the output scale 0..{output.size - 1}"
            )
        values.append(v)
    return DecisionTable.crisp(values)


def rules_table(
    children: Sequence[Attribute],
    output: Scale,
    rules: Mapping[tuple[int | str, ...], int | str],
) -> DecisionTable:
    """A table from explicit rules (indices or value names); every combination must be given."""
    norm: dict[tuple[int, ...], int] = {}
    for args, value in rules.items():
        if len(args) != len(children):
            raise DexModelError("", f"rule {args} has {len(args)} values, expected {len(children)}")
        key = tuple(_index(c.scale, a, c.name) for c, a in zip(children, args, strict=True))
        norm[key] = _index(output, value, "output")
    combos = list(itertools.product(*(range(c.scale.size) for c in children)))
    missing = [c for c in combos if c not in norm]
    if missing:
        raise DexModelError(
            "",
            f"the decision table has holes: {len(missing)} of {len(combos)} rules missing, "
            f"e.g. {missing[:3]}",
        )
    return DecisionTable.crisp([norm[c] for c in combos])


def _index(s: Scale, value: int | str, where: str) -> int:
    if isinstance(value, int):
        if not 0 <= value < s.size:
            raise DexModelError(where, f"value {value} is out of the scale 0..{s.size - 1}")
        return value
    idx = s.index(value)
    if idx is None:
        raise DexModelError(where, f"{value!r} is not a value of the scale ({', '.join(s.names)})")
    return idx


def weighted_table(
    children: Sequence[Attribute],
    output: Scale,
    weights: Sequence[float] | None = None,
    thresholds: Sequence[float] | None = None,
    floor_by: Mapping[int, int] | None = None,
) -> DecisionTable:
    """A monotone table from a weighted sum of the children's positions.

    Each child's value is read as its position from worst (0) to best (1) on its scale; the
    weighted mean of those positions (a number in [0, 1]) is cut by ``thresholds`` (ascending,
    one fewer than the output scale's values; default: equal steps, i.e. the mean is rounded to
    the nearest output step). ``floor_by`` caps the output: ``{child: k}`` means "when child is at
    its worst, the output is at most rank k" — the usual "a knock-out criterion holds the whole
    down" rule. Output values run worst to best along the output scale's order. The result is
    monotone: improving any child never lowers the output.
    """
    k = len(children)
    w = [1.0] * k if weights is None else [float(x) for x in weights]
    if len(w) != k or any(x < 0 for x in w) or sum(w) <= 0:
        raise DexModelError(
            "", f"weighted_table: need {k} non-negative weights with a positive sum, got {list(w)}"
        )
    m = output.size
    if thresholds is None:
        cuts = [(j + 0.5) / (m - 1) for j in range(m - 1)] if m > 1 else []
    else:
        cuts = [float(t) for t in thresholds]
        if len(cuts) != m - 1 or cuts != sorted(cuts):
            raise DexModelError("", f"weighted_table: need {m - 1} ascending thresholds, got {list(cuts)}")
    total = sum(w)
    eps = 1e-9  # so that a mean exactly on a threshold reaches it despite rounding

    def rule(args: tuple[int, ...]) -> int:
        mean = (
            sum(
                wi * (c.scale.rank(a) / (c.scale.size - 1) if c.scale.size > 1 else 1.0)
                for wi, c, a in zip(w, children, args, strict=True)
            )
            / total
        )
        rank = sum(1 for t in cuts if mean + eps >= t)
        for child, cap in (floor_by or {}).items():
            c = children[child]
            if c.scale.rank(args[child]) == 0:
                rank = min(rank, cap)
        return m - 1 - rank if output.order is Order.DESCENDING else rank

    return function_table(children, output, rule)
