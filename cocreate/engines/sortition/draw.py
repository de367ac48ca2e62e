"""Transparent draws from a published seed, rounding to a uniform lottery, and replacements.

Random numbers come from SHA-256 of the seed and a label, so anyone can recompute a draw from the
published seed and lottery with any language's hash function (no dependence on a library's RNG).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._highs import INF, new_highs, pass_model, solve_mip
from .exact_rounding import enumerate_panels, exact_uses, two_feature_panels
from .grouping import FloatArray, IntArray, TypeTable, build_types
from .lottery import Lottery
from .model import Instance


def uniform(seed: str, label: str) -> float:
    """A number in [0, 1) from sha256("<seed>|<label>"): the first 8 bytes, big-endian, over 2**64."""
    digest = hashlib.sha256(f"{seed}|{label}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def _choose(members: Sequence[int], count: int, seed: str, label: str) -> list[int]:
    """``count`` of ``members`` by a partial Fisher–Yates shuffle driven by ``uniform``."""
    pool = list(members)
    for i in range(count):
        j = i + int(uniform(seed, f"{label}:{i}") * (len(pool) - i))
        pool[i], pool[j] = pool[j], pool[i]
    return sorted(pool[:count])


@dataclass(frozen=True)
class Draw:
    seed: str
    panel_index: int  # which composition (or which of the m panels of a uniform lottery)
    person_ids: tuple[str, ...]


def draw_panel(lottery: Lottery, seed: str) -> Draw:
    """Pick a composition with its probability, then its members uniformly within each type."""
    u = uniform(seed, "panel")
    cumulative = np.cumsum(lottery.weights)
    j = int(min(np.searchsorted(cumulative, u * cumulative[-1], side="right"), len(cumulative) - 1))
    chosen: list[int] = []
    for t, count in sorted(lottery.panel_members(j).items()):
        chosen += _choose(lottery.table.members[t].tolist(), count, seed, f"type{t}")
    return Draw(seed, j, tuple(lottery.person_ids[i] for i in sorted(chosen)))


@dataclass(frozen=True)
class UniformLottery:
    """m panels, each drawn with probability 1/m (Flanigan et al., "Fair sortition made transparent")."""

    panels: tuple[tuple[str, ...], ...]
    probabilities: FloatArray  # per person: share of the m panels they sit on
    target: FloatArray  # the exact lottery's probabilities
    max_deviation: float  # max over people of |probabilities - target|
    # "two features": quotas on at most two features, no households: LPs over a totally unimodular
    # system, every member strictly within one panel (any pool size, exact_rounding.py);
    # "exact": an integer program over all valid panels decided it (small pools, exact_rounding.py);
    # "repair": the integer program over the lottery's panels and repair moves (large pools)
    method: str = "repair"
    # True only with "exact": no m panels at all are within one panel for everyone (proven), and
    # these are the m panels of least largest deviation
    impossible: bool = False

    @property
    def within_one_panel(self) -> bool:
        """Every person sits on the m panels as often as the exact lottery says, within one panel
        (|probability - target| <= 1/m)."""
        return self.max_deviation <= 1.0 / len(self.panels) + 1e-9


# Work limits of the rounding (deterministic: the same panels on every machine).
ROUNDING_MIP_NODES = 50
ROUNDING_REPAIR_SWAPS = 100_000


def round_lottery(lottery: Lottery, m: int = 1000, *, max_nodes: int = ROUNDING_MIP_NODES) -> UniformLottery:
    """Round to m equally likely panels, each person on them within one panel of m x their
    probability (``within_one_panel``).

    Quotas on at most two features and no households (any pool size): LPs over a totally
    unimodular system construct m panels on which every member sits floor(m p) or ceil(m p) times.

    Small pools (their valid panels can be listed, exact_rounding.py): one integer program over all
    panels, solved with no time or node limit, gives m panels within one panel whenever any m panels
    are, and otherwise proves that none are (``impossible``) and gives those of least deviation.

    Large pools:

    1. An integer program over how often each panel of the lottery is used keeps every type's
       number of seats close to its target (a node limit, not a time limit, bounds its work).
    2. Swaps repair the rest: a member of a type with too many seats is swapped, on one of the m
       panels, for a type with too few, keeping every quota and the household rule.
    3. Within a type, seats are dealt round-robin, so members of one type differ by at most one
       panel; a type with seats in [c * lo, c * hi] gives each of its c members lo..hi panels."""
    table = lottery.table
    comps = lottery.compositions.astype(np.float64)
    n_types = comps.shape[1]
    counts = table.counts.astype(np.float64)
    target_t = lottery.type_probabilities
    # Allowed panels per member: within one of m * target (and of course 0..m).
    lo_member = np.clip(np.ceil(m * target_t - 1.0 - 1e-9), 0, m)
    hi_member = np.clip(np.floor(m * target_t + 1.0 + 1e-9), 0, m)
    seats_lo, seats_hi = counts * lo_member, counts * hi_member
    method, impossible = "repair", False
    two_features = two_feature_panels(table, target_t, m)
    listed = enumerate_panels(table) if two_features is None else None
    exact = exact_uses(listed, counts, target_t, lo_member, hi_member, m) if listed is not None else None
    if two_features is not None:
        method, panels_t = "two features", two_features
    elif listed is not None and exact is not None:
        method, impossible = "exact", not exact.within_one_panel
        panels_t = np.repeat(listed, exact.uses, axis=0)  # (m, types)
    else:
        uses = _round_uses(lottery.weights, comps, counts, target_t, m, max_nodes)
        panels_t = np.repeat(lottery.compositions, uses, axis=0)  # (m, types)
        _repair(table, panels_t, seats_lo, seats_hi)
    # Deal members round-robin within each type.
    pointer = np.zeros(n_types, dtype=np.int64)
    panels: list[tuple[str, ...]] = []
    hits = np.zeros(len(lottery.person_ids))
    for row in panels_t:
        chosen: list[int] = []
        for t in np.flatnonzero(row):
            members = table.members[t]
            x = int(row[t])
            idx = (pointer[t] + np.arange(x)) % len(members)
            pointer[t] = (pointer[t] + x) % len(members)
            chosen += members[idx].tolist()
        chosen.sort()
        hits[chosen] += 1
        panels.append(tuple(lottery.person_ids[i] for i in chosen))
    probabilities = hits / m
    return UniformLottery(
        tuple(panels),
        probabilities,
        lottery.probabilities,
        float(np.abs(probabilities - lottery.probabilities).max()),
        method,
        impossible,
    )


def _round_uses(
    weights: FloatArray, comps: FloatArray, counts: FloatArray, target_t: FloatArray, m: int, max_nodes: int
) -> IntArray:
    """How often each panel is used (summing to m): largest-remainder rounding of m x weights,
    improved by an integer program minimising the largest deviation of a type's seats per member."""
    n_panels, n_types = comps.shape
    raw = weights * m
    start = np.floor(raw)
    extra = int(m - start.sum())
    start[np.argsort(-(raw - start), kind="stable")[:extra]] += 1
    # Variables: uses n_P (integer), deviation d. Rows: sum n = m; +-(sum n_P x_tP / c_t - m pi_t) <= d.
    scaled = sp.csr_matrix(comps.T / counts[:, None])
    dev_col = sp.csr_matrix(-np.ones((n_types, 1)))
    matrix = sp.vstack(
        [
            sp.hstack([sp.csr_matrix(np.ones((1, n_panels))), sp.csr_matrix((1, 1))]),
            sp.hstack([scaled, dev_col]),
            sp.hstack([-scaled, dev_col]),
        ]
    ).tocsc()
    h = new_highs()
    h.setOptionValue("mip_max_nodes", int(max_nodes))
    # A deviation below one panel per member is all the repair needs; stop proving beyond that.
    h.setOptionValue("mip_abs_gap", 0.05)
    pass_model(
        h,
        cost=np.concatenate([np.zeros(n_panels), [1.0]]),
        lower=np.zeros(n_panels + 1),
        upper=np.concatenate([np.full(n_panels, float(m)), [float(m)]]),
        matrix=matrix,
        row_lower=np.concatenate([[float(m)], np.full(2 * n_types, -INF)]),
        row_upper=np.concatenate([[float(m)], m * target_t, -m * target_t]),
        maximise=False,
        integer=[True] * n_panels + [False],
    )
    start_dev = float(np.abs(start @ comps / counts - m * target_t).max())
    h.setSolution(n_panels + 1, np.arange(n_panels + 1, dtype=np.int32), np.concatenate([start, [start_dev]]))
    res = solve_mip(h)
    uses = np.rint(res.x[:n_panels]).astype(np.int64) if res.x is not None else start.astype(np.int64)
    if uses.sum() != m or (uses < 0).any():
        uses = start.astype(np.int64)
    return uses


