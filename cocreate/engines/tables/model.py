"""Plain data in and out of the World Café rotation engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Participant:
    """One person at the café. ``host_table`` pins a host to a table for every round."""

    id: str
    group: str = ""
    host_table: int | None = None


@dataclass(frozen=True)
class RotationProblem:
    """What to plan.

    ``locked_rounds`` are rounds already held (person id -> table index); they are copied into the
    plan unchanged and count towards pairs already met. People in them who are no longer in
    ``participants`` have left; participants missing from them arrived late.
    """

    participants: tuple[Participant, ...]
    table_capacities: tuple[int, ...]
    rounds: int
    forbidden_pairs: tuple[tuple[str, str], ...] = ()
    locked_rounds: tuple[Mapping[str, int], ...] = ()
    seed: int = 0
    # Work the searches may do while repeats (or avoidable same-group pairs) remain: each search
    # phase takes at most this many steps. Counted in steps, not seconds, so that the same problem
    # and seed give the same plan on a fast and on a slow machine.
    max_steps: int = 3000
    time_limit: float = 30.0  # seconds: a safety stop only, for machines far slower than expected


@dataclass(frozen=True)
class RotationMetrics:
    repeated_pairs: int  # pairs of people who met more than once
    repeat_encounters: int  # meetings beyond the first, summed over pairs
    max_pair_meetings: int
    repeat_lower_bound: int  # fewest repeat encounters any plan of these sizes can have
    repeat_free_bound: int  # rounds that can be held without a repeat, at most
    unique_encounter_ratio: float  # distinct pairs met / all pair meetings (1.0 = no repeats)
    min_new_contacts: int  # fewest distinct people met by a participant
    min_distinct_groups: int  # over every table of every round
    distinct_groups_bound: int  # the most that min could be (table size vs number of groups)
    same_group_pairs: int
    same_group_lower_bound: int
    forbidden_violations: int
    size_spread: int  # largest (max - min) table size within one round

    @property
    def same_group_gap(self) -> int:
        return self.same_group_pairs - self.same_group_lower_bound


@dataclass(frozen=True)
class RotationPlan:
    rounds: tuple[dict[str, int], ...]  # one mapping person id -> table index per round
    metrics: RotationMetrics
    method: str  # "construction", "construction+search", "search"
    notes: tuple[str, ...] = field(default=())

    def tables(self, round_index: int) -> list[list[str]]:
        """The people at each table in one round (hosts first is not guaranteed)."""
        width = 1 + max(self.rounds[round_index].values(), default=-1)
        out: list[list[str]] = [[] for _ in range(width)]
        for person, table in self.rounds[round_index].items():
            out[table].append(person)
        return out
