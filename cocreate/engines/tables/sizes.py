"""How many people sit at each table in a round: shared by the planner and its yardstick
(baseline.py), so neither imports the other for it."""

from __future__ import annotations

from collections.abc import Sequence


def table_sizes(n: int, capacities: Sequence[int], host_counts: Sequence[int], offset: int = 0) -> list[int]:
    """Sizes as even as the capacities allow (differing by at most one where they can), hosts seated.

    ``offset`` rotates which tables take the extra person, so that over several rounds the extras
    move around.
    """
    g = len(capacities)
    if n > sum(capacities):
        raise ValueError(f"{n} people do not fit at tables seating {sum(capacities)} in all")
    for t in range(g):
        if host_counts[t] > capacities[t]:
            raise ValueError(f"table {t} has {host_counts[t]} hosts but only {capacities[t]} seats")
    if sum(host_counts) > n:
        raise ValueError("more hosts than people")

    def fill(level: int) -> list[int]:
        return [max(h, min(c, level)) for c, h in zip(capacities, host_counts, strict=True)]

    level = 0
    while sum(fill(level + 1)) <= n and level < max(capacities, default=0):
        level += 1
    sizes = fill(level)
    left = n - sum(sizes)
    order = [(t + offset) % g for t in range(g)] if g else []
    for pass_level in (level, None):
        for t in order:
            if left == 0:
                break
            if sizes[t] < capacities[t] and (pass_level is None or sizes[t] == pass_level):
                sizes[t] += 1
                left -= 1
    return sizes
