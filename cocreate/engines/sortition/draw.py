"""Transparent draws from a published seed, rounding to a uniform lottery, and replacements.

Random numbers come from SHA-256 of the seed and a label, so anyone can recompute a draw from the
published seed and lottery with any language's hash function (no dependence on a library's RNG).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._highs import INF, new_highs, pass_model, solve_mip
from .grouping import FloatArray, IntArray, build_types
from .lottery import Lottery
from .model import Instance


def uniform(seed: str, label: str) -> float:
    """A number in [0, 1) from sha256("<seed>|<label>"): the first 8 bytes, big-endian, over 2**64."""
    digest = hashlib.sha256(f"{seed}|{label}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def _choose(members: Sequence[int], count: int, seed: str, label: str) -> list[int]:
    """``count`` of ``members`` by a partial Fisher–Yates shuffle driven by ``uniform``."""
    pool = list(members)
    for i in range(count):
        j = i + int(uniform(seed, f"{label}:{i}") * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return sorted(pool[:count])


@dataclass(frozen=True)
class Draw:
    seed: str
    panel_index: int  # which composition (or which of the m panels of a uniform lottery)
    person_ids: tuple[str, ...]


def draw_panel(lottery: Lottery, seed: str) -> Draw:
    """Pick a composition with its probability, then its members uniformly within each type."""
    u = uniform(seed, "panel")
    cumulative = np.cumsum(lottery.weights)
    j = int(min(np.searchsorted(cumulative, u * cumulative[-1], side="right"), len(cumulative) - 1))
    chosen: list[int] = []
    for t, count in sorted(lottery.panel_members(j).items()):
        chosen += _choose(lottery.table.members[t].tolist(), count, seed, f"type{t}")
    return Draw(seed, j, tuple(lottery.person_ids[i] for i in sorted(chosen)))


@dataclass(frozen=True)
class UniformLottery:
    """m panels, each drawn with probability 1/m (Flanigan et al., "Fair sortition made transparent")."""

    panels: tuple[tuple[str, ...], ...]
    probabilities: FloatArray  # per person: share of the m panels they sit on
    target: FloatArray  # the exact lottery's probabilities
    max_deviation: float  # max over people of |probabilities - target|


def round_lottery(lottery: Lottery, m: int = 1000, *, time_limit: float = 10.0) -> UniformLottery:
    """Round to m equally likely panels. An integer program over how often each panel of the lottery
    is used minimises the largest deviation of a type's probability; within a type the selections are
    dealt round-robin, so members of one type differ by at most one panel out of m."""
    comps = lottery.compositions.astype(np.float64)
    n_panels, n_types = comps.shape
    counts = lottery.table.counts.astype(np.float64)
    target_t = lottery.type_probabilities
    # Start: largest remainder rounding of m * weights.
    raw = lottery.weights * m
    start = np.floor(raw)
    extra = int(m - start.sum())
    start[np.argsort(-(raw - start), kind="stable")[:extra]] += 1
    # Variables: uses n_P (integer), deviation d. Rows: sum n = m; +-(sum n_P x_tP / c_t - m pi_t) <= m d.
    scaled = sp.csr_matrix(comps.T / counts[:, None])
    dev_col = sp.csr_matrix(-np.full((n_types, 1), float(m)))
    matrix = sp.vstack(
        [
            sp.hstack([sp.csr_matrix(np.ones((1, n_panels))), sp.csr_matrix((1, 1))]),
            sp.hstack([scaled, dev_col]),
            sp.hstack([-scaled, dev_col]),
        ]
    ).tocsc()
    h = new_highs()
    h.setOptionValue("time_limit", float(time_limit))
    pass_model(
        h,
        cost=np.concatenate([np.zeros(n_panels), [1.0]]),
        lower=np.zeros(n_panels + 1),
        upper=np.concatenate([np.full(n_panels, float(m)), [1.0]]),
        matrix=matrix,
        row_lower=np.concatenate([[float(m)], np.full(2 * n_types, -INF)]),
        row_upper=np.concatenate([[float(m)], m * target_t, -m * target_t]),
        maximise=False,
        integer=[True] * n_panels + [False],
    )
    start_dev = float(np.abs(start @ comps / counts - m * target_t).max() / m)
    h.setSolution(n_panels + 1, np.arange(n_panels + 1, dtype=np.int32), np.concatenate([start, [start_dev]]))
    res = solve_mip(h)
    uses = np.rint(res.x[:n_panels]).astype(np.int64) if res.x is not None else start.astype(np.int64)
    if uses.sum() != m:
        uses = start.astype(np.int64)
    # Deal members round-robin within each type.
    pointer = np.zeros(n_types, dtype=np.int64)
    panels: list[tuple[str, ...]] = []
    hits = np.zeros(len(lottery.person_ids))
    for j in np.flatnonzero(uses):
        for _ in range(int(uses[j])):
            chosen: list[int] = []
            for t in np.flatnonzero(lottery.compositions[j]):
                members = lottery.table.members[t]
                x = int(lottery.compositions[j, t])
                idx = (pointer[t] + np.arange(x)) % len(members)
                pointer[t] = (pointer[t] + x) % len(members)
                chosen += members[idx].tolist()
            chosen.sort()
            hits[chosen] += 1
            panels.append(tuple(lottery.person_ids[i] for i in chosen))
    probabilities = hits / m
    return UniformLottery(
        tuple(panels),
        probabilities,
        lottery.probabilities,
        float(np.abs(probabilities - lottery.probabilities).max()),
    )


def draw_uniform(rounded: UniformLottery, seed: str) -> Draw:
    j = int(uniform(seed, "panel") * len(rounded.panels))
    return Draw(seed, j, rounded.panels[j])


@dataclass(frozen=True)
class Replacement:
    added: tuple[str, ...]
    panel: tuple[str, ...]  # the panel after replacement
    quota_violation: int  # people by which the new panel misses quotas in total (0: all met)


def replace_dropouts(
    instance: Instance, panel: Sequence[str], dropouts: Sequence[str], seed: str
) -> Replacement:
    """Replace ``dropouts`` with people from the rest of the pool so that the panel meets the quotas
    as well as possible (fewest people of quota violation in total); among the best choices, the
    seed decides. Household rule is kept; fewer replacements are made if the pool runs out."""
    index = {p.id: i for i, p in enumerate(instance.people)}
    unknown = [pid for pid in list(panel) + list(dropouts) if pid not in index]
    if unknown:
        from .model import SortitionInputError

        raise SortitionInputError(f"Unknown person ids: {', '.join(unknown[:5])}.")
    dropped = set(dropouts)
    kept = [index[pid] for pid in panel if pid not in dropped]
    table = build_types(instance)
    n_types = table.n_types
    excluded = np.zeros(instance.n, dtype=bool)
    excluded[[index[pid] for pid in panel]] = True
    excluded[[index[pid] for pid in dropouts]] = True
    if instance.one_per_household:
        homes = {instance.people[i].household for i in kept if instance.people[i].household is not None}
        for i, p in enumerate(instance.people):
            if p.household in homes:
                excluded[i] = True
    available = [table.members[t][~excluded[table.members[t]]] for t in range(n_types)]
    avail_count = np.array([len(a) for a in available], dtype=np.float64)
    wanted = int(min(len(panel) - len(kept), avail_count.sum()))
    base = table.quota_matrix[:, table.type_of_person[kept]].sum(axis=1)
    n_q = len(base)
    # Variables: r_t (integer), slack below min, slack above max. Cost: slack, plus a seeded tie-break.
    tie = np.array([uniform(seed, f"replace-type{t}") for t in range(n_types)]) * 1e-3 / max(wanted, 1)
    quota = sp.csr_matrix(table.quota_matrix)
    eye = sp.identity(n_q, format="csr")
    rows = [
        sp.hstack([sp.csr_matrix(np.ones((1, n_types))), sp.csr_matrix((1, 2 * n_q))]),
        sp.hstack([quota, eye, -eye]),
    ]
    lo = [np.array([float(wanted)]), table.quota_min - base]
    hi = [np.array([float(wanted)]), table.quota_max - base]
    if table.households:
        r = np.concatenate([np.full(len(h), i) for i, h in enumerate(table.households)])
        hh = sp.csr_matrix(
            (np.ones(len(r)), (r, np.concatenate(table.households))), shape=(len(table.households), n_types)
        )
        rows.append(sp.hstack([hh, sp.csr_matrix((len(table.households), 2 * n_q))]))
        lo.append(np.full(len(table.households), -INF))
        hi.append(np.ones(len(table.households)))
    matrix = sp.vstack(rows).tocsc()
    h = new_highs()
    pass_model(
        h,
        cost=np.concatenate([tie, np.ones(2 * n_q)]),
        lower=np.zeros(n_types + 2 * n_q),
        upper=np.concatenate([avail_count, np.full(2 * n_q, float(instance.panel_size))]),
        matrix=matrix,
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
        maximise=False,
        integer=[True] * (n_types + 2 * n_q),
    )
    res = solve_mip(h)
    if res.x is None:
        raise RuntimeError("Replacement search failed unexpectedly.")
    take = np.rint(res.x[:n_types]).astype(np.int64)
    violation = int(np.rint(res.x[n_types:]).sum())
    added: list[int] = []
    for t in np.flatnonzero(take):
        added += _choose(available[t].tolist(), int(take[t]), seed, f"replace{t}")
    added_ids = tuple(instance.people[i].id for i in sorted(added))
    new_panel = tuple(instance.people[i].id for i in sorted(kept + added))
    return Replacement(added_ids, new_panel, violation)


def composition_of(instance: Instance, person_ids: Sequence[str]) -> IntArray:
    """People per type for a panel given by ids (for checks and audits)."""
    table = build_types(instance)
    index = {p.id: i for i, p in enumerate(instance.people)}
    out = np.zeros(table.n_types, dtype=np.int64)
    for pid in person_ids:
        out[table.type_of_person[index[pid]]] += 1
    return out
