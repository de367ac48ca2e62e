"""The one shape every benchmark reports in, and the table `make bench` prints.

Each benchmark module in this folder defines ``run(quick: bool) -> list[Row]``. ``quick`` asks
for the small cases only (used to smoke-test the scripts); the full run measures every case the
issues name. Figures are measured here and now: no row may carry a number it did not measure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    benchmark: str  # e.g. "sortition"
    case: str  # e.g. "leximin 1000/40 seed 1"
    metric: str  # e.g. "time", "lowest probability", "p95 latency"
    value: float
    unit: str = ""  # "s", "MB", "req/s", "" for a ratio
    target: str = ""  # human-readable target, e.g. "<= 15 s"
    met: bool | None = None  # None when the row has no target


def format_table(rows: list[Row]) -> str:
    header = ("benchmark", "case", "metric", "value", "target", "met")
    lines = [header]
    for r in rows:
        value = f"{r.value:.4g} {r.unit}".strip()
        met = "" if r.met is None else ("yes" if r.met else "NO")
        lines.append((r.benchmark, r.case, r.metric, value, r.target, met))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
