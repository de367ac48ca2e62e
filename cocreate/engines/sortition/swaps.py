"""Cheap pricing: improve a panel by single swaps (one member out, one in) that keep every quota
and the household rule. Column generation tries this before asking the integer program, which is
then needed only to prove that no improving panel is left."""

from __future__ import annotations

import numpy as np

from .grouping import FloatArray, IntArray, TypeTable


class SwapSearch:
    def __init__(self, table: TypeTable) -> None:
        self.t = table
        q = table.quota_of_type  # (T, C)
        n_cat = q.shape[1]
        self.n_cat = n_cat
        self.q_safe = np.where(q >= 0, q, 0)
        self.has_q = q >= 0
        # bit j set in same[a, b] when types a and b share their value in category j
        self.bits = (1 << np.arange(n_cat, dtype=np.int64)).astype(np.int64)
        if table.n_types <= 3000:
            eq = (q[:, None, :] == q[None, :, :]).astype(np.int64)
            self.same: IntArray | None = (eq * self.bits).sum(axis=2)
        else:  # too large to hold; compute rows on demand
            self.same = None
        self.hh = table.household_of_type
        self.n_households = len(table.households)

    def _same(self, a: IntArray, b: IntArray) -> IntArray:
        if self.same is not None:
            return self.same[np.ix_(a, b)]
        q = self.t.quota_of_type
        eq = (q[a][:, None, :] == q[b][None, :, :]).astype(np.int64)
        return np.asarray((eq * self.bits).sum(axis=2), dtype=np.int64)

    def climb(self, panel: IntArray, weights: FloatArray, max_swaps: int = 400) -> IntArray:
        """Best-improvement swaps until none gains (a local optimum of weights @ panel)."""
        t = self.t
        x = panel.copy()
        quota_count = t.quota_matrix @ x
        hh_used = np.zeros(self.n_households + 1)
        if self.n_households:
            np.add.at(hh_used, self.hh[x > 0], x[x > 0])
        order = np.argsort(-weights, kind="stable")
        w_sorted = weights[order]
        for _ in range(max_swaps):
            present = np.flatnonzero(x > 0)
            w_present = weights[present]
            floor = w_present.min()
            # Only types worth more than the cheapest member can enter; only members worth less can leave.
            n_better = int(np.searchsorted(-w_sorted, -(floor + 1e-12), side="left"))
            incoming = order[:n_better]
            room = x[incoming] < t.counts[incoming]
            if self.n_households:
                hh_in = self.hh[incoming]
                room &= (hh_in < 0) | (hh_used[hh_in] < 0.5) | (x[incoming] > 0)
                # a household partner of a present member may still enter by swapping that member out
                room |= (hh_in >= 0) & (hh_used[hh_in] > 0.5) & (x[incoming] == 0)
            incoming = incoming[room]
            if len(incoming) == 0:
                break
            outgoing = present[w_present < weights[incoming[0]] - 1e-12]
            can_lose = quota_count > t.quota_min + 0.5
            can_gain = quota_count < t.quota_max - 0.5
            blocked_out = ((self.has_q[outgoing] & ~can_lose[self.q_safe[outgoing]]) * self.bits).sum(axis=1)
            blocked_in = ((self.has_q[incoming] & ~can_gain[self.q_safe[incoming]]) * self.bits).sum(axis=1)
            need = blocked_out[:, None] | blocked_in[None, :]
            feasible = (need & ~self._same(outgoing, incoming)) == 0
            if self.n_households:
                hh_in = self.hh[incoming]
                busy = (hh_in >= 0) & (hh_used[hh_in] > 0.5)
                same_hh = self.hh[outgoing][:, None] == hh_in[None, :]
                feasible &= ~busy[None, :] | same_hh
            gain = np.where(feasible, weights[incoming][None, :] - weights[outgoing][:, None], -np.inf)
            flat = int(np.argmax(gain))
            a_i, b_i = divmod(flat, gain.shape[1])
            if gain[a_i, b_i] <= 1e-12:
                break
            a, b = outgoing[a_i], incoming[b_i]
            x[a] -= 1
            x[b] += 1
            quota_count += t.quota_matrix[:, b] - t.quota_matrix[:, a]
            if self.n_households:
                if self.hh[a] >= 0:
                    hh_used[self.hh[a]] -= 1
                if self.hh[b] >= 0:
                    hh_used[self.hh[b]] += 1
        return x
