"""Plain input data for the sortition engine: people, quotas, the instance that joins them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class SortitionInputError(ValueError):
    """The input cannot be used; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Person:
    """One volunteer: an id, one value per feature (category), and optionally a household key."""

    id: str
    features: Mapping[str, str]
    household: str | None = None


@dataclass(frozen=True)
class Quota:
    """Between ``min`` and ``max`` panel members must have ``value`` for feature ``category``."""

    category: str
    value: str
    min: int
    max: int

    @property
    def label(self) -> str:
        return f"{self.category}={self.value}"


@dataclass(frozen=True)
class Instance:
    """A pool, its quotas and the panel size. ``one_per_household`` forbids two members of a household."""

    people: tuple[Person, ...]
    quotas: tuple[Quota, ...]
    panel_size: int
    one_per_household: bool = True
    categories: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(self.people))
        object.__setattr__(self, "quotas", tuple(self.quotas))
        if not self.categories:
            seen: dict[str, None] = {}
            for q in self.quotas:
                seen.setdefault(q.category, None)
            object.__setattr__(self, "categories", tuple(seen))
        validate(self)

    @property
    def n(self) -> int:
        return len(self.people)


def validate(instance: Instance) -> None:
    """Raise SortitionInputError with a readable message for malformed input (not for infeasibility)."""
    k = instance.panel_size
    if k < 1:
        raise SortitionInputError(f"The panel size must be at least 1 (it is {k}).")
    ids: set[str] = set()
    for p in instance.people:
        if p.id in ids:
            raise SortitionInputError(f"Person id {p.id!r} appears twice; every person needs a unique id.")
        ids.add(p.id)
        for cat in instance.categories:
            if cat not in p.features:
                raise SortitionInputError(
                    f"Person {p.id!r} has no value for feature {cat!r}; fill it in or remove the person."
                )
    labels: set[tuple[str, str]] = set()
    for q in instance.quotas:
        key = (q.category, q.value)
        if key in labels:
            raise SortitionInputError(f"The quota for {q.label} is given twice; keep one.")
        labels.add(key)
        if q.min < 0:
            raise SortitionInputError(f"The minimum for {q.label} is negative ({q.min}); use 0 or more.")
        if q.max < q.min:
            raise SortitionInputError(
                f"The maximum for {q.label} ({q.max}) is below its minimum ({q.min}); swap or correct them."
            )
