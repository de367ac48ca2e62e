"""Sortition engine: LEXIMIN speed and quality on realistic synthetic pools and the published instances.

Pools come from ``cocreate.engines.sortition.synthetic`` (census-like marginals, skewed volunteering,
correlated features, households; quotas from census shares). When the GPL package
``sortition-algorithms`` is installed, its MAXIMIN (open-source HiGHS backend) runs on the same
instance for comparison; it is used here only, never by the engine.
"""

from __future__ import annotations

import contextlib
import io
import resource
import time
from pathlib import Path

import numpy as np

from benchmarks._table import Row
from cocreate.engines.sortition import Instance, find_lottery
from cocreate.engines.sortition.csv_format import read_instance
from cocreate.engines.sortition.synthetic import synthetic_instance

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "sortition"
NAME = "sortition"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _theirs_maximin(instance: Instance) -> tuple[float, np.ndarray] | None:
    """sortition-algorithms' MAXIMIN on the same instance: (seconds, per-person probabilities)."""
    try:
        from sortition_algorithms import Settings  # type: ignore[import-not-found, unused-ignore]
        from sortition_algorithms.committee_generation.maximin import (  # type: ignore[import-not-found, unused-ignore]
            find_distribution_maximin,
        )
        from sortition_algorithms.features import read_in_features  # type: ignore[import-not-found, unused-ignore]
        from sortition_algorithms.people import read_in_people  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    feature_rows = [
        {"feature": q.category, "value": q.value, "min": str(q.min), "max": str(q.max)}
        for q in instance.quotas
    ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], feature_rows)
    cats = list(instance.categories)
    people_rows = [
        {"id": p.id, **{c: p.features[c] for c in cats}, "household": p.household or f"solo-{p.id}"}
        for p in instance.people
    ]
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=True,
        check_same_address_columns=["household"],
    )
    people, _ = read_in_people(["id", *cats, "household"], people_rows, features, settings)
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        committees, weights, _ = find_distribution_maximin(
            features, people, instance.panel_size, ["household"], solver_backend="highspy"
        )
    seconds = time.perf_counter() - started
    index = {p.id: i for i, p in enumerate(instance.people)}
    probs = np.zeros(instance.n)
    for committee, w in zip(committees, weights, strict=True):
        for pid in committee:
            probs[index[pid]] += w
    return seconds, probs


def _leximin_dominates(ours: np.ndarray, theirs: np.ndarray, tol: float = 1e-6) -> bool:
    a, b = np.sort(ours), np.sort(theirs)
    for x, y in zip(a, b, strict=True):
        if x > y + tol:
            return True
        if x < y - tol:
            return False
    return True  # equal within tolerance


def _case(label: str, instance: Instance, target: float | None, compare: bool) -> list[Row]:
    rows: list[Row] = []
    started = time.perf_counter()
    lottery = find_lottery(instance, "leximin")
    seconds = time.perf_counter() - started
    p = lottery.probabilities
    low = float(p.min())
    at_low = int((p <= low + 1e-6).sum())
    case = f"leximin {label}"
    rows.append(
        Row(
            NAME,
            case,
            "time",
            seconds,
            "s",
            f"<= {target:g} s" if target else "",
            seconds <= target if target else None,
        )
    )
    rows.append(Row(NAME, case, "lowest probability", low))
    rows.append(Row(NAME, case, "people at lowest", at_low))
    rows.append(
        Row(
            NAME,
            case,
            "certificate gap",
            lottery.certificate.gap,
            "",
            "<= 1e-06",
            lottery.certificate.gap <= 1e-6,
        )
    )
    rows.append(
        Row(
            NAME,
            case,
            "types / panels",
            lottery.stats["types"],
            "",
            f"{int(lottery.stats['panels_generated'])} panels",
        )
    )
    peak = _peak_mb()
    rows.append(Row(NAME, case, "peak RSS so far", peak, "MB", "<= 1024 MB", peak <= 1024))
    if compare:
        theirs = _theirs_maximin(instance)
        if theirs is not None:
            t_sec, t_probs = theirs
            c = f"sortition-algorithms maximin {label}"
            rows.append(Row(NAME, c, "time", t_sec, "s"))
            rows.append(Row(NAME, c, "lowest probability", float(t_probs.min())))
            rows.append(
                Row(
                    NAME,
                    c,
                    "ours leximin-dominates",
                    float(_leximin_dominates(p, t_probs)),
                    "",
                    "1",
                    _leximin_dominates(p, t_probs),
                )
            )
    return rows


def _other_methods(label: str, instance: Instance) -> list[Row]:
    rows: list[Row] = []
    for method in ("maximin", "goldilocks", "nash"):
        started = time.perf_counter()
        lottery = find_lottery(instance, method, max_seconds=60.0)
        seconds = time.perf_counter() - started
        p = lottery.probabilities
        rows.append(Row(NAME, f"{method} {label}", "time", seconds, "s"))
        rows.append(
            Row(NAME, f"{method} {label}", "lowest / highest", float(p.min()), "", f"highest {p.max():.4f}")
        )
    return rows


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    rows += _case("200/20 seed 1", synthetic_instance(200, 20, seed=1), None, compare=True)
    small = DATA / "example_small_20"
    if small.is_dir():
        rows += _case("example_small_20 (n=200,k=20)", read_instance(small, 20), None, compare=False)
    if quick:
        return rows
    for seed in (1, 2):
        rows += _case(
            f"1000/40 seed {seed}", synthetic_instance(1000, 40, seed=seed), 15.0, compare=seed == 1
        )
    rows += _case("2000/100 seed 1", synthetic_instance(2000, 100, seed=1), 60.0, compare=False)
    # floor/ceil quotas (no slack): the hard case for our warm start, see the engine's README note
    rows += _case(
        "1000/40 tight quotas", synthetic_instance(1000, 40, seed=1, slack=0.0), 15.0, compare=False
    )
    large = DATA / "example_large_200"
    if large.is_dir():
        rows += _case("example_large_200 (n=2000,k=200)", read_instance(large, 200), 60.0, compare=False)
    rows += _other_methods("1000/40 seed 1", synthetic_instance(1000, 40, seed=1))
    return rows
