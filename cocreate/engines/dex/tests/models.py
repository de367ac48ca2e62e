"""Models and generators shared by the DEX engine's tests."""

from __future__ import annotations

import random
from pathlib import Path

from cocreate.engines.dex import (
    UNKNOWN,
    Alternative,
    Attribute,
    DecisionTable,
    Model,
    Order,
    Value,
    build_model,
    leaf,
    node,
    scale,
    weighted_table,
)

DATA = Path(__file__).parent / "data"
DEXIPY_MODELS = [
    "car.dxi",
    "car2.dxi",
    "linked.dxi",
    "dozen.dxi",
    "continuous.dxi",
    "continuous_old.dxi",
    "continuous_no_alt.dxi",
]

YES_NO = scale("no", "yes")
REVERSED = scale("yes", "no")  # "no" is the favourable answer
LMH = scale("low", "medium", "high")


def readiness_like(categories: int = 3, groups: int = 2, leaves_per_group: int = 4) -> Model:
    """A readiness-shaped model: root -> categories -> sub-groups -> leaves (3 x 2 x 4 = 24 leaves)."""
    five = scale("none", "low", "some", "good", "strong")
    cats = []
    for c in range(categories):
        subs = []
        for g in range(groups):
            kids = [
                leaf(f"Q{c + 1}.{g + 1}.{k + 1}", [YES_NO, LMH, five, REVERSED][k % 4])
                for k in range(leaves_per_group)
            ]
            weights = [1 + (k % 3) for k in range(leaves_per_group)]
            subs.append(node(f"G{c + 1}.{g + 1}", LMH, kids, weighted_table(kids, LMH, weights)))
        cats.append(node(f"C{c + 1}", LMH, subs, weighted_table(subs, LMH)))
    four = scale("weak", "emerging", "ready", "leading")
    root = node(
        "Readiness", four, cats, weighted_table(cats, four, [2, 1, 1][:categories] + [1] * (categories - 3))
    )
    return build_model("Readiness (test)", root)


def random_model(rng: random.Random, *, monotone: bool = False, intervals: bool = True) -> Model:
    """A random model of depth up to 3, scales of 2-4 values, some descending."""
    counter = [0]

    def random_scale() -> tuple[str, ...]:
        return tuple(f"v{i}" for i in range(rng.randint(2, 4)))

    def make(depth: int) -> Attribute:
        counter[0] += 1
        name = f"A{counter[0]}"
        order = Order.DESCENDING if rng.random() < 0.2 else Order.ASCENDING
        s = scale(*random_scale(), order=order)
        if depth >= 3 or (depth > 0 and rng.random() < 0.35):
            return leaf(name, s)
        kids = [make(depth + 1) for _ in range(rng.randint(1, 3))]
        if monotone:
            table = weighted_table(kids, s, [rng.randint(0, 3) + 0.5 for _ in kids])
        else:
            n = 1
            for k in kids:
                n *= k.scale.size
            low = [rng.randrange(s.size) for _ in range(n)]
            high = [
                min(s.size - 1, lo + (rng.randint(0, 1) if intervals and rng.random() < 0.2 else 0))
                for lo in low
            ]
            table = DecisionTable(low=tuple(low), high=tuple(high))
        return node(name, s, kids, table)

    return build_model("random", make(0))


def random_alternatives(
    rng: random.Random, model: Model, n: int, *, unknown: float = 0.15
) -> list[Alternative]:
    index = model.index()
    alts = []
    for k in range(n):
        values: dict[str, Value] = {}
        for att_id in index.input_ids:
            s = index.by_id[att_id].attribute.scale
            size = s.size
            if s.continuous:  # bounds exactly, to test which interval they belong to, and between
                values[att_id] = rng.choice([-2.0, -1.0, -0.5, 0.0, 0.25, 1.0, 1.5, 3.0, None])
                continue
            roll = rng.random()
            if roll < unknown:
                values[att_id] = UNKNOWN
            elif roll < unknown * 1.5 and size > 2:
                values[att_id] = frozenset(rng.sample(range(size), 2))
            else:
                values[att_id] = rng.randrange(size)
        alts.append(Alternative(name=f"alt{k + 1}", values=values))
    return alts
