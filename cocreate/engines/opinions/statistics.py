"""Proportion tests and the statement statistics built on them (representativeness, consensus,
group-aware consensus, divisiveness, priority), following the definitions Polis publishes.

Every probability carries a +1/+2 pseudo-count so that a statement with few votes stays near 1/2
instead of swinging to 0 or 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

Z_90 = 1.2816  # one-sided 90 % critical value of the standard normal


def prop_test(successes: FloatArray, trials: FloatArray) -> FloatArray:
    """z-score of "the proportion exceeds 1/2", with one pseudo-success and one pseudo-trial."""
    s = successes + 1.0
    n = trials + 1.0
    return np.asarray(2.0 * np.sqrt(n) * (s / n - 0.5))


def two_prop_test(
    succ_in: FloatArray, succ_out: FloatArray, pop_in: FloatArray, pop_out: FloatArray
) -> FloatArray:
    """z-score of "the proportion inside exceeds the proportion outside" (pseudo-counted)."""
    s1, s2, n1, n2 = succ_in + 1.0, succ_out + 1.0, pop_in + 1.0, pop_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / np.sqrt(var)
    return np.asarray(np.where(var > 0, z, 0.0))


@dataclass(frozen=True)
class VoteCounts:
    """Agree / disagree / seen (any vote, pass included) counts; shape (groups, statements) or
    (statements,)."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


@dataclass(frozen=True)
class StatementStat:
    statement: int  # column index in the vote matrix
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class RepresentativeStatement(StatementStat):
    repness: float  # p_success in the group divided by p_success in the rest
    repness_test: float  # two-proportion z-score, group vs rest
    best_agree: bool = False


def consensus(counts: VoteCounts, excluded: BoolArray, top: int = 5) -> dict[str, list[StatementStat]]:
    """Statements most of everyone agrees (or disagrees) with: p > 1/2, significant at 90 %,
    ranked by p × z (the Polis rule)."""
    out: dict[str, list[StatementStat]] = {}
    for direction, succ in (("agree", counts.agree), ("disagree", counts.disagree)):
        p = (succ + 1.0) / (counts.seen + 2.0)
        z = prop_test(succ, counts.seen)
        ok = (p > 0.5) & (z > Z_90) & ~excluded
        idx = np.flatnonzero(ok)
        order = idx[np.argsort(-(p[idx] * z[idx]), kind="stable")][:top]
        out[direction] = [
            StatementStat(int(j), direction, int(succ[j]), int(counts.seen[j]), float(p[j]), float(z[j]))  # type: ignore[arg-type]
            for j in order
        ]
    return out


def group_aware_consensus(group_counts: VoteCounts) -> FloatArray:
    """Product over groups of the pseudo-counted agree probability: high only when every group
    agrees, whatever the groups' sizes."""
    if group_counts.agree.shape[0] == 0:
        return np.zeros(group_counts.agree.shape[1])
    return np.asarray(np.prod((group_counts.agree + 1.0) / (group_counts.seen + 2.0), axis=0))


@dataclass(frozen=True)
class GroupConsensus:
    """A statement every opinion group leans the same way on (group-informed consensus)."""

    statement: int
    direction: Literal["agree", "disagree"]
    score: float  # product over groups of the pseudo-counted probability (Polis's value)
    group_p: tuple[float, ...]  # (successes + 1) / (seen + 2), per group
    group_success: tuple[int, ...]
    group_seen: tuple[int, ...]


def group_informed_consensus(
    group_counts: VoteCounts, excluded: BoolArray, top: int = 5
) -> dict[str, list[GroupConsensus]]:
    """Consensus across the opinion groups, whatever their sizes.

    The score is Polis's ``:group-aware-consensus`` (conversation.clj): per group the agree
    probability with a +1/+2 prior, multiplied across groups, so one group that rejects a
    statement pulls the product down however large the others are. Polis publishes the score for
    every statement; for a list to show we also require that *every* group leans that way
    (probability above 1/2, prior included), so a statement a minority group rejects is never
    called consensus, and rank by the score. The disagree list is the same with disagree counts."""
    out: dict[str, list[GroupConsensus]] = {}
    g = group_counts.agree.shape[0]
    for direction, succ in (("agree", group_counts.agree), ("disagree", group_counts.disagree)):
        if g == 0:
            out[direction] = []
            continue
        probs = (succ + 1.0) / (group_counts.seen + 2.0)
        score = np.prod(probs, axis=0)
        ok = np.all(probs > 0.5, axis=0) & ~excluded
        idx = np.flatnonzero(ok)
        order = idx[np.argsort(-score[idx], kind="stable")][:top]
        out[direction] = [
            GroupConsensus(
                int(j),
                direction,  # type: ignore[arg-type]
                float(score[j]),
                tuple(float(x) for x in probs[:, j]),
                tuple(int(x) for x in succ[:, j]),
                tuple(int(x) for x in group_counts.seen[:, j]),
            )
            for j in order
        ]
    return out


def divisiveness(group_counts: VoteCounts) -> FloatArray:
    """How far apart the groups are on a statement: the spread between the most- and
    least-agreeing group of (agree − disagree) / (seen + 2), in [0, 2)."""
    if group_counts.agree.shape[0] < 2:
        return np.zeros(group_counts.agree.shape[1])
    lean = (group_counts.agree - group_counts.disagree) / (group_counts.seen + 2.0)
    return np.asarray(lean.max(axis=0) - lean.min(axis=0))


