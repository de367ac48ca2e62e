"""Shared helpers for the sortition tests: brute force over all panels, and quota checks."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import scipy.optimize as so
from hypothesis import strategies as st

from cocreate.engines.sortition import Instance, Person, Quota


def panel_ok(instance: Instance, members: Sequence[int]) -> bool:
    if len(members) != instance.panel_size or len(set(members)) != len(members):
        return False
    for q in instance.quotas:
        n = sum(1 for i in members if instance.people[i].features[q.category] == q.value)
        if not q.min <= n <= q.max:
            return False
    if instance.one_per_household:
        homes = [instance.people[i].household for i in members if instance.people[i].household is not None]
        if len(homes) != len(set(homes)):
            return False
    return True


def all_panels(instance: Instance) -> list[tuple[int, ...]]:
    return [
        c for c in itertools.combinations(range(instance.n), instance.panel_size) if panel_ok(instance, c)
    ]


def brute_force_leximin(instance: Instance) -> np.ndarray:
    """Exact leximin by the textbook LP sequence over *all* panels, person by person."""
    panels = all_panels(instance)
    n, m = instance.n, len(panels)
    incidence = np.zeros((n, m))
    for j, p in enumerate(panels):
        incidence[list(p), j] = 1.0
    fixed = np.full(n, np.nan)
    fixed[incidence.sum(axis=1) == 0] = 0.0
    a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * (m + 1)
    while np.isnan(fixed).any():
        free = np.isnan(fixed)
        # maximise z: incidence @ lam >= z (free), >= fixed (fixed)
        a_ub = np.hstack([-incidence, np.where(free, 1.0, 0.0)[:, None]])
        b_ub = np.where(free, 0.0, -np.nan_to_num(fixed) + 1e-9)
        cost = np.zeros(m + 1)
        cost[-1] = -1.0
        z = so.linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs").x[-1]
        floor = np.where(free, z - 1e-9, np.nan_to_num(fixed) - 1e-9)
        a_lo = np.hstack([-incidence, np.zeros((n, 1))])
        for i in np.flatnonzero(free):
            c = np.zeros(m + 1)
            c[:m] = -incidence[i]
            r = so.linprog(c, A_ub=a_lo, b_ub=-floor, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
            if -r.fun <= z + 1e-7:
                fixed[i] = z
    return fixed


@st.composite
def small_instances(
    draw: st.DrawFn, max_people: int = 9, max_k: int = 4, households: bool = True
) -> Instance:
    n = draw(st.integers(3, max_people))
    k = draw(st.integers(1, min(max_k, n)))
    n_cats = draw(st.integers(1, 2))
    cats = [f"c{j}" for j in range(n_cats)]
    values = {c: [f"v{v}" for v in range(draw(st.integers(2, 3)))] for c in cats}
    people = []
    for i in range(n):
        feats = {c: draw(st.sampled_from(values[c])) for c in cats}
        home = draw(st.sampled_from([None] * 6 + ["h0", "h0", "h1"])) if households else None
        people.append(Person(f"p{i}", feats, home))
    quotas = []
    for c in cats:
        for v in values[c]:
            # mostly satisfiable quotas, sometimes not (infeasibility has its own tests)
            lo = draw(st.integers(0, max(1, k // len(values[c]))))
            hi = draw(st.integers(lo, k))
            quotas.append(Quota(c, v, lo, hi))
    return Instance(tuple(people), tuple(quotas), k)