def _repair(table: TypeTable, panels: IntArray, seats_lo: FloatArray, seats_hi: FloatArray) -> None:
    """Move seats between types until every type's seats lie in [seats_lo, seats_hi] or no move is
    left. A move is a chain of swaps, each on a different one of the m panels, that keep the quotas
    and the household rule: a type with a seat to spare gives one to the next type on the chain,
    which gives one to the next …, down to the type that needs it; the types in between keep
    their seats. Chains are found by breadth-first search over types."""
    seats = panels.sum(axis=0).astype(np.float64)
    quota_count = panels.astype(np.float64) @ table.quota_matrix.T  # (m, Q)
    for _ in range(ROUNDING_REPAIR_SWAPS):
        under = np.flatnonzero(seats < seats_lo - 1e-9)
        over = np.flatnonzero(seats > seats_hi + 1e-9)
        if len(under) == 0 and len(over) == 0:
            return
        moved = False
        for b in under:  # b needs a seat from any type that can spare one
            spare = seats - 1 >= seats_lo - 1e-9
            if _move_seat(table, panels, quota_count, seats, spare, int(b), towards_target=True):
                moved = True
                break
        if not moved:
            for a in over:  # a gives a seat to any type that can take one
                room = seats + 1 <= seats_hi + 1e-9
                if _move_seat(table, panels, quota_count, seats, room, int(a), towards_target=False):
                    moved = True
                    break
        if moved or _resolve_one_panel(table, panels, quota_count, seats, seats_lo, seats_hi):
            continue
        if not _resolve_panels(table, panels, quota_count, seats, seats_lo, seats_hi):
            return