def priority(
    total: VoteCounts, extremity: FloatArray, meta: BoolArray, meta_priority: float = 7.0
) -> FloatArray:
    """Which statement to show next: agreeable, rarely passed, far out on the opinion map, and new
    statements (few votes) boosted; squared to sharpen the preference (the Polis rule)."""
    passes = total.seen - total.agree - total.disagree
    p_pass = (passes + 1.0) / (total.seen + 2.0)
    p_agree = (total.agree + 1.0) / (total.seen + 2.0)
    importance = (1.0 - p_pass) * (extremity + 1.0) * p_agree
    novelty = 1.0 + 8.0 * np.power(2.0, -total.seen / 5.0)
    return np.asarray(np.where(meta, meta_priority, importance * novelty) ** 2)


def representative_statements(
    group_counts: VoteCounts, excluded: BoolArray, top: int = 5
) -> list[list[RepresentativeStatement]]:
    """Per group, the statements that set it apart from the rest (the Polis selection)."""
    g = group_counts.agree.shape[0]
    if g == 0:
        return []
    na, nd, ns = group_counts.agree, group_counts.disagree, group_counts.seen
    ra_n, rd_n, rs_n = na.sum(axis=0) - na, nd.sum(axis=0) - nd, ns.sum(axis=0) - ns
    pa = (na + 1.0) / (ns + 2.0)
    pd = (nd + 1.0) / (ns + 2.0)
    pat = prop_test(na, ns)
    pdt = prop_test(nd, ns)
    ra = pa / ((ra_n + 1.0) / (rs_n + 2.0))
    rd = pd / ((rd_n + 1.0) / (rs_n + 2.0))
    rat = two_prop_test(na, ra_n, ns, rs_n)
    rdt = two_prop_test(nd, rd_n, ns, rs_n)
    keep = np.flatnonzero(~excluded)

    def finalize(gi: int, j: int, best_agree: bool = False) -> RepresentativeStatement:
        if rat[gi, j] > rdt[gi, j]:
            return RepresentativeStatement(
                int(j), "agree", int(na[gi, j]), int(ns[gi, j]), float(pa[gi, j]), float(pat[gi, j]),
                float(ra[gi, j]), float(rat[gi, j]), best_agree,
            )  # fmt: skip
        return RepresentativeStatement(
            int(j), "disagree", int(nd[gi, j]), int(ns[gi, j]), float(pd[gi, j]), float(pdt[gi, j]),
            float(rd[gi, j]), float(rdt[gi, j]), best_agree,
        )  # fmt: skip

    result: list[list[RepresentativeStatement]] = []
    for gi in range(g):
        passes = ((rat[gi] > Z_90) & (pat[gi] > Z_90)) | ((rdt[gi] > Z_90) & (pdt[gi] > Z_90))
        sufficient = [int(j) for j in keep if passes[j]]
        best_agree = _best_agree(keep, na[gi], nd[gi], pa[gi], pat[gi], ra[gi], rat[gi])
        if not sufficient:
            if best_agree is not None:
                result.append([finalize(gi, best_agree, True)])
            elif keep.size:
                score = np.maximum(rat[gi, keep], rdt[gi, keep])
                result.append([finalize(gi, int(keep[int(np.argmax(score))]))])
            else:
                result.append([])
            continue
        # Rank by the repness metric of the more representative side; build records for the
        # few that can make the list only.
        cand = np.array([j for j in sufficient if j != best_agree], dtype=np.int64)
        agree_side = rat[gi, cand] > rdt[gi, cand]
        metric = np.where(
            agree_side,
            ra[gi, cand] * rat[gi, cand] * pa[gi, cand] * pat[gi, cand],
            rd[gi, cand] * rdt[gi, cand] * pd[gi, cand] * pdt[gi, cand],
        )
        ranked = cand[np.argsort(-metric, kind="stable")][:top]
        stats = [finalize(gi, int(j)) for j in ranked]
        if best_agree is not None:
            stats.insert(0, finalize(gi, best_agree, True))
        chosen = stats[:top]
        result.append(
            [s for s in chosen if s.direction == "agree"] + [s for s in chosen if s.direction == "disagree"]
        )
    return result


def _best_agree(
    keep: npt.NDArray[np.intp],
    na: FloatArray,
    nd: FloatArray,
    pa: FloatArray,
    pat: FloatArray,
    ra: FloatArray,
    rat: FloatArray,
) -> int | None:
    # A scan, as in Polis: while the running best is representative (ra > 1) the bar is the full
    # repness metric, otherwise only agreement (a new best may switch the bar either way); the
    # first statement to clear the bar wins ties. The scan is sequential, so it runs over plain
    # Python floats (numpy scalars cost several times more per step).
    seen = keep[(na[keep] != 0) | (nd[keep] != 0)]
    full = (ra * rat * pa * pat)[seen].tolist()
    simple = (pa * pat)[seen].tolist()
    representative = (ra[seen] > 1.0).tolist()
    qualifies = ((pat[seen] > Z_90) | ((ra[seen] > 1.0) & (pa[seen] > 0.5))).tolist()
    best = -1
    for i in range(len(full)):
        if best < 0:
            better = qualifies[i]
        elif representative[best]:
            better = full[i] > full[best]
        else:
            better = simple[i] > simple[best]
        if better:
            best = i
    return int(seen[best]) if best >= 0 else None
