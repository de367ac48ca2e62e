"""Two principal components of a sparse, mean-filled, centred vote matrix.

Polis fills a missing vote with the statement's mean vote and centres every column. Filling with
the mean and then subtracting it leaves 0 wherever nobody voted, so the centred matrix has exactly
the sparsity of the votes: ``data - mean[column]`` on the stored entries. It is never densified.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from scipy.sparse.linalg import svds  # type: ignore[import-untyped,unused-ignore]

FloatArray = npt.NDArray[np.float64]

_SMALL_SIDE = (
    400  # below this many rows or columns an eigen-decomposition of the Gram matrix is exact and fast
)


def principal_components(
    centred: sp.csr_matrix,
    n_components: int,
    *,
    start: FloatArray | None = None,
    seed: int = 0,
    warm_iterations: int = 8,
) -> tuple[FloatArray, FloatArray]:
    """Return ``(axes, scores)``: a ``(n_components, n_columns)`` array of orthonormal principal
    axes and the rows' coordinates on them, ``centred @ axes.T``.

    With ``start`` (the axes of the previous run) a few block power iterations refine them; votes
    trickle in, so the axes move little between runs, and the last step gives the coordinates
    for free (a pass over every vote saved). Without it, an exact truncated SVD is used. Signs
    are fixed so that results are reproducible: aligned with ``start`` when given, else the
    largest entry of each axis is positive.
    """
    n_rows, n_cols = centred.shape
    rank = min(n_components, n_rows, n_cols)
    comps = np.zeros((n_components, n_cols))
    scores = np.zeros((n_rows, n_components))
    if rank == 0 or centred.nnz == 0 or not np.any(centred.data):
        return comps, scores
    found_scores: FloatArray | None = None
    if start is not None and start.shape == (n_components, n_cols) and np.all(np.any(start, axis=1)):
        found, found_scores = _block_power(centred, start[:rank].T, warm_iterations)
    elif min(n_rows, n_cols) <= _SMALL_SIDE:
        found = _gram_axes(centred, rank)
    else:
        rng = np.random.default_rng(seed)
        v0 = rng.standard_normal(min(n_rows, n_cols))
        _, sigma, vt = svds(centred, k=rank, v0=v0, tol=1e-6)
        order = np.argsort(-sigma)
        found = vt[order].T
    comps[:rank] = found.T
    scores[:, :rank] = found_scores if found_scores is not None else np.asarray(centred @ found)
    for i in range(rank):
        if start is not None and start.shape == comps.shape:
            flip = float(comps[i] @ start[i]) < 0
        else:
            flip = comps[i, int(np.argmax(np.abs(comps[i])))] < 0
        if flip:
            comps[i] = -comps[i]
            scores[:, i] = -scores[:, i]
    return comps, scores


def _gram_axes(centred: sp.csr_matrix, rank: int) -> FloatArray:
    """Exact axes from the eigenvectors of the small Gram matrix (columns × columns, or rows × rows
    mapped back through the data)."""
    n_rows, n_cols = centred.shape
    if n_cols <= n_rows:
        gram = np.asarray((centred.T @ centred).toarray())
        _, vectors = np.linalg.eigh(gram)
        return np.asarray(vectors[:, ::-1][:, :rank])
    gram = np.asarray((centred @ centred.T).toarray())
    _, vectors = np.linalg.eigh(gram)
    top = vectors[:, ::-1][:, :rank]
    axes = np.asarray(centred.T @ top)
    norms = np.linalg.norm(axes, axis=0)
    return np.asarray(axes / np.where(norms > 0, norms, 1.0))


def _block_power(centred: sp.csr_matrix, start: FloatArray, iterations: int) -> tuple[FloatArray, FloatArray]:
    """Subspace iteration from ``start`` columns; returns orthonormal columns sorted by variance
    and the rows' coordinates on them."""
    basis, _ = np.linalg.qr(start)
    for _ in range(iterations):
        new_basis, _ = np.linalg.qr(centred.T @ (centred @ basis))
        # Converged when the new subspace is (numerically) the old one.
        cosines = np.linalg.svd(new_basis.T @ basis, compute_uv=False)
        basis = new_basis
        if float(cosines.min()) > 1.0 - 1e-8:
            break
    # Rayleigh–Ritz: rotate the converged basis onto the principal axes within the subspace;
    # (centred @ basis) @ vt.T are then the coordinates on those axes.
    small = centred @ basis
    _, _, vt = np.linalg.svd(small, full_matrices=False)
    return np.asarray(basis @ vt.T), np.asarray(small @ vt.T)
