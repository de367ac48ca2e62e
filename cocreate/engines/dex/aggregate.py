"""Several respondents answering the same model: distribution, consensus and disagreement.

Per attribute (leaves and aggregates alike), over the respondents' evaluated values:

* **distribution**: how many respondents have each value; respondents whose value is a set
  (they said "don't know" there or somewhere below) are counted as ``uncertain``, undefined ones
  as ``undefined``; neither enters the consensus or the disagreement rule.
* **consensus**: the median of the one-value answers along the scale's preference order. With an
  even number the two middle answers may differ: the *worse* of the two is taken, so that a
  group's result is never overstated.
* **disagreement** (meant for 2–20 respondents), flagged when there are at least two one-value
  answers and either

  - *split*: the consensus value is held by at most half of them (``SPLIT_SHARE``) — a 1:1 yes/no
    or a 2:2 on any scale; or
  - *polarised*: at least a fifth of them (``FAR_SHARE``) lie two or more scale steps away from
    the consensus — one "low" against two "high" is flagged, one outlier among twenty is not.

* **mean figure**: the mean of the respondents' 0–100 figures (see :mod:`.analysis`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cocreate.engines.dex.evaluate import CompiledModel, Evaluation, Masks, compile_model
from cocreate.engines.dex.model import Model, Order, Value

SPLIT_SHARE = 0.5
FAR_SHARE = 0.2


@dataclass(frozen=True)
class AttributeSummary:
    attribute: str
    counts: tuple[int, ...]  # respondents per scale value (one-value answers only)
    uncertain: int
    undefined: int
    consensus: int | None
    spread: int  # scale steps between the worst and the best one-value answer
    disagreement: bool
    mean_score: float | None


@dataclass(frozen=True)
class GroupResult:
    respondents: int
    attributes: Mapping[str, AttributeSummary]

    def consensus_response(self, input_ids: Sequence[str]) -> dict[str, Value]:
        """The consensus of each input as a response ("don't know" where there is none)."""
        out: dict[str, Value] = {}
        for i in input_ids:
            c = self.attributes[i].consensus
            out[i] = "*" if c is None else c
        return out


def aggregate(model: Model | CompiledModel, evaluations: Sequence[Evaluation]) -> GroupResult:
    """Summarise several respondents' evaluations of the same model."""
    cm = compile_model(model)
    masks = np.zeros((len(evaluations), len(cm.ids)), dtype=np.uint64)
    for r, ev in enumerate(evaluations):
        for p, att_id in enumerate(cm.ids):
            m = 0
            for v in ev.values[att_id]:
                m |= 1 << v
            masks[r, p] = m
    return aggregate_masks(cm, masks)


def aggregate_masks(cm: CompiledModel, masks: Masks) -> GroupResult:
    """:func:`aggregate` on an evaluated mask matrix (:meth:`CompiledModel.evaluate_masks`)."""
    n = masks.shape[0]
    out: dict[str, AttributeSummary] = {}
    one = np.uint64(1)
    for p, att_id in enumerate(cm.ids):
        s = cm.scales[p]
        col = masks[:, p]
        undefined = col == 0
        single = ~undefined & ((col & (col - one)) == 0)
        idx = np.log2(col[single].astype(np.float64)).astype(np.int64)
        counts = np.bincount(idx, minlength=s.size)
        ranks = (s.size - 1 - idx) if s.order is Order.DESCENDING else idx
        k = int(idx.size)
        consensus: int | None = None
        spread = 0
        disagreement = False
        if k:
            ordered = np.sort(ranks)
            median_rank = int(ordered[(k - 1) // 2])  # the worse middle answer when k is even
            consensus = s.size - 1 - median_rank if s.order is Order.DESCENDING else median_rank
            spread = int(ordered[-1] - ordered[0])
            if k >= 2 and spread > 0:
                held = int(np.count_nonzero(ranks == median_rank)) / k
                far = int(np.count_nonzero(np.abs(ranks - median_rank) >= 2)) / k
                disagreement = held <= SPLIT_SHARE or far >= FAR_SHARE
        out[att_id] = AttributeSummary(
            attribute=att_id,
            counts=tuple(int(c) for c in counts),
            uncertain=int(n - k - int(np.count_nonzero(undefined))),
            undefined=int(np.count_nonzero(undefined)),
            consensus=consensus,
            spread=spread,
            disagreement=disagreement,
            mean_score=_mean_score(cm, p, col),
        )
    return GroupResult(respondents=n, attributes=out)


def _mean_score(cm: CompiledModel, p: int, col: Masks) -> float | None:
    s = cm.scales[p]
    figures = np.array([s.score(i) for i in range(s.size)])
    bits = ((col[:, None] >> np.arange(s.size, dtype=np.uint64)[None, :]) & np.uint64(1)).astype(np.float64)
    sizes = bits.sum(axis=1)
    defined = sizes > 0
    if not defined.any():
        return None
    per_respondent = (bits[defined] @ figures) / sizes[defined]
    return float(per_respondent.mean())
