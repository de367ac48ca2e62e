"""DEX engine (Co-Ready / Co-Serve / Co-Master assessments): evaluate and aggregate many responses.

A readiness-sized model — 3 categories, 2 sub-groups each, 24 leaves on yes/no, three- and
five-value scales — answered by random respondents (5 % "don't know"). Measured: the whole path
from answer dictionaries to the group summary (encode, evaluate, aggregate), and one response
with its explanation and plus-minus, as a page would ask for it.
"""

from __future__ import annotations

import random
import time

from benchmarks._table import Row
from cocreate.engines.dex import (
    UNKNOWN,
    CompiledModel,
    Model,
    Value,
    aggregate_masks,
    build_model,
    explain,
    leaf,
    node,
    plus_minus,
    scale,
    weighted_table,
)

TARGET_PER_SECOND = 10_000  # 10,000 responses in under a second


def readiness_sized_model() -> Model:
    yes_no, reversed_yes_no = scale("no", "yes"), scale("yes", "no")
    lmh = scale("low", "medium", "high")
    five = scale("none", "low", "some", "good", "strong")
    four = scale("weak", "emerging", "ready", "leading")
    categories = []
    for c in range(3):
        groups = []
        for g in range(2):
            leaves = [
                leaf(f"Q{c + 1}.{g + 1}.{k + 1}", [yes_no, lmh, five, reversed_yes_no][k]) for k in range(4)
            ]
            groups.append(node(f"G{c + 1}.{g + 1}", lmh, leaves, weighted_table(leaves, lmh, [2, 1, 1, 1])))
        categories.append(node(f"C{c + 1}", lmh, groups, weighted_table(groups, lmh)))
    return build_model(
        "readiness", node("Readiness", four, categories, weighted_table(categories, four, [2, 1, 1]))
    )


def random_responses(cm: CompiledModel, n: int, seed: int = 1) -> list[dict[str, Value]]:
    rng = random.Random(seed)
    sizes = [cm.scales[p].size for p in cm.input_positions]
    return [
        {
            att_id: (UNKNOWN if rng.random() < 0.05 else rng.randrange(size))
            for att_id, size in zip(cm.input_ids, sizes, strict=True)
        }
        for _ in range(n)
    ]


def run(quick: bool) -> list[Row]:
    cm = CompiledModel(readiness_sized_model())
    rows: list[Row] = []
    for n in [1_000] if quick else [1_000, 10_000]:
        responses = random_responses(cm, n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            masks = cm.evaluate_masks(cm.encode(responses))
            aggregate_masks(cm, masks)
            best = min(best, time.perf_counter() - start)
        case = f"readiness 24 leaves, {n} responses"
        target, met = ("<= 1 s", best <= 1.0) if n == 10_000 else ("", None)
        rows.append(Row("assessments", case, "evaluate + aggregate", best, "s", target=target, met=met))
        per_second = n / best
        rows.append(
            Row(
                "assessments",
                case,
                "responses per second",
                per_second,
                "1/s",
                target=f">= {TARGET_PER_SECOND}",
                met=per_second >= TARGET_PER_SECOND,
            )
        )
    one = random_responses(cm, 1, seed=2)[0]
    start = time.perf_counter()
    repeats = 50
    for _ in range(repeats):
        ev = cm.evaluate(one)
        explain(cm, ev)
        plus_minus(cm, ev)
    rows.append(
        Row(
            "assessments",
            "one response",
            "evaluate + explain + plus-minus",
            (time.perf_counter() - start) / repeats * 1000,
            "ms",
        )
    )
    return rows
