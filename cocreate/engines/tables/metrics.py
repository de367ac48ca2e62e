"""Quality of a rotation: repeats, encounters, stakeholder mix, and how far each is from its bound."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations

from cocreate.engines.tables.model import RotationMetrics, RotationProblem


def group_key(person_id: str, group: str) -> str:
    """People without a stakeholder group count as a group of their own."""
    return group if group else "\0" + person_id


def repeat_free_bound(people: int, table_size: int, tables: int, hosts: bool) -> int:
    """Rounds that can be held with no repeated pair, at most.

    Each round a person meets ``table_size - 1`` new people out of ``people - 1``; with fixed hosts a
    visitor must also change table every round, so there can be no more rounds than tables.
    """
    if table_size <= 1:
        return 10**9
    bound = (people - 1) // (table_size - 1)
    return min(tables, bound) if hosts else bound


def _spread_pairs(count: int, bins: int) -> int:
    """Fewest same-kind pairs when ``count`` people are spread over ``bins`` tables."""
    if bins <= 0:
        return 0
    q, rem = divmod(count, bins)
    return (bins - rem) * q * (q - 1) // 2 + rem * (q + 1) * q // 2


def rotation_metrics(problem: RotationProblem, rounds: Sequence[Mapping[str, int]]) -> RotationMetrics:
    """Measure ``rounds`` (locked and planned alike) against ``problem``'s people and bounds."""
    groups: dict[str, str] = {}
    for p in problem.participants:
        groups[p.id] = group_key(p.id, p.group)
    hosts = {p.id: p.host_table for p in problem.participants if p.host_table is not None}
    forbidden = {frozenset(pair) for pair in problem.forbidden_pairs if pair[0] != pair[1]}

    meetings: Counter[frozenset[str]] = Counter()
    met: dict[str, set[str]] = {}
    encounters_of: Counter[str] = Counter()
    everyone: set[str] = set()
    min_distinct = 10**9
    distinct_bound = 10**9
    same_group = 0
    same_group_lb = 0
    forbidden_hits = 0
    spread = 0
    for assignment in rounds:
        tables: dict[int, list[str]] = {}
        for person, table in assignment.items():
            tables.setdefault(table, []).append(person)
            everyone.add(person)
        if not tables:
            continue
        sizes = [len(m) for m in tables.values()]
        spread = max(spread, max(sizes) - min(sizes))
        round_groups = Counter(groups.get(p, group_key(p, "")) for p in assignment)
        used = len(tables)
        same_group_lb += sum(_spread_pairs(c, used) for c in round_groups.values())
        reachable = sum(min(c, used) for c in round_groups.values()) // used
        distinct_bound = min(distinct_bound, min(sizes), len(round_groups), reachable)
        for members in tables.values():
            kinds = Counter(groups.get(p, group_key(p, "")) for p in members)
            min_distinct = min(min_distinct, len(kinds))
            same_group += sum(c * (c - 1) // 2 for c in kinds.values())
            for a, b in combinations(members, 2):
                pair = frozenset((a, b))
                meetings[pair] += 1
                met.setdefault(a, set()).add(b)
                met.setdefault(b, set()).add(a)
                if pair in forbidden:
                    forbidden_hits += 1
            for person in members:
                encounters_of[person] += len(members) - 1

    total = sum(meetings.values())
    repeat_encounters = sum(m - 1 for m in meetings.values())
    # Pairs that can ever meet: not two hosts of different tables.
    n_all = len(everyone)
    host_ids = [h for h in hosts if h in everyone]
    host_tables = Counter(hosts[h] for h in host_ids)
    h = len(host_ids)
    apart_hosts = h * (h - 1) // 2 - sum(c * (c - 1) // 2 for c in host_tables.values())
    meetable = n_all * (n_all - 1) // 2 - apart_hosts
    lb_pairs = max(0, total - meetable)
    lb_people = 0
    for person, enc in encounters_of.items():
        reach = n_all - 1
        if person in hosts:
            reach -= h - host_tables[hosts[person]]
        lb_people += max(0, enc - reach)
    repeat_lb = max(lb_pairs, (lb_people + 1) // 2)

    active = [p.id for p in problem.participants]
    n = len(active)
    g = len(problem.table_capacities)
    size = -(-n // g) if g else 0
    return RotationMetrics(
        repeated_pairs=sum(1 for m in meetings.values() if m > 1),
        repeat_encounters=repeat_encounters,
        max_pair_meetings=max(meetings.values(), default=0),
        repeat_lower_bound=repeat_lb,
        repeat_free_bound=repeat_free_bound(n, size, g, bool(hosts)),
        unique_encounter_ratio=(len(meetings) / total) if total else 1.0,
        min_new_contacts=min((len(met.get(p, ())) for p in active), default=0),
        min_distinct_groups=0 if min_distinct == 10**9 else min_distinct,
        distinct_groups_bound=0 if distinct_bound == 10**9 else distinct_bound,
        same_group_pairs=same_group,
        same_group_lower_bound=same_group_lb,
        forbidden_violations=forbidden_hits,
        size_spread=spread,
    )
