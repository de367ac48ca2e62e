"""Agreement between two partitions (for tests and benchmarks against known groups)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def _pairs(x: npt.NDArray[np.float64]) -> float:
    return float((x * (x - 1) / 2).sum())


def adjusted_rand_index(
    a: Sequence[int] | npt.NDArray[np.integer], b: Sequence[int] | npt.NDArray[np.integer]
) -> float:
    """Hubert–Arabie adjusted Rand index: 1 for identical partitions (up to renaming), ~0 by chance.

    NaN when fewer than two items are compared: there is no pair to agree or disagree on, and a
    comparison against an empty partition (say, groups that failed to load) must not pass as a
    perfect score. Callers check with ``math.isnan`` / ``np.isnan``; tests treat NaN as a failure
    because every comparison with NaN is false."""
    x = np.asarray(a)
    y = np.asarray(b)
    if x.shape != y.shape:
        raise ValueError("partitions must have the same length")
    n = x.shape[0]
    if n < 2:
        return float("nan")
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    table = np.zeros((int(xi.max()) + 1, int(yi.max()) + 1))
    np.add.at(table, (xi.reshape(-1), yi.reshape(-1)), 1.0)
    index = _pairs(table)
    rows = _pairs(table.sum(axis=1))
    cols = _pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))
