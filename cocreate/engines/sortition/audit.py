"""A JSON-serialisable record of one run, for the public transparency report and later checks."""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

import numpy as np

from .draw import Draw, UniformLottery
from .lottery import Lottery
from .model import Instance

# 1.3: exact rounding over all panels for small pools; 1.2: LEXIMIN by herding and an exact fit
ENGINE_VERSION = "1.3.0"


def canonical_input(instance: Instance) -> dict[str, Any]:
    return {
        "panel_size": instance.panel_size,
        "one_per_household": instance.one_per_household,
        "categories": list(instance.categories),
        "quotas": [[q.category, q.value, q.min, q.max] for q in instance.quotas],
        "people": [
            [p.id, [str(p.features[c]) for c in instance.categories], p.household] for p in instance.people
        ],
    }


def input_digest(instance: Instance) -> str:
    """sha256 of the canonical JSON of the input (people in input order, features in category order)."""
    text = json.dumps(canonical_input(instance), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _finite(x: float) -> float | None:
    """JSON has no infinity: a bound nobody proved is null."""
    return float(x) if math.isfinite(x) else None


def audit_record(
    instance: Instance,
    lottery: Lottery,
    *,
    draw: Draw | None = None,
    rounded: UniformLottery | None = None,
) -> dict[str, Any]:
    probs = lottery.probabilities
    groups = []
    for q in instance.quotas:
        mask = np.array([p.features[q.category] == q.value for p in instance.people], dtype=bool)
        sel = probs[mask]
        groups.append(
            {
                "category": q.category,
                "value": q.value,
                "min": q.min,
                "max": q.max,
                "people": int(mask.sum()),
                "expected_on_panel": float(sel.sum()),
                "lowest_probability": float(sel.min()) if len(sel) else None,
                "highest_probability": float(sel.max()) if len(sel) else None,
                "mean_probability": float(sel.mean()) if len(sel) else None,
            }
        )
    cert = lottery.certificate
    record: dict[str, Any] = {
        "engine": "cocreate.engines.sortition",
        "engine_version": ENGINE_VERSION,
        "input_sha256": input_digest(instance),
        "method": lottery.method,
        "panel_size": instance.panel_size,
        "one_per_household": instance.one_per_household,
        "quotas": [
            {"category": q.category, "value": q.value, "min": q.min, "max": q.max} for q in instance.quotas
        ],
        "certificate": {
            "status": cert.status,
            "status_meaning": cert.status_meaning,
            "tolerance": cert.tolerance,
            "gap": _finite(cert.gap),
            "bound": _finite(cert.bound),
            "rounds": cert.rounds,
            "stages": [
                {
                    "value": _finite(s.value),
                    "bound": _finite(s.bound),
                    "gap": _finite(s.gap),
                    "people": s.fixed_people,
                }
                for s in cert.stages
            ],
            "meaning": cert.meaning,
        },
        "lottery": {
            "panels": len(lottery.weights),
            "lowest_probability": float(probs.min()),
            "people_at_lowest": int((probs <= probs.min() + cert.tolerance).sum()),
            "highest_probability": float(probs.max()),
        },
        "probabilities": {pid: float(p) for pid, p in zip(lottery.person_ids, probs, strict=True)},
        "groups": groups,
        "stats": {k: float(v) for k, v in lottery.stats.items()},
    }
    if rounded is not None:
        record["rounding"] = {
            "panels": len(rounded.panels),
            "max_deviation": rounded.max_deviation,
            "within_one_panel": rounded.within_one_panel,
            "method": rounded.method,
            "proven_impossible": rounded.impossible,
        }
    if draw is not None:
        record["draw"] = {"seed": draw.seed, "panel_index": draw.panel_index, "panel": list(draw.person_ids)}
    return record
