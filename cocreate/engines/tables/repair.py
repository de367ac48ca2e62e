"""A last pass over a planned rotation: move a visitor away from a forbidden mate.

The search keeps each table's size fixed within a round and only swaps people, so a visitor seated
with a forbidden mate cannot escape when every other visitor is needed where they are (e.g. one
visitor and three single hosts). Moving the visitor to a smaller table keeps the sizes within one
of each other and removes the conflict; among such tables, the one where they meet fewest people
again is chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cocreate.engines.tables.model import RotationProblem


def _meetings(rounds: Sequence[dict[str, int]], skip: int) -> Counter[frozenset[str]]:
    met: Counter[frozenset[str]] = Counter()
    for k, seating in enumerate(rounds):
        if k == skip:
            continue
        tables: dict[int, list[str]] = {}
        for person, table in seating.items():
            tables.setdefault(table, []).append(person)
        for people in tables.values():
            for i, a in enumerate(people):
                for b in people[i + 1 :]:
                    met[frozenset((a, b))] += 1
    return met


def separate_forbidden(
    problem: RotationProblem, rounds: list[dict[str, int]], first_free: int
) -> list[dict[str, int]]:
    """Fix forbidden pairs in the rounds from ``first_free`` on (held rounds never move)."""
    forbidden = {frozenset(p) for p in problem.forbidden_pairs if p[0] != p[1]}
    if not forbidden:
        return rounds
    hosts = {p.id for p in problem.participants if p.host_table is not None}
    tables_count = len(problem.table_capacities)
    for k in range(first_free, len(rounds)):
        seating = rounds[k]
        changed = True
        while changed:
            changed = False
            members: dict[int, set[str]] = {t: set() for t in range(tables_count)}
            for person, table in seating.items():
                members.setdefault(table, set()).add(person)
            for person, table in sorted(seating.items()):
                if person in hosts or not any(
                    frozenset((person, o)) in forbidden for o in members[table] - {person}
                ):
                    continue
                met = _meetings(rounds, k)
                options = [
                    t
                    for t in members
                    if t != table
                    and len(members[t]) < len(members[table])
                    and len(members[t]) < problem.table_capacities[t]
                    and not any(frozenset((person, o)) in forbidden for o in members[t])
                ]
                if not options:
                    continue
                best = min(options, key=lambda t: (sum(met[frozenset((person, o))] for o in members[t]), t))
                seating[person] = best
                changed = True
                break
    return rounds