def _resolve_one_panel(
    table: TypeTable,
    panels: IntArray,
    quota_count: FloatArray,
    seats: FloatArray,
    seats_lo: FloatArray,
    seats_hi: FloatArray,
) -> bool:
    """The stronger move: replace one of the m panels by another valid panel (an integer program)
    that gives types short of seats more, types with too many fewer, and keeps every other type's
    seats within its range. Returns True if some panel improved."""
    from .oracle import constraint_matrix

    matrix, lo, hi = constraint_matrix(table)
    n_types = table.n_types
    weights = np.where(seats < seats_lo - 1e-9, 1.0, 0.0) - np.where(seats > seats_hi + 1e-9, 1.0, 0.0)
    h = new_highs()
    h.setOptionValue("mip_max_nodes", ROUNDING_MIP_NODES)
    pass_model(
        h,
        cost=weights,
        lower=np.zeros(n_types),
        upper=table.counts.astype(np.float64),
        matrix=matrix,
        row_lower=lo,
        row_upper=hi,
        maximise=True,
        integer=[True] * n_types,
    )
    idx = np.arange(n_types, dtype=np.int32)
    for j in range(panels.shape[0]):
        old = panels[j].astype(np.float64)
        low = np.maximum(0.0, old - np.maximum(seats - seats_lo, 0.0))
        low = np.minimum(low, old)
        up = np.minimum(table.counts, old + np.maximum(seats_hi - seats, 0.0))
        up = np.maximum(up, old)
        h.changeColsBounds(n_types, idx, np.floor(low + 1e-9), np.ceil(up - 1e-9))
        h.setSolution(n_types, idx, old)
        res = solve_mip(h)
        if res.x is None:
            continue
        new = np.rint(res.x).astype(np.int64)
        if float(weights @ new) > float(weights @ old) + 0.5:
            quota_count[j] += table.quota_matrix @ (new - panels[j])
            seats += new - panels[j]
            panels[j] = new
            return True
    return False


