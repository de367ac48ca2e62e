from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings

from cocreate.engines.sortition import (
    InfeasibleQuotasError,
    Instance,
    Person,
    Quota,
    check_feasibility,
    find_lottery,
)

from .helpers import all_panels, small_instances


def _instance() -> Instance:
    # 6 women and 2 men, all young except one; panel of 4 with at least 3 men: impossible.
    people = tuple(
        Person(f"p{i}", {"gender": "f" if i < 6 else "m", "age": "old" if i == 0 else "young"})
        for i in range(8)
    )
    quotas = (
        Quota("gender", "f", 0, 4),
        Quota("gender", "m", 3, 4),
        Quota("age", "young", 0, 4),
        Quota("age", "old", 0, 1),
    )
    return Instance(people, quotas, 4)


def test_infeasible_names_the_conflict_and_a_relaxation_that_works() -> None:
    inst = _instance()
    report = check_feasibility(inst)
    assert not report.feasible
    assert [(b.category, b.value, b.side) for b in report.conflicting] == [("gender", "m", "min")]
    assert report.total_relaxation == 1
    assert "gender=m" in report.message
    relaxed = dataclasses.replace(inst, quotas=report.relaxed_quotas)
    assert check_feasibility(relaxed).feasible
    with pytest.raises(InfeasibleQuotasError) as caught:
        find_lottery(inst)
    assert caught.value.report == report


def test_pool_too_small() -> None:
    people = tuple(Person(f"p{i}", {"g": "x"}, "same") for i in range(3))
    inst = Instance(people, (Quota("g", "x", 0, 3),), 2)
    report = check_feasibility(inst)
    assert not report.feasible
    assert report.conflicting[0].category == "panel size"
    assert "too few" in report.conflicting[0].describe()


@settings(max_examples=60, deadline=None)
@given(small_instances(max_people=8, max_k=4))
def test_feasibility_agrees_with_brute_force_and_relaxation_is_minimal(instance: Instance) -> None:
    report = check_feasibility(instance)
    assert report.feasible == bool(all_panels(instance))
    if report.feasible or report.conflicting[0].category == "panel size":
        return
    relaxed = dataclasses.replace(instance, quotas=report.relaxed_quotas)
    assert all_panels(relaxed)
    # the conflicting set is irreducible: dropping any one of its bounds makes a panel possible
    for bound in report.conflicting:
        quotas = tuple(
            dataclasses.replace(q, **({"min": 0} if bound.side == "min" else {"max": instance.panel_size}))
            if (q.category, q.value) == (bound.category, bound.value)
            else q
            for q in instance.quotas
        )
        assert all_panels(dataclasses.replace(instance, quotas=quotas)) or _others_block(
            instance, report, bound
        )


def _others_block(instance: Instance, report, bound) -> bool:  # type: ignore[no-untyped-def]
    """Dropping a bound only relaxes that bound; with all *other* quotas dropped too it must be feasible."""
    keep = {(b.category, b.value, b.side) for b in report.conflicting if b != bound}
    quotas = tuple(
        Quota(
            q.category,
            q.value,
            q.min if (q.category, q.value, "min") in keep else 0,
            q.max if (q.category, q.value, "max") in keep else instance.panel_size,
        )
        for q in instance.quotas
    )
    return bool(all_panels(dataclasses.replace(instance, quotas=quotas)))


def _least_total_violation(instance: Instance) -> int:
    """Brute force: over every household-respecting group of the panel size, the fewest people of
    quota violation in total (0 when a valid panel exists)."""
    import itertools

    best = None
    for group in itertools.combinations(range(instance.n), instance.panel_size):
        homes = [instance.people[i].household for i in group if instance.people[i].household is not None]
        if instance.one_per_household and len(homes) != len(set(homes)):
            continue
        total = 0
        for q in instance.quotas:
            n = sum(1 for i in group if instance.people[i].features[q.category] == q.value)
            total += max(q.min - n, 0) + max(n - q.max, 0)
        best = total if best is None else min(best, total)
    assert best is not None
    return best


@settings(max_examples=60, deadline=None)
@given(small_instances(max_people=8, max_k=4))
def test_relaxation_is_the_smallest_and_the_message_names_every_change(instance: Instance) -> None:
    report = check_feasibility(instance)
    if report.feasible or report.conflicting[0].category == "panel size":
        return
    assert report.total_relaxation == _least_total_violation(instance)
    assert sum(c.fewer + c.more for c in report.changes) == report.total_relaxation
    for change in report.changes:
        q = change.quota
        assert f"{q.category} “{q.value}”" in report.message
        assert change.describe() in report.message


def test_many_conflicts_are_all_named() -> None:
    # 8 people, all young women in the city; the quotas ask for men, old people and villagers too.
    women = [Person(f"p{i}", {"gender": "f", "age": "young", "place": "city"}) for i in range(8)]
    people = (*women, Person("m1", {"gender": "m", "age": "young", "place": "city"}))
    quotas = (
        Quota("gender", "f", 0, 2),
        Quota("gender", "m", 3, 4),
        Quota("age", "young", 0, 2),
        Quota("age", "old", 2, 4),
        Quota("place", "city", 0, 3),
        Quota("place", "village", 1, 4),
    )
    inst = Instance(people, quotas, 4)
    report = check_feasibility(inst)
    assert not report.feasible
    changed = {(c.quota.category, c.quota.value) for c in report.changes}
    # every quota the pool cannot meet must change: too few men, no old people, no villagers …
    assert {("gender", "m"), ("age", "old"), ("place", "village")} <= changed
    assert report.total_relaxation == _least_total_violation(inst)
    for c in report.changes:
        assert c.describe() in report.message
    relaxed = dataclasses.replace(inst, quotas=report.relaxed_quotas)
    assert check_feasibility(relaxed).feasible
