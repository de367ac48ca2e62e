"""Before any lottery: does a quota-satisfying panel exist? If not, which quotas conflict, and what
is the smallest change to the quotas (fewest people of relaxation in total) that makes it exist?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._highs import INF, new_highs, pass_model, solve_mip
from .grouping import TypeTable, build_types
from .model import Instance, Quota


@dataclass(frozen=True)
class QuotaBound:
    """One side of one quota: ``side`` is "min" or "max"; ``category`` "panel size" for the pool check."""

    category: str
    value: str
    side: str
    limit: int

    def describe(self) -> str:
        if self.category == "panel size":
            return f"a panel of {self.limit} (the pool has too few eligible people)"
        word = "at least" if self.side == "min" else "at most"
        return f"{word} {self.limit} with {self.category}={self.value}"


@dataclass(frozen=True)
class QuotaChange:
    """One quota of the smallest relaxation and how it changes (only one side ever moves)."""

    quota: Quota
    new_min: int
    new_max: int

    @property
    def fewer(self) -> int:
        """How many fewer people than the minimum the panel must be allowed to have (0: unchanged)."""
        return self.quota.min - self.new_min

    @property
    def more(self) -> int:
        """How many more people than the maximum the panel must be allowed to have (0: unchanged)."""
        return self.new_max - self.quota.max

    def describe(self) -> str:
        q = self.quota
        parts = []
        if self.fewer:
            parts.append(
                f"accept {self.new_min} instead of at least {q.min} people with {q.category} "
                f"“{q.value}” ({self.fewer} fewer)"
            )
        if self.more:
            parts.append(
                f"accept up to {self.new_max} instead of at most {q.max} people with {q.category} "
                f"“{q.value}” ({self.more} more)"
            )
        return "; ".join(parts)


@dataclass(frozen=True)
class FeasibilityReport:
    feasible: bool
    conflicting: tuple[QuotaBound, ...]  # an irreducible set of bounds that cannot hold together
    changes: tuple[QuotaChange, ...]  # the smallest total relaxation that makes a panel exist
    relaxed_quotas: tuple[Quota, ...]  # all quotas after those changes
    total_relaxation: int
    message: str


def _largest_panel(table: TypeTable) -> int:
    """Most people a panel could hold ignoring quotas (one per household)."""
    singles = int(table.counts[table.household_of_type < 0].sum())
    return singles + len(table.households)


def _solve(
    table: TypeTable, use_min: np.ndarray, use_max: np.ndarray, relax: bool
) -> tuple[bool, np.ndarray]:
    """Feasibility MIP over type counts with the selected quota bounds; with ``relax``, slack columns
    (cost 1 per person) on every bound, minimised. Returns (feasible, slacks as (Q, 2))."""
    n_types, n_q = table.n_types, len(table.quota_min)
    a = sp.csr_matrix(table.quota_matrix)
    rows = [sp.csr_matrix(np.ones((1, n_types))), a]
    lo = [np.array([float(table.panel_size)]), np.where(use_min, table.quota_min, -INF)]
    hi = [np.array([float(table.panel_size)]), np.where(use_max, table.quota_max, INF)]
    if table.households:
        r = np.concatenate([np.full(len(h), i) for i, h in enumerate(table.households)])
        rows.append(
            sp.csr_matrix(
                (np.ones(len(r)), (r, np.concatenate(table.households))),
                shape=(len(table.households), n_types),
            )
        )
        lo.append(np.full(len(table.households), -INF))
        hi.append(np.ones(len(table.households)))
    matrix = sp.vstack(rows).tocsr()
    n_rows = matrix.shape[0]
    cost = np.zeros(n_types)
    upper = table.counts.astype(np.float64)
    if relax:
        # slack_min[q] adds to row 1+q (lets the count fall below min), slack_max[q] subtracts.
        e = sp.csr_matrix((np.ones(n_q), (1 + np.arange(n_q), np.arange(n_q))), shape=(n_rows, n_q))
        matrix = sp.hstack([matrix, e, -e]).tocsr()
        cost = np.concatenate([cost, np.ones(2 * n_q)])
        upper = np.concatenate([upper, np.full(2 * n_q, float(table.panel_size))])
    n_cols = matrix.shape[1]
    h = new_highs()
    pass_model(
        h,
        cost=cost,
        lower=np.zeros(n_cols),
        upper=upper,
        matrix=matrix.tocsc(),
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
        maximise=False,
        integer=[True] * n_cols,
    )
    res = solve_mip(h)
    if res.x is None:
        return False, np.zeros((n_q, 2))
    if relax:
        s = np.rint(res.x[n_types:]).astype(np.int64)
        return True, np.column_stack([s[:n_q], s[n_q:]])
    return True, np.zeros((n_q, 2))


def check_feasibility(instance: Instance) -> FeasibilityReport:
    table = build_types(instance)
    quotas = instance.quotas
    n_q = len(quotas)
    k = instance.panel_size
    largest = _largest_panel(table)
    if largest < k:
        bound = QuotaBound("panel size", "", "min", k)
        return FeasibilityReport(
            False,
            (bound,),
            (),
            quotas,
            k - largest,
            f"No panel of {k} exists: the pool has only {largest} people who can sit together "
            f"(one per household). Recruit more volunteers or reduce the panel size to {largest}.",
        )
    everything = np.ones(n_q, dtype=bool)
    ok, _ = _solve(table, everything, everything, relax=False)
    if ok:
        return FeasibilityReport(True, (), (), quotas, 0, "A panel meeting every quota exists.")
    # Deletion filter: drop bounds one by one while the rest stays infeasible; what remains is an
    # irreducible set of conflicting bounds.
    use_min, use_max = everything.copy(), everything.copy()
    for q in range(n_q):
        for side in (use_min, use_max):
            side[q] = False
            still_infeasible = not _solve(table, use_min, use_max, relax=False)[0]
            if not still_infeasible:
                side[q] = True
    conflicting = tuple(
        [
            QuotaBound(quotas[q].category, quotas[q].value, "min", quotas[q].min)
            for q in np.flatnonzero(use_min)
        ]
        + [
            QuotaBound(quotas[q].category, quotas[q].value, "max", quotas[q].max)
            for q in np.flatnonzero(use_max)
        ]
    )
    _, slack = _solve(table, everything, everything, relax=True)
    changes: list[QuotaChange] = []
    relaxed: list[Quota] = []
    for q, quota in enumerate(quotas):
        new_min, new_max = quota.min - int(slack[q, 0]), quota.max + int(slack[q, 1])
        relaxed.append(Quota(quota.category, quota.value, new_min, new_max))
        if (new_min, new_max) != (quota.min, quota.max):
            changes.append(QuotaChange(quota, new_min, new_max))
    total = int(slack.sum())
    parts = "; ".join(b.describe() for b in conflicting)
    fixes = "\n".join(f"- {c.describe()}" for c in changes)
    count = f"{len(changes)} quota" + ("s" if len(changes) != 1 else "")
    message = (
        f"No panel of {k} meets every quota with this pool. The smallest change that makes a panel "
        f"possible changes {count} by {total} "
        f"{'person' if total == 1 else 'people'} in total; every one of these changes is needed:\n"
        f"{fixes}\n"
        f"For example, these requirements cannot all hold together: {parts}. Alternatively, recruit "
        f"more volunteers with the features that are short."
    )
    return FeasibilityReport(False, conflicting, tuple(changes), tuple(relaxed), total, message)