# The joint re-solve frees a few panels at once: receivers of the neediest type, donors of spare
# seats and, for room to reshuffle, a block of consecutive panels (a different block each attempt).
JOINT_RECEIVERS = 2
JOINT_DONORS = 3
JOINT_BLOCK = 5
JOINT_ATTEMPTS = 8


def _resolve_panels(
    table: TypeTable,
    panels: IntArray,
    quota_count: FloatArray,
    seats: FloatArray,
    seats_lo: FloatArray,
    seats_hi: FloatArray,
) -> bool:
    """The strongest move: re-solve a few of the m panels together (one integer program) so that
    seats pass through types that have none to spare: a type short of seats enters the receiving
    panels, whoever leaves them enters other freed panels, where types with seats to spare leave,
    every panel keeping its quotas and every other type staying within its range. The panels are
    the receivers where the neediest type fits most easily, the donors richest in spare seats and
    a block of consecutive panels that leaves room to reshuffle (often every member of a freed
    panel changes). Returns True if the total distance of the seats from their ranges went down."""
    from .oracle import constraint_matrix

    under = np.maximum(seats_lo - seats, 0.0)
    over = np.maximum(seats - seats_hi, 0.0)
    violation = under + over
    if violation.sum() <= 1e-9:
        return False
    needy = int(np.argmax(violation))
    short = under[needy] > 0
    spare = np.maximum(seats - seats_lo, 0.0) if short else np.maximum(seats_hi - seats, 0.0)
    # receivers: panels that can take (give) the needy type, most alike in their members first;
    # a short type's housemates must not be on them
    same = (table.quota_matrix.T @ table.quota_matrix[:, needy]).astype(np.float64)  # shared values
    has = panels[:, needy] > 0
    if short:
        hh = int(table.household_of_type[needy])
        mates = table.households[hh] if hh >= 0 else np.array([needy])
        receivers = np.flatnonzero((panels[:, mates] == 0).all(axis=1))
    else:
        receivers = np.flatnonzero(has)
    affinity = (panels[receivers] * same).sum(axis=1)
    receivers = receivers[np.argsort(-affinity, kind="stable")]
    # donors: panels holding (short) or lacking (over) most of the types that can give (take) a
    # seat, those most alike the needy type first
    givers = np.where(spare > 0.5, 1.0 + same, 0.0)
    present = np.minimum(panels, 1)
    donors = np.argsort(-((present if short else 1 - present) @ givers), kind="stable")
    matrix, lo, hi = constraint_matrix(table)
    m = panels.shape[0]
    for attempt in range(JOINT_ATTEMPTS):
        chosen = [int(j) for j in receivers[attempt * JOINT_RECEIVERS : (attempt + 1) * JOINT_RECEIVERS]]
        for j in donors:
            if len(chosen) >= JOINT_RECEIVERS + JOINT_DONORS:
                break
            if j not in chosen:
                chosen.append(int(j))
        size = JOINT_BLOCK * (1 + 2 * attempt // JOINT_ATTEMPTS)  # larger blocks in later attempts
        block = [(attempt * JOINT_BLOCK + i) % m for i in range(size)]
        chosen += [j for j in block if j not in chosen]
        if not chosen:
            return False
        new = _joint_ip(table, matrix, lo, hi, panels[chosen], seats, seats_lo, seats_hi)
        if new is None:
            continue
        after = seats + (new - panels[chosen]).sum(axis=0)
        gain = violation.sum() - (np.maximum(seats_lo - after, 0.0) + np.maximum(after - seats_hi, 0.0)).sum()
        if gain > 0.5:
            for row, j in zip(new, chosen, strict=True):
                quota_count[j] += table.quota_matrix @ (row - panels[j])
                panels[j] = row
            seats[:] = after
            return True
    return False


def _joint_ip(
    table: TypeTable,
    matrix: sp.csc_matrix,
    lo: FloatArray,
    hi: FloatArray,
    old: IntArray,
    seats: FloatArray,
    seats_lo: FloatArray,
    seats_hi: FloatArray,
) -> IntArray | None:
    """Re-solve the panels ``old`` together: each a valid panel; every type's seats (the others'
    plus these) within its range where it is now, and as little outside it as possible otherwise."""
    n_free, n_types = old.shape
    base = seats - old.sum(axis=0)
    inside = (seats >= seats_lo - 1e-9) & (seats <= seats_hi + 1e-9)
    # Variables: n_free blocks of people per type, then per type its shortfall and its excess.
    blocks = sp.block_diag([matrix] * n_free, format="csr")
    seat_rows = sp.hstack([sp.identity(n_types, format="csr")] * n_free, format="csr")
    eye = sp.identity(n_types, format="csr")
    full = sp.vstack(
        [
            sp.hstack([blocks, sp.csr_matrix((blocks.shape[0], 2 * n_types))]),
            sp.hstack([seat_rows, eye, -eye]),
        ]
    ).tocsc()
    slack_hi = np.where(inside, 0.0, INF)
    h = new_highs()
    h.setOptionValue("mip_max_nodes", ROUNDING_MIP_NODES)
    pass_model(
        h,
        cost=np.concatenate([np.zeros(n_free * n_types), np.ones(2 * n_types)]),
        lower=np.zeros(n_free * n_types + 2 * n_types),
        upper=np.concatenate([np.tile(table.counts.astype(np.float64), n_free), slack_hi, slack_hi]),
        matrix=full,
        row_lower=np.concatenate([np.tile(lo, n_free), seats_lo - base]),
        row_upper=np.concatenate([np.tile(hi, n_free), seats_hi - base]),
        maximise=False,
        integer=[True] * (n_free * n_types) + [False] * (2 * n_types),
    )
    start_short = np.maximum(seats_lo - seats, 0.0)
    start_excess = np.maximum(seats - seats_hi, 0.0)
    start = np.concatenate([old.astype(np.float64).ravel(), start_short, start_excess])
    h.setSolution(len(start), np.arange(len(start), dtype=np.int32), start)
    res = solve_mip(h)
    if res.x is None:
        return None
    return np.rint(res.x[: n_free * n_types]).reshape(n_free, n_types).astype(np.int64)


def _quotas_hold(table: TypeTable, after: FloatArray) -> np.ndarray:
    lo, hi = table.quota_min[:, None] - 1e-9, table.quota_max[:, None] + 1e-9
    return np.asarray(((after >= lo) & (after <= hi)).all(axis=0), dtype=bool)


def _swap_fits(
    table: TypeTable, panels: IntArray, quota_count: FloatArray, j: int, out: int, into: IntArray
) -> np.ndarray:
    """Which types of ``into`` may replace one member of type ``out`` on panel j."""
    q = table.quota_matrix
    after = quota_count[j][:, None] + q[:, into] - q[:, [out]]
    fits = _quotas_hold(table, after)
    fits &= (panels[j, into] < table.counts[into]) & (into != out)
    hh = table.household_of_type
    if len(table.households):
        present = np.flatnonzero(panels[j] > 0)
        busy = set(hh[present][hh[present] >= 0].tolist())
        if panels[j, out] == 1 and hh[out] >= 0:
            busy.discard(int(hh[out]))
        fits &= np.array([h < 0 or h not in busy for h in hh[into].tolist()], dtype=bool)
    return np.asarray(fits, dtype=bool)


def _leave_fits(
    table: TypeTable, panels: IntArray, quota_count: FloatArray, j: int, out: IntArray, into: int
) -> np.ndarray:
    """Which present types of ``out`` may leave panel j so that one member of type ``into`` comes in."""
    q = table.quota_matrix
    after = quota_count[j][:, None] + q[:, [into]] - q[:, out]
    fits = _quotas_hold(table, after)
    fits &= out != into
    hh = table.household_of_type
    if len(table.households) and hh[into] >= 0:
        present = np.flatnonzero(panels[j] > 0)
        holders = present[hh[present] == hh[into]]  # a housemate of ``into`` already on the panel
        if len(holders):
            fits &= out == holders[0]
    return np.asarray(fits, dtype=bool)


def _move_seat(
    table: TypeTable,
    panels: IntArray,
    quota_count: FloatArray,
    seats: FloatArray,
    ends: np.ndarray,
    start: int,
    *,
    towards_target: bool,
) -> bool:
    """Breadth-first search for a chain of swaps. With ``towards_target`` the chain ends at
    ``start`` (which gains a seat) and begins at a type in ``ends`` (which loses one); otherwise it
    begins at ``start`` and ends in ``ends``. Applies the chain and returns True if one is found."""
    n_types = table.n_types
    all_types = np.arange(n_types)
    parent: dict[int, tuple[int, int]] = {}  # type -> (neighbour towards start, panel)
    frontier = [start]
    seen = np.zeros(n_types, dtype=bool)
    seen[start] = True
    m = panels.shape[0]
    while frontier:
        nxt: list[int] = []
        for x in frontier:
            for j in range(m):
                if towards_target:
                    # who on panel j may leave so that x comes in?
                    if panels[j, x] >= table.counts[x]:
                        continue
                    present = np.flatnonzero(panels[j] > 0)
                    cand = present[~seen[present]]
                    if len(cand) == 0:
                        continue
                    found = cand[_leave_fits(table, panels, quota_count, j, cand, x)]
                else:
                    # x leaves panel j: who may come in?
                    if panels[j, x] == 0:
                        continue
                    cand = all_types[~seen]
                    if len(cand) == 0:
                        continue
                    found = cand[_swap_fits(table, panels, quota_count, j, x, cand)]
                for y in found.tolist():
                    if seen[y]:
                        continue
                    seen[y] = True
                    parent[y] = (x, j)
                    if ends[y]:
                        return _apply_chain(
                            table, panels, quota_count, seats, parent, y, start, towards_target
                        )
                    nxt.append(y)
        frontier = nxt
    return False


def _apply_chain(
    table: TypeTable,
    panels: IntArray,
    quota_count: FloatArray,
    seats: FloatArray,
    parent: dict[int, tuple[int, int]],
    end: int,
    start: int,
    towards_target: bool,
) -> bool:
    steps: list[tuple[int, int, int]] = []  # (out, in, panel)
    y = end
    while y != start:
        x, j = parent[y]
        steps.append((y, x, j) if towards_target else (x, y, j))
        y = x
    q = table.quota_matrix
    done: list[tuple[int, int, int]] = []
    for out, into, j in steps:
        # Steps on different panels are independent; on the same panel, check again before each.
        if not _swap_fits(table, panels, quota_count, j, out, np.array([into]))[0] or panels[j, out] == 0:
            for o, i, jj in reversed(done):
                panels[jj, o] += 1
                panels[jj, i] -= 1
                quota_count[jj] += q[:, o] - q[:, i]
            return False
        panels[j, out] -= 1
        panels[j, into] += 1
        quota_count[j] += q[:, into] - q[:, out]
        done.append((out, into, j))
    first_out, last_in = (end, start) if towards_target else (start, end)
    seats[first_out] -= 1
    seats[last_in] += 1
    return True


def draw_uniform(rounded: UniformLottery, seed: str) -> Draw:
    j = int(uniform(seed, "panel") * len(rounded.panels))
    return Draw(seed, j, rounded.panels[j])


@dataclass(frozen=True)
class Replacement:
    added: tuple[str, ...]
    panel: tuple[str, ...]  # the panel after replacement
    quota_violation: int  # people by which the new panel misses quotas in total (0: all met)


def replace_dropouts(
    instance: Instance, panel: Sequence[str], dropouts: Sequence[str], seed: str
) -> Replacement:
    """Replace ``dropouts`` with people from the rest of the pool so that the panel meets the quotas
    as well as possible (fewest people of quota violation in total); among the best choices, the
    seed decides. Household rule is kept; fewer replacements are made if the pool runs out."""
    index = {p.id: i for i, p in enumerate(instance.people)}
    unknown = [pid for pid in list(panel) + list(dropouts) if pid not in index]
    if unknown:
        from .model import SortitionInputError

        raise SortitionInputError(f"Unknown person ids: {', '.join(unknown[:5])}.")
    dropped = set(dropouts)
    kept = [index[pid] for pid in panel if pid not in dropped]
    table = build_types(instance)
    n_types = table.n_types
    excluded = np.zeros(instance.n, dtype=bool)
    excluded[[index[pid] for pid in panel]] = True
    excluded[[index[pid] for pid in dropouts]] = True
    if instance.one_per_household:
        homes = {instance.people[i].household for i in kept if instance.people[i].household is not None}
        for i, p in enumerate(instance.people):
            if p.household in homes:
                excluded[i] = True
    available = [table.members[t][~excluded[table.members[t]]] for t in range(n_types)]
    avail_count = np.array([len(a) for a in available], dtype=np.float64)
    wanted = int(min(len(panel) - len(kept), avail_count.sum()))
    base = table.quota_matrix[:, table.type_of_person[kept]].sum(axis=1)
    n_q = len(base)
    # Variables: r_t (integer), slack below min, slack above max. Cost: slack, plus a seeded tie-break.
    tie = np.array([uniform(seed, f"replace-type{t}") for t in range(n_types)]) * 1e-3 / max(wanted, 1)
    quota = sp.csr_matrix(table.quota_matrix)
    eye = sp.identity(n_q, format="csr")
    rows = [
        sp.hstack([sp.csr_matrix(np.ones((1, n_types))), sp.csr_matrix((1, 2 * n_q))]),
        sp.hstack([quota, eye, -eye]),
    ]
    lo = [np.array([float(wanted)]), table.quota_min - base]
    hi = [np.array([float(wanted)]), table.quota_max - base]
    if table.households:
        r = np.concatenate([np.full(len(h), i) for i, h in enumerate(table.households)])
        hh = sp.csr_matrix(
            (np.ones(len(r)), (r, np.concatenate(table.households))), shape=(len(table.households), n_types)
        )
        rows.append(sp.hstack([hh, sp.csr_matrix((len(table.households), 2 * n_q))]))
        lo.append(np.full(len(table.households), -INF))
        hi.append(np.ones(len(table.households)))
    matrix = sp.vstack(rows).tocsc()
    h = new_highs()
    pass_model(
        h,
        cost=np.concatenate([tie, np.ones(2 * n_q)]),
        lower=np.zeros(n_types + 2 * n_q),
        upper=np.concatenate([avail_count, np.full(2 * n_q, float(instance.panel_size))]),
        matrix=matrix,
        row_lower=np.concatenate(lo),
        row_upper=np.concatenate(hi),
        maximise=False,
        integer=[True] * (n_types + 2 * n_q),
    )
    res = solve_mip(h)
    if res.x is None:
        raise RuntimeError("Replacement search failed unexpectedly.")
    take = np.rint(res.x[:n_types]).astype(np.int64)
    violation = int(np.rint(res.x[n_types:]).sum())
    added: list[int] = []
    for t in np.flatnonzero(take):
        added += _choose(available[t].tolist(), int(take[t]), seed, f"replace{t}")
    added_ids = tuple(instance.people[i].id for i in sorted(added))
    new_panel = tuple(instance.people[i].id for i in sorted(kept + added))
    return Replacement(added_ids, new_panel, violation)
