"""k-means for base clusters and opinion groups, silhouettes, and the choice of group count."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Clustering:
    centers: FloatArray  # (k, d)
    labels: IntArray  # (n,) index into centers
    inertia: float


def _sq_distances(points: FloatArray, centers: FloatArray) -> FloatArray:
    d = np.zeros((points.shape[0], centers.shape[0]))
    for j in range(points.shape[1]):
        d += np.subtract.outer(points[:, j], centers[:, j]) ** 2
    return d


_CHUNK = 2048  # points per block of the (points, centers) score table: it stays in cache


def _nearest(points: FloatArray, centers: FloatArray) -> IntArray:
    # |x|² is the same for every center, so it can be left out of the argmin.
    # Written per dimension (d is 2 here) rather than as a matmul: a BLAS call per Lloyd step
    # spins up threads that only fight other work on a small machine.
    # Single precision halves the memory traffic of the score table; ties are harmless. The
    # table is built a block of points at a time in two reused buffers, so that it never
    # leaves the cache (the same arithmetic, in the same order, as one big table).
    x2 = 2.0 * points.astype(np.float32)
    c = centers.astype(np.float32)
    c2 = (c * c).sum(axis=1)
    n, k = x2.shape[0], c.shape[0]
    out = np.empty(n, dtype=np.int64)
    if n == 0:
        return out
    size = min(n, _CHUNK)
    score = np.empty((size, k), dtype=np.float32)
    term = np.empty((size, k), dtype=np.float32)
    for start in range(0, n, size):
        stop = min(n, start + size)
        block, tmp = score[: stop - start], term[: stop - start]
        block[:] = c2
        for j in range(x2.shape[1]):
            np.multiply.outer(x2[start:stop, j], c[:, j], out=tmp)
            np.subtract(block, tmp, out=block)
        out[start:stop] = np.argmin(block, axis=1)
    return out


def _plus_plus(points: FloatArray, weights: FloatArray, k: int, rng: np.random.Generator) -> FloatArray:
    n = points.shape[0]
    chosen = [int(rng.choice(n, p=weights / weights.sum()))]
    closest = _sq_distances(points, points[chosen]).min(axis=1)
    for _ in range(1, k):
        mass = closest * weights
        total = mass.sum()
        if total <= 0:
            break
        nxt = int(rng.choice(n, p=mass / total))
        chosen.append(nxt)
        closest = np.minimum(closest, _sq_distances(points, points[nxt : nxt + 1])[:, 0])
    return np.asarray(points[chosen], dtype=np.float64)


def _n_distinct(points: FloatArray) -> int:
    """The number of distinct rows (as ``np.unique(points, axis=0)`` counts them), by one
    lexicographic sort: several times faster than ``np.unique`` along an axis."""
    if points.shape[0] == 0:
        return 0
    ordered = points[np.lexsort(points.T[::-1])]
    return 1 + int(np.count_nonzero(np.any(ordered[1:] != ordered[:-1], axis=1)))


def _more_distinct_than(points: FloatArray, k: int) -> bool:
    """Whether ``points`` has more than ``k`` distinct rows. A prefix nearly always settles it,
    so a large conversation is not sorted in full on every run."""
    n = points.shape[0]
    if n <= k:
        return False
    if _n_distinct(points[: 4 * k + 1]) > k:
        return True
    return _n_distinct(points) > k


def _first_distinct(points: FloatArray, k: int) -> FloatArray:
    """The first ``k`` distinct points in data order: Polis's ``init-clusters`` (clusters.clj),
    deterministic, so that a fresh computation never depends on a random seed."""
    # A prefix with k distinct points holds the first k distinct points of the whole; double it
    # until it does (or it is the whole).
    size = 4 * k + 1
    while True:
        prefix = points[:size]
        _, first = np.unique(prefix, axis=0, return_index=True)
        if first.shape[0] >= k or size >= points.shape[0]:
            return np.asarray(prefix[np.sort(first)[:k]], dtype=np.float64)
        size *= 2


def _fill_most_distal(points: FloatArray, centers: FloatArray, k: int) -> FloatArray:
    """Polis's ``clean-start-clusters`` (clusters.clj): merge identical centers
    (``uniqify-clusters``), then, while fewer than ``k`` centers exist and distinct points allow,
    open a new cluster at the point farthest from every center (``most-distal``)."""
    _, keep = np.unique(centers, axis=0, return_index=True)
    centers = centers[np.sort(keep)]
    possible = k if _more_distinct_than(points, k) else _n_distinct(points)
    if centers.shape[0] >= possible:
        return np.asarray(centers[:k], dtype=np.float64)
    closest = (
        _sq_distances(points, centers).min(axis=1) if centers.shape[0] else np.full(points.shape[0], np.inf)
    )
    added = [centers]
    for _ in range(possible - centers.shape[0]):
        far = int(np.argmax(closest))
        if not closest[far] > 0:
            break
        added.append(points[far : far + 1])
        closest = np.minimum(closest, _sq_distances(points, points[far : far + 1])[:, 0])
    return np.asarray(np.vstack(added), dtype=np.float64)


def kmeans(
    points: FloatArray,
    k: int,
    *,
    weights: FloatArray | None = None,
    init: FloatArray | None = None,
    rng: np.random.Generator | None = None,
    max_iter: int = 100,
    tol: float = 0.01,
    seeding: str = "polis",
) -> Clustering:
    """Weighted Lloyd k-means, as Polis's ``kmeans`` (clusters.clj).

    Start: ``init`` (the previous run's centers, recentred by the caller) completed by
    ``_fill_most_distal``; without it the first ``k`` distinct points (``seeding="polis"``) or
    k-means++ from ``rng`` (``seeding="plusplus"``). Steps stop after ``max_iter`` or once no
    center moves by ``tol`` or more (Polis's ``same-clustering?``, threshold 0.01). Clusters that
    empty out are dropped (``cluster-step``), so fewer than ``k`` centers may come back; with at
    most ``k`` distinct points each distinct point is a cluster."""
    n = points.shape[0]
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    rng = rng if rng is not None else np.random.default_rng(0)
    if n == 0:
        return Clustering(np.zeros((0, points.shape[1])), np.zeros(0, dtype=np.int64), 0.0)
    if not _more_distinct_than(points, k):
        distinct, inverse = np.unique(points, axis=0, return_inverse=True)
        return Clustering(distinct.astype(np.float64), inverse.reshape(-1).astype(np.int64), 0.0)
    if init is not None and init.shape[0] > 0:
        centers = _fill_most_distal(points, np.asarray(init[:k], dtype=np.float64), k)
    elif seeding == "plusplus":
        centers = _plus_plus(points, w, k, rng)
    else:
        centers = _first_distinct(points, k)
    labels = np.full(n, -1, dtype=np.int64)
    settled: IntArray | None = None  # labels already computed from the final centers
    for _ in range(max_iter):
        new_labels = _nearest(points, centers)
        if np.array_equal(new_labels, labels):
            settled = new_labels
            break
        labels = new_labels
        previous_centers = centers
        mass = np.bincount(labels, weights=w, minlength=centers.shape[0])
        sums = np.stack(
            [
                np.bincount(labels, weights=w * points[:, j], minlength=centers.shape[0])
                for j in range(points.shape[1])
            ],
            axis=1,
        )
        alive = mass > 0
        centers = np.where(alive[:, None], sums / np.where(alive, mass, 1.0)[:, None], centers)
        shift = float(np.sqrt(((centers - previous_centers) ** 2).sum(axis=1))[alive].max())
        if not np.all(alive):
            # Drop empty clusters and relabel densely.
            remap = np.cumsum(alive) - 1
            centers = centers[alive]
            labels = remap[labels]
        if shift < tol:
            break
    labels = settled if settled is not None else _nearest(points, centers)
    used = np.unique(labels)
    if used.shape[0] < centers.shape[0]:
        remap = np.full(centers.shape[0], -1, dtype=np.int64)
        remap[used] = np.arange(used.shape[0])
        centers, labels = centers[used], remap[labels]
    inertia = float((((points - centers[labels]) ** 2).sum(axis=1) * w).sum())
    return Clustering(centers, labels, inertia)


def silhouette(distances: FloatArray, labels: IntArray, weights: FloatArray | None = None) -> float:
    """Mean silhouette over points (a point alone in its cluster scores 0, as in Polis).

    With ``weights`` each point stands for that many participants at its position (a base cluster):
    distances to a cluster and the final mean are weighted accordingly."""
    n = labels.shape[0]
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    k = int(labels.max()) + 1 if n else 0
    if k < 2:
        return 0.0
    onehot = np.zeros((n, k))
    onehot[np.arange(n), labels] = w
    sizes = onehot.sum(axis=0)
    sums = distances @ onehot  # (n, k): total (weighted) distance from each point to each cluster
    own = sizes[labels] - w
    a = np.where(own > 0, sums[np.arange(n), labels] / np.where(own > 0, own, 1.0), 0.0)
    means = sums / np.maximum(sizes, 1)
    means[np.arange(n), labels] = np.inf
    means[:, sizes == 0] = np.inf
    b = means.min(axis=1)
    denom = np.maximum(a, b)
    s = np.where((own > 0) & (denom > 0), (b - a) / np.where(denom > 0, denom, 1.0), 0.0)
    return float((s * w).sum() / w.sum())


def group_clusterings(
    centers: FloatArray,
    weights: FloatArray,
    ks: range,
    *,
    previous: dict[int, FloatArray] | None,
    rng: np.random.Generator,
    restarts: int = 0,
    max_iter: int = 20,
) -> dict[int, Clustering]:
    """Weighted k-means of the base-cluster centers for every k (Polis's ``:group-clusterings``
    in conversation.clj): one run per k, warm-started from that k's previous centers or else from
    the first k distinct base clusters. ``restarts`` > 0 adds that many k-means++ starts and keeps
    the lowest inertia (not Polis; makes the result depend on the seed)."""
    out: dict[int, Clustering] = {}
    for k in ks:
        best: Clustering | None = None
        starts: list[tuple[FloatArray | None, str]] = [
            (previous[k] if previous and k in previous else None, "polis")
        ]
        starts.extend([(None, "plusplus")] * restarts)
        for init, seeding in starts:
            c = kmeans(centers, k, weights=weights, init=init, rng=rng, max_iter=max_iter, seeding=seeding)
            if best is None or c.inertia < best.inertia - 1e-9 * max(1.0, abs(best.inertia)):
                best = c
        assert best is not None
        out[k] = best
    return out
