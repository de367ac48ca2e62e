"""The opinion pipeline: who is in, PCA, base clusters, opinion groups, statement statistics.

``compute_opinions`` is a pure function of a vote snapshot, parameters and (optionally) the state
returned by the previous run; passing that state back warm-starts PCA and both k-means levels and
keeps the number of groups from flipping on a handful of votes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped,unused-ignore]

from .clustering import Clustering, group_clusterings, kmeans, silhouette
from .pca import principal_components
from .statistics import (
    RepresentativeStatement,
    StatementStat,
    VoteCounts,
    consensus,
    divisiveness,
    group_aware_consensus,
    priority,
    representative_statements,
)
from .store import VoteMatrix, VoteStore

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class OpinionParams:
    min_votes: int = 7  # votes needed to be clustered (or every statement, if fewer)
    greedy_participants: int = 15  # below this many clustered, take the most active voters
    base_clusters: int = 100
    max_groups: int = 5
    group_k_buffer: int = 4  # runs a new best group count must win before it is adopted
    top: int = 5  # statements per list (representative, consensus, divisive)
    seed: int = 0
    group_restarts: int = 10
    base_iterations: int = 30
    pca_warm_iterations: int = 8
    # Current Polis zeroes a moderated-out statement's column instead of dropping it, so in the
    # sparsity scaling it counts as a pass by everyone (True reproduces its projection exactly).
    # By default a moderated-out statement simply does not exist for the math.
    moderated_as_passes: bool = False
    # Silhouette of the base clusters weighted by their sizes (a participant-level silhouette);
    # Polis weights every base cluster alike (False), which makes the group count noisier.
    weighted_silhouette: bool = True


@dataclass(frozen=True)
class OpinionState:
    """What a run remembers for the next one (warm starts and the group-count smoother)."""

    components: FloatArray
    base_centers: FloatArray
    group_centers: dict[int, FloatArray]
    in_conversation: BoolArray
    last_k: int
    last_k_count: int
    smoothed_k: int


@dataclass(frozen=True)
class Group:
    id: int
    members: IntArray  # participant indices
    center: FloatArray  # (2,) in the projection
    representative: list[RepresentativeStatement]


@dataclass(frozen=True)
class DivisiveStatement:
    statement: int
    score: float  # spread of (agree − disagree)/(seen + 2) between the groups


@dataclass(frozen=True)
class OpinionResult:
    n_participants: int
    n_statements: int
    in_conversation: BoolArray  # participants that were clustered
    center: FloatArray  # mean vote per statement
    components: FloatArray  # (2, n_statements)
    projection: FloatArray  # (n_participants, 2), sparsity-scaled
    base_labels: IntArray  # base cluster per participant, -1 when not clustered
    base_centers: FloatArray
    labels: IntArray  # opinion group per participant, -1 when not clustered
    groups: list[Group]
    silhouettes: dict[int, float]
    consensus: dict[str, list[StatementStat]]
    group_aware_consensus: FloatArray
    divisive: list[DivisiveStatement]
    extremity: FloatArray
    priorities: FloatArray
    state: OpinionState
    excluded: BoolArray = field(repr=False)  # moderated out or meta: left out of the math


def compute_opinions(
    votes: VoteStore | VoteMatrix,
    params: OpinionParams | None = None,
    previous: OpinionState | None = None,
) -> OpinionResult:
    p = params or OpinionParams()
    m = votes.matrix() if isinstance(votes, VoteStore) else votes
    rng = np.random.default_rng(p.seed)
    n_p, n_s = m.n_participants, m.n_statements
    indptr, indices = m.indptr, m.indices
    values = m.votes.astype(np.float64)
    excluded = m.moderated_out | m.meta

    col_n = np.bincount(indices, minlength=n_s).astype(np.float64)
    col_sum = np.bincount(indices, weights=values, minlength=n_s)
    center = np.where((col_n > 0) & ~excluded, col_sum / np.maximum(col_n, 1.0), 0.0)
    centred_data = values - center[indices]
    centred_data[excluded[indices]] = 0.0
    centred = sp.csr_matrix((centred_data, indices, indptr), shape=(n_p, n_s))

    start = _pad_columns(previous.components, n_s) if previous is not None else None
    components = principal_components(
        centred, 2, start=start, seed=p.seed, warm_iterations=p.pca_warm_iterations
    )

    # A participant who voted on few statements lands near the centre only for lack of data, so
    # the projection is scaled by sqrt(statements / votes), as Polis does.
    present = col_n > 0
    n_cols = int(present.sum())
    user_votes = np.diff(indptr).astype(np.int64)
    votes_on_excluded = np.bincount(
        np.repeat(np.arange(n_p), np.diff(indptr))[excluded[indices]], minlength=n_p
    )
    n_excluded = int((excluded & present).sum())
    if p.moderated_as_passes:
        scale = np.sqrt(n_cols / np.maximum(user_votes - votes_on_excluded + n_excluded, 1))
    else:
        scale = np.sqrt((n_cols - n_excluded) / np.maximum(user_votes - votes_on_excluded, 1))
    projection = np.asarray(centred @ components.T) * scale[:, None]

    in_conv = _in_conversation(user_votes, n_cols, p, previous)
    members = np.flatnonzero(in_conv)

    # Base clusters.
    base_init = previous.base_centers if previous is not None and previous.base_centers.size else None
    base = kmeans(projection[members], p.base_clusters, init=base_init, rng=rng, max_iter=p.base_iterations)
    base_labels = np.full(n_p, -1, dtype=np.int64)
    base_labels[members] = base.labels
    n_base = base.centers.shape[0]
    base_weights = np.bincount(base.labels, minlength=n_base).astype(np.float64)

    # Opinion groups from the base clusters.
    silhouettes: dict[int, float] = {}
    clusterings: dict[int, Clustering] = {}
    max_k = min(p.max_groups, 2 + n_base // 12)
    if n_base >= 2 and max_k >= 2:
        prev_groups = previous.group_centers if previous is not None else None
        # A warm start already sits in a good optimum: a few fresh starts suffice to escape it
        # when the data have really moved.
        restarts = p.group_restarts if prev_groups is None else max(1, p.group_restarts // 3)
        clusterings = group_clusterings(
            base.centers, base_weights, range(2, max_k + 1), previous=prev_groups, rng=rng, restarts=restarts
        )
        diff = base.centers[:, None, :] - base.centers[None, :, :]
        distances = np.sqrt((diff * diff).sum(axis=2))
        for k, c in clusterings.items():
            silhouettes[k] = silhouette(distances, c.labels, base_weights if p.weighted_silhouette else None)
        best = max(silhouettes.values())
        this_k = max(k for k, s in silhouettes.items() if s == best)  # ties: the larger, as Polis
    else:
        this_k = 1 if n_base >= 1 else 0
    last_k, last_k_count, smoothed_k = _smooth_k(this_k, previous, p.group_k_buffer)
    if smoothed_k not in clusterings:
        smoothed_k = this_k
    if smoothed_k in clusterings:
        chosen = clusterings[smoothed_k]
    elif n_base >= 1:
        weighted = (base.centers * base_weights[:, None]).sum(axis=0) / base_weights.sum()
        chosen = Clustering(weighted[None, :], np.zeros(n_base, dtype=np.int64), 0.0)
    else:
        chosen = Clustering(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), 0.0)
    chosen = _stable_ids(chosen, base_weights, previous.group_centers.get(smoothed_k) if previous else None)
    n_groups = chosen.centers.shape[0]

    labels = np.full(n_p, -1, dtype=np.int64)
    if members.size:
        labels[members] = chosen.labels[base.labels]

    # Statement statistics.
    total = VoteCounts(
        agree=np.bincount(indices, weights=(m.votes == 1).astype(np.float64), minlength=n_s).astype(
            np.float64
        ),
        disagree=np.bincount(indices, weights=(m.votes == -1).astype(np.float64), minlength=n_s).astype(
            np.float64
        ),
        seen=col_n,
    )
    group_counts = group_vote_counts(m, labels, n_groups)
    reps = representative_statements(group_counts, excluded, p.top)
    groups = [
        Group(id=g, members=np.flatnonzero(labels == g), center=chosen.centers[g], representative=reps[g])
        for g in range(n_groups)
    ]
    divisive_scores = np.where(excluded, 0.0, divisiveness(group_counts))
    order = np.argsort(-divisive_scores, kind="stable")
    divisive = [
        DivisiveStatement(int(j), float(divisive_scores[j])) for j in order[: p.top] if divisive_scores[j] > 0
    ]

    # Statement extremity: how far out a lone agree on the statement would project.
    extremity = np.sqrt(max(n_cols, 1)) * np.abs(1.0 - center) * np.linalg.norm(components, axis=0)
    group_total = (
        VoteCounts(
            group_counts.agree.sum(axis=0), group_counts.disagree.sum(axis=0), group_counts.seen.sum(axis=0)
        )
        if n_groups
        else total
    )
    priorities = np.where(m.moderated_out, 0.0, priority(group_total, extremity, m.meta))

    state = OpinionState(
        components=components,
        base_centers=base.centers,
        group_centers={k: (chosen.centers if k == smoothed_k else c.centers) for k, c in clusterings.items()},
        in_conversation=in_conv,
        last_k=last_k,
        last_k_count=last_k_count,
        smoothed_k=smoothed_k,
    )
    return OpinionResult(
        n_participants=n_p,
        n_statements=n_s,
        in_conversation=in_conv,
        center=center,
        components=components,
        projection=projection,
        base_labels=base_labels,
        base_centers=base.centers,
        labels=labels,
        groups=groups,
        silhouettes=silhouettes,
        consensus=consensus(total, excluded, p.top),
        group_aware_consensus=group_aware_consensus(group_counts),
        divisive=divisive,
        extremity=extremity,
        priorities=priorities,
        state=state,
        excluded=excluded,
    )


def next_statement(
    result: OpinionResult,
    votes: VoteStore | VoteMatrix,
    participant: int,
    rng: np.random.Generator | None = None,
) -> int | None:
    """The statement to show a participant next: never one they voted on or one moderated out.

    Without ``rng`` the highest priority wins (ties: the lowest index); with it, a statement is
    drawn with probability proportional to its priority, as Polis does, so that not every
    participant sees the same order. Statements newer than ``result`` get the priority of an
    unseen statement.
    """
    m = votes.matrix() if isinstance(votes, VoteStore) else votes
    n_s = m.n_statements
    prio = np.empty(n_s)
    known = min(n_s, result.priorities.shape[0])
    prio[:known] = result.priorities[:known]
    if known < n_s:
        fresh = VoteCounts(np.zeros(n_s - known), np.zeros(n_s - known), np.zeros(n_s - known))
        prio[known:] = priority(fresh, np.zeros(n_s - known), m.meta[known:])
    allowed = ~m.moderated_out
    if 0 <= participant < m.n_participants:
        allowed[m.indices[m.indptr[participant] : m.indptr[participant + 1]]] = False
    candidates = np.flatnonzero(allowed)
    if candidates.size == 0:
        return None
    weights = np.maximum(prio[candidates], 0.0)
    if rng is None or weights.sum() <= 0:
        return int(candidates[int(np.argmax(weights))])
    return int(rng.choice(candidates, p=weights / weights.sum()))


def group_vote_counts(votes: VoteMatrix, labels: IntArray, n_groups: int) -> VoteCounts:
    """Agree / disagree / seen counts per group (rows) and statement (columns); participants
    labelled -1 are left out. Feeding Polis's own groups here reproduces its repness and
    group-aware consensus exactly (see the tests)."""
    n_p, n_s = votes.n_participants, votes.n_statements
    grouped = np.flatnonzero(labels >= 0)
    onehot = sp.csr_matrix((np.ones(grouped.shape[0]), (labels[grouped], grouped)), shape=(n_groups, n_p))

    def count(mask: npt.NDArray[np.bool_]) -> FloatArray:
        matrix = sp.csr_matrix((mask.astype(np.float64), votes.indices, votes.indptr), shape=(n_p, n_s))
        return np.asarray((onehot @ matrix).toarray(), dtype=np.float64)

    return VoteCounts(
        agree=count(votes.votes == 1),
        disagree=count(votes.votes == -1),
        seen=count(np.ones(votes.votes.shape[0], dtype=bool)),
    )


def _pad_columns(components: FloatArray, n_s: int) -> FloatArray:
    if components.shape[1] >= n_s:
        return components[:, :n_s]
    return np.hstack([components, np.zeros((components.shape[0], n_s - components.shape[1]))])


def _in_conversation(
    user_votes: IntArray, n_cols: int, p: OpinionParams, previous: OpinionState | None
) -> BoolArray:
    n_p = user_votes.shape[0]
    in_conv = (user_votes >= min(p.min_votes, n_cols)) & (user_votes > 0)
    if previous is not None:
        keep = previous.in_conversation[:n_p]
        in_conv[: keep.shape[0]] |= keep
    missing = p.greedy_participants - int(in_conv.sum())
    if missing > 0:
        # Too few voters yet: take the most active others so that there is something to show.
        order = np.argsort(-user_votes, kind="stable")
        extra = [i for i in order if not in_conv[i] and user_votes[i] > 0][:missing]
        in_conv[extra] = True
    return in_conv


def _smooth_k(this_k: int, previous: OpinionState | None, buffer: int) -> tuple[int, int, int]:
    if previous is None:
        return this_k, 1, this_k
    count = previous.last_k_count + 1 if this_k == previous.last_k else 1
    smoothed = this_k if count >= buffer else previous.smoothed_k
    return this_k, count, smoothed


def _stable_ids(chosen: Clustering, weights: FloatArray, previous: FloatArray | None) -> Clustering:
    """Number groups the way the previous run did (nearest centers), else by size, largest first."""
    k = chosen.centers.shape[0]
    if k == 0:
        return chosen
    if previous is not None and previous.shape[0] == k:
        cost = ((chosen.centers[:, None, :] - previous[None, :, :]) ** 2).sum(axis=2)
        rows, cols = linear_sum_assignment(cost)
        new_id = np.empty(k, dtype=np.int64)
        new_id[rows] = cols
    else:
        size = np.bincount(chosen.labels, weights=weights, minlength=k)
        order = np.lexsort((chosen.centers[:, 0], -size))
        new_id = np.empty(k, dtype=np.int64)
        new_id[order] = np.arange(k)
    centers = np.empty_like(chosen.centers)
    centers[new_id] = chosen.centers
    return Clustering(centers, new_id[chosen.labels], chosen.inertia)
