"""The opinion pipeline: who is in, PCA, base clusters, opinion groups, statement statistics.

``compute_opinions`` is a pure function of a vote snapshot, parameters and (optionally) the state
returned by the previous run; passing that state back warm-starts PCA and both k-means levels and
keeps the number of groups from flipping on a handful of votes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped,unused-ignore]
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped,unused-ignore]

from .clustering import Clustering, group_clusterings, kmeans, silhouette
from .pca import principal_components
from .statistics import (
    GroupConsensus,
    RepresentativeStatement,
    StatementStat,
    VoteCounts,
    consensus,
    divisiveness,
    group_aware_consensus,
    group_informed_consensus,
    priority,
    representative_statements,
)
from .store import VoteMatrix, VoteStore

FloatArray = npt.NDArray[np.float64]
_RESTART_STREAM = 20140101
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class OpinionParams:
    """Every default is Polis's (math/src/polismath/math/conversation.clj unless named otherwise);
    docs/decisions/0013-polis-method.md explains each and the measured effect of the options."""

    # ``:in-conv``: clustered once a participant has voted (any vote, passes and votes on
    # moderated statements included: ``:user-vote-counts`` reads the raw matrix) on
    # min(7, statements with votes); "once in, always in" through ``previous``.
    min_votes: int = 7
    greedy_participants: int = 15  # ``greedy-n``: below 15 clustered, add the most active voters
    base_clusters: int = 100  # ``:base-k``
    max_groups: int = 5  # ``:max-k``, further capped by ``max-k-fn`` at 2 + base clusters / 12
    group_k_buffer: int = 4  # ``:group-k-buffer`` of ``:group-k-smoother``
    top: int = 5  # statements per list (representative, consensus, divisive)
    seed: int = 0  # only used by the non-Polis options (k-means++ restarts, a large SVD's start)
    base_iterations: int = 100  # ``:base-iters``
    # ``:group-clusterings`` passes ``:cluster-iters``, which ``clusters/kmeans`` does not read:
    # group k-means runs with its default ``max-iters`` of 20.
    group_iterations: int = 20
    # Not Polis: extra k-means++ starts per group count, lowest inertia kept (0 = Polis, one
    # deterministic run from the previous centers or the first distinct base clusters).
    group_restarts: int = 0
    pca_warm_iterations: int = 8
    # ``:rating-mat`` zeroes a moderated-out statement's column (``nm/zero-out-columns``) rather
    # than dropping it, so in the sparsity scaling it counts as everyone's pass. False drops it.
    moderated_as_passes: bool = True
    # ``clusters/silhouette`` averages over base clusters with equal weight (False); True weights
    # each base cluster by its members (a participant-level silhouette). Not Polis.
    weighted_silhouette: bool = False


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
    # Base cluster of every participant (-1: none), so that the next run recentres each base
    # cluster on its members' new positions, as Polis's ``safe-recenter-clusters`` does.
    base_labels: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


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
    consensus: dict[str, list[StatementStat]]  # the whole population's (Polis's ``:consensus``)
    group_consensus: dict[str, list[GroupConsensus]]  # every group leans that way
    group_aware_consensus: FloatArray
    group_counts: VoteCounts  # agree / disagree / seen per group (rows) and statement
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
    # Restarts draw from a fixed stream: results are a function of the votes (and the previous
    # state), never of a seed.
    rng = np.random.default_rng(_RESTART_STREAM)
    n_p, n_s = m.n_participants, m.n_statements
    indptr, indices = m.indptr, m.indices
    excluded = m.moderated_out | m.meta
    any_excluded = bool(excluded.any())
    # Every per-vote pass below runs over millions of entries on a large conversation, so each is
    # made once: the row of every vote, and agree / disagree / pass counts per statement from
    # one bincount of (statement, vote) codes.
    rows = np.repeat(np.arange(n_p, dtype=np.int64), np.diff(indptr))
    codes = m.votes.astype(np.int64) + 1  # 0 disagree, 1 pass, 2 agree
    total = _vote_counts(indices.astype(np.int64) * 3 + codes, 1, n_s)
    col_n = total.seen
    col_sum = total.agree - total.disagree
    center = np.where((col_n > 0) & ~excluded, col_sum / np.maximum(col_n, 1.0), 0.0)
    centred_data = m.votes - center[indices]
    if any_excluded:
        centred_data[excluded[indices]] = 0.0
    centred = sp.csr_matrix((centred_data, indices, indptr), shape=(n_p, n_s))

    start = _pad_columns(previous.components, n_s) if previous is not None else None
    components, scores = principal_components(
        centred, 2, start=start, seed=p.seed, warm_iterations=p.pca_warm_iterations
    )

    # A participant who voted on few statements lands near the centre only for lack of data, so
    # the projection is scaled by sqrt(statements / votes), as Polis does.
    present = col_n > 0
    n_cols = int(present.sum())
    user_votes = np.diff(indptr).astype(np.int64)
    votes_on_excluded = (
        np.bincount(rows[excluded[indices]], minlength=n_p) if any_excluded else np.zeros(n_p, dtype=np.int64)
    )
    n_excluded = int((excluded & present).sum())
    if p.moderated_as_passes:
        scale = np.sqrt(n_cols / np.maximum(user_votes - votes_on_excluded + n_excluded, 1))
    else:
        scale = np.sqrt((n_cols - n_excluded) / np.maximum(user_votes - votes_on_excluded, 1))
    projection = scores * scale[:, None]

    in_conv = _in_conversation(user_votes, n_cols, p, previous)
    members = np.flatnonzero(in_conv)

    # Base clusters (``:base-clusters``): k-means of the clustered participants' projections,
    # warm-started from the previous base clusters recentred on their members' new positions.
    base_init = _recentred_base_centers(projection, members, previous)
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
        clusterings = group_clusterings(
            base.centers,
            base_weights,
            range(2, max_k + 1),
            previous=prev_groups,
            rng=rng,
            restarts=p.group_restarts,
            max_iter=p.group_iterations,
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
    group_counts = _group_counts(labels, rows, indices, codes, n_groups, n_s)
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
        base_labels=base_labels,
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
        # Before anyone is clustered the whole population stands in for the one group.
        group_consensus=group_informed_consensus(
            group_counts if n_groups else _as_one_group(total), excluded, p.top
        ),
        group_aware_consensus=group_aware_consensus(group_counts),
        group_counts=group_counts,
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
    rows = np.repeat(np.arange(votes.n_participants, dtype=np.int64), np.diff(votes.indptr))
    codes = votes.votes.astype(np.int64) + 1
    return _group_counts(labels, rows, votes.indices, codes, n_groups, votes.n_statements)


def _group_counts(
    labels: IntArray,
    rows: IntArray,
    indices: npt.NDArray[np.int32],
    codes: IntArray,
    n_groups: int,
    n_s: int,
) -> VoteCounts:
    """One bincount over (group + 1, statement, vote code); bucket 0 collects the unlabelled."""
    if n_groups == 0:
        empty = np.zeros((0, n_s))
        return VoteCounts(empty, empty.copy(), empty.copy())
    slot = (labels[rows] + 1) * n_s + indices
    counts = _vote_counts(slot * 3 + codes, n_groups + 1, n_s)
    return VoteCounts(counts.agree[1:], counts.disagree[1:], counts.seen[1:])


def _vote_counts(keys: IntArray, n_rows: int, n_s: int) -> VoteCounts:
    """Counts from keys ``(row * n_s + statement) * 3 + code`` (code 0 disagree, 1 pass, 2 agree),
    shaped (statements,) for one row, else (rows, statements)."""
    table = np.bincount(keys, minlength=n_rows * n_s * 3).reshape(n_rows, n_s, 3).astype(np.float64)
    disagree, agree = table[:, :, 0], table[:, :, 2]
    seen = table.sum(axis=2)
    if n_rows == 1:
        return VoteCounts(agree[0].copy(), disagree[0].copy(), seen[0])
    return VoteCounts(np.ascontiguousarray(agree), np.ascontiguousarray(disagree), seen)


def _as_one_group(total: VoteCounts) -> VoteCounts:
    return VoteCounts(total.agree[None, :], total.disagree[None, :], total.seen[None, :])


def _recentred_base_centers(
    projection: FloatArray, members: IntArray, previous: OpinionState | None
) -> FloatArray | None:
    """Polis's ``safe-recenter-clusters``: each previous base cluster moves to the mean of its
    members' new positions; clusters left without members are dropped (``kmeans`` then opens new
    ones at the most distal points). Newcomers join the nearest center at the first step."""
    if previous is None or previous.base_centers.size == 0:
        return None
    old = previous.base_labels
    if old.size == 0:  # a state from before base labels were kept: the old centers as they were
        return previous.base_centers
    n = min(old.shape[0], projection.shape[0])
    labels = np.full(projection.shape[0], -1, dtype=np.int64)
    labels[:n] = old[:n]
    labels = labels[members]
    known = labels >= 0
    if not np.any(known):
        return previous.base_centers
    k = int(labels[known].max()) + 1
    count = np.bincount(labels[known], minlength=k).astype(np.float64)
    sums = np.stack(
        [np.bincount(labels[known], weights=projection[members[known], j], minlength=k) for j in range(2)],
        axis=1,
    )
    alive = count > 0
    return np.asarray(sums[alive] / count[alive, None], dtype=np.float64)


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


def state_to_bytes(state: OpinionState) -> bytes:
    """The warm state as a small blob (numpy ``.npz``, no pickle), so that a restarted worker
    continues where the last one stopped instead of starting cold."""
    out = io.BytesIO()
    arrays: dict[str, npt.NDArray[np.generic]] = {f"group_{k}": v for k, v in state.group_centers.items()}
    arrays.update(
        components=state.components,
        base_centers=state.base_centers,
        in_conversation=state.in_conversation,
        base_labels=state.base_labels,
        smoother=np.array([state.last_k, state.last_k_count, state.smoothed_k], dtype=np.int64),
    )
    np.savez(out, **arrays)  # type: ignore[arg-type]
    return out.getvalue()


def state_from_bytes(blob: bytes) -> OpinionState:
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            parts = {name: data[name] for name in data.files}
        last_k, last_k_count, smoothed_k = (int(x) for x in parts["smoother"])
        return OpinionState(
            components=np.asarray(parts["components"], dtype=np.float64),
            base_centers=np.asarray(parts["base_centers"], dtype=np.float64),
            group_centers={
                int(name[6:]): np.asarray(v, dtype=np.float64)
                for name, v in parts.items()
                if name.startswith("group_")
            },
            in_conversation=np.asarray(parts["in_conversation"], dtype=bool),
            last_k=last_k,
            last_k_count=last_k_count,
            smoothed_k=smoothed_k,
            base_labels=np.asarray(parts["base_labels"], dtype=np.int64),
        )
    except Exception as error:
        raise ValueError(f"not an opinion-state blob: {error}") from error
