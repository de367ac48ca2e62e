"""Group people into *types*: people with identical feature vectors and no household tie.

Everything a solver does happens over types with multiplicities. Permuting the people of one type
maps quota-satisfying panels to quota-satisfying panels, so the (unique) LEXIMIN profile gives all
members of a type the same probability and the LPs can run over types instead of people.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import Instance

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TypeTable:
    panel_size: int
    counts: IntArray  # (T,) people per type
    members: tuple[IntArray, ...]  # person indices of each type, ascending
    type_of_person: IntArray  # (n,)
    quota_matrix: FloatArray  # (Q, T) 1.0 where the type has the quota's value
    quota_min: FloatArray  # (Q,)
    quota_max: FloatArray  # (Q,)
    households: tuple[IntArray, ...]  # type indices of each household with two or more people
    quota_of_type: IntArray  # (T, categories) quota row of the type's value in each category, -1 if none
    household_of_type: IntArray  # (T,) index into households, -1 if none

    @property
    def n_types(self) -> int:
        return len(self.counts)


def build_types(instance: Instance) -> TypeTable:
    people = instance.people
    household_size: Counter[str] = Counter()
    if instance.one_per_household:
        household_size.update(p.household for p in people if p.household is not None)
    key_to_type: dict[tuple[str, ...], int] = {}
    type_of_person = np.empty(len(people), dtype=np.int64)
    members: list[list[int]] = []
    type_features: list[tuple[str, ...]] = []
    household_types: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        vector = tuple(str(p.features[c]) for c in instance.categories)
        tied = p.household is not None and household_size[p.household] > 1
        if tied:
            t = len(members)  # a person tied to a household is a type of their own
            members.append([i])
            type_features.append(vector)
            assert p.household is not None
            household_types.setdefault(p.household, []).append(t)
        else:
            t = key_to_type.get(vector, -1)
            if t < 0:
                t = len(members)
                key_to_type[vector] = t
                members.append([])
                type_features.append(vector)
            members[t].append(i)
        type_of_person[i] = t
    cat_index = {c: j for j, c in enumerate(instance.categories)}
    n_types = len(members)
    quota_matrix = np.zeros((len(instance.quotas), n_types))
    for qi, q in enumerate(instance.quotas):
        j = cat_index[q.category]
        for t, vec in enumerate(type_features):
            if vec[j] == q.value:
                quota_matrix[qi, t] = 1.0
    quota_of_type = np.full((n_types, len(instance.categories)), -1, dtype=np.int64)
    for qi, q in enumerate(instance.quotas):
        quota_of_type[quota_matrix[qi] > 0, cat_index[q.category]] = qi
    household_of_type = np.full(n_types, -1, dtype=np.int64)
    for h, ts in enumerate(household_types.values()):
        household_of_type[ts] = h
    return TypeTable(
        panel_size=instance.panel_size,
        counts=np.array([len(m) for m in members], dtype=np.int64),
        members=tuple(np.array(m, dtype=np.int64) for m in members),
        type_of_person=type_of_person,
        quota_matrix=quota_matrix,
        quota_min=np.array([q.min for q in instance.quotas], dtype=np.float64),
        quota_max=np.array([q.max for q in instance.quotas], dtype=np.float64),
        households=tuple(np.array(ts, dtype=np.int64) for ts in household_types.values()),
        quota_of_type=quota_of_type,
        household_of_type=household_of_type,
    )
