"""DEX engine: qualitative multi-criteria models (DEXi / DEXiWin) — read, write, evaluate, explain.

Pure Python + numpy, no Django. Typical use::

    from cocreate.engines import dex

    model = dex.read_dxi("car.dxi")                      # or dex.build_model(...) (see builder, spec)
    compiled = dex.CompiledModel(model)                  # once per model
    ev = compiled.evaluate({"BUY.PRICE": "low", "MAINT.PRICE": 1, "#PERS": dex.UNKNOWN, ...})
    ev.values["CAR"]                                     # frozenset of value indices
    dex.scores(compiled, ev)["CAR"]                      # 0–100 figure
    dex.explain(compiled, ev)["CAR"].held_down_by        # weakest links
    group = dex.aggregate(compiled, [ev1, ev2, ev3])     # consensus and disagreement

Attributes are addressed by id (their name, made unique with ``_1``, ``_2`` … suffixes).
Inputs: a value index, a value name, a set of indices, ``UNKNOWN`` ("don't know" = the full
range), a distribution (for ``evaluate_prob``), a number (continuous attributes), or None
(undefined).
"""

from cocreate.engines.dex.aggregate import AttributeSummary, GroupResult, aggregate, aggregate_masks
from cocreate.engines.dex.analysis import (
    AttributeExplanation,
    Comparison,
    ComparisonRow,
    PlusMinus,
    Violation,
    compare,
    explain,
    is_monotone,
    model_is_monotone,
    plus_minus,
    score,
    scores,
    table_violations,
    value_label,
)
from cocreate.engines.dex.builder import (
    build_model,
    function_table,
    leaf,
    node,
    rules_table,
    scale,
    weighted_table,
)
from cocreate.engines.dex.dxi import parse_dxi, read_dxi, to_dxi, write_dxi
from cocreate.engines.dex.evaluate import (
    CompiledModel,
    Evaluation,
    compile_model,
    evaluate,
    evaluate_many,
    evaluate_prob,
)
from cocreate.engines.dex.model import (
    UNKNOWN,
    Alternative,
    Attribute,
    DecisionTable,
    DexModelError,
    Discretization,
    Model,
    Order,
    Quality,
    Scale,
    ScaleValue,
    Value,
)

__all__ = [
    "UNKNOWN",
    "Alternative",
    "Attribute",
    "AttributeExplanation",
    "AttributeSummary",
    "Comparison",
    "ComparisonRow",
    "CompiledModel",
    "DecisionTable",
    "DexModelError",
    "Discretization",
    "Evaluation",
    "GroupResult",
    "Model",
    "Order",
    "PlusMinus",
    "Quality",
    "Scale",
    "ScaleValue",
    "Value",
    "Violation",
    "aggregate",
    "aggregate_masks",
    "build_model",
    "compare",
    "compile_model",
    "evaluate",
    "evaluate_many",
    "evaluate_prob",
    "explain",
    "function_table",
    "is_monotone",
    "leaf",
    "model_is_monotone",
    "node",
    "parse_dxi",
    "plus_minus",
    "read_dxi",
    "rules_table",
    "scale",
    "score",
    "scores",
    "table_violations",
    "to_dxi",
    "value_label",
    "weighted_table",
    "write_dxi",
]
