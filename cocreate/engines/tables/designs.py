"""Known repeat-free designs for Social Golfer shapes that the modular designs do not reach.

Each design is built from a small description and checked before use: every pair of golfers sits
at one table at most once, every table of every round has its size. A design of w rounds also
serves every shape with fewer rounds (any of its rounds are repeat-free together).

- **18 golfers, 6 tables of 3, 8 rounds** -- the affine plane of order 3 doubled. Golfer
  9e + 3a + b is point (a, b) of AG(2, 3) in layer e in {0, 1}. A table is a line of the plane lifted
  to the layers by a pattern (which layer each of its three points takes); the four patterns of one
  parity are edge-disjoint triangles of the line's six lifted points, so they cover each pair of
  them exactly once except a point's two layers. A round is six lines that cover every point twice,
  with patterns that give each point both layers. Found by an exhaustive search over the patterns;
  the 144 pairs it covers are all pairs but the nine (x, 0)-(x, 1), so 8 rounds is the most.
- **28 golfers, 7 tables of 4, 9 rounds** -- a resolvable 2-(28, 4, 1) design developed over Z_7.
  Golfer 4x + j is row x in Z_7 of column j. Round 0 seats each row at a table; round 1 seats the
  transversals {(i, 0), (i+1, 1), (i+2, 2), (i+4, 3)}; rounds 2..8 are the base round below
  translated by 0..6 (every row x -> x + t). Pairs fall into 54 orbits under translation (column
  pair and row difference); the two fixed rounds and the base round use each orbit exactly once,
  so every pair meets exactly once. The base round was found by a backtracking search over blocks.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]

_EIGHTEEN: tuple[tuple[tuple[int, int, int], ...], ...] = (
    ((0, 3, 6), (1, 4, 7), (2, 14, 17), (5, 10, 15), (8, 9, 13), (11, 12, 16)),
    ((0, 12, 15), (1, 13, 16), (2, 5, 8), (3, 7, 11), (4, 9, 17), (6, 10, 14)),
    ((0, 13, 17), (1, 5, 6), (2, 7, 12), (3, 9, 15), (4, 10, 16), (8, 11, 14)),
    ((0, 4, 8), (1, 14, 15), (2, 3, 16), (5, 11, 17), (6, 9, 12), (7, 10, 13)),
    ((0, 1, 2), (3, 4, 5), (6, 16, 17), (7, 9, 14), (8, 10, 12), (11, 13, 15)),
    ((0, 10, 11), (1, 12, 17), (2, 4, 15), (3, 13, 14), (5, 9, 16), (6, 7, 8)),
    ((0, 5, 7), (1, 9, 11), (2, 6, 13), (3, 10, 17), (4, 12, 14), (8, 15, 16)),
    ((0, 14, 16), (1, 3, 8), (2, 9, 10), (4, 6, 11), (5, 12, 13), (7, 15, 17)),
)

# (row, column) cells of the seven tables of the base round of the 28-golfer design.
_TWENTY_EIGHT_BASE: tuple[tuple[tuple[int, int], ...], ...] = (
    ((0, 0), (1, 0), (2, 3), (6, 3)),
    ((0, 1), (2, 0), (4, 0), (6, 1)),
    ((0, 2), (2, 2), (3, 0), (6, 0)),
    ((0, 3), (1, 2), (4, 2), (5, 3)),
    ((1, 1), (3, 1), (5, 2), (6, 2)),
    ((1, 3), (3, 2), (4, 1), (5, 0)),
    ((2, 1), (3, 3), (4, 3), (5, 1)),
)
_TWENTY_EIGHT_TRANSVERSAL = (0, 1, 2, 4)


def _from_groups(rounds: tuple[tuple[tuple[int, ...], ...], ...], n: int) -> IntArray:
    tables = np.full((len(rounds), n), -1, dtype=np.int64)
    for k, groups in enumerate(rounds):
        for t, group in enumerate(groups):
            tables[k, list(group)] = t
    return tables


def _eighteen() -> IntArray:
    return _from_groups(_EIGHTEEN, 18)


def _twenty_eight() -> IntArray:
    g, s = 7, 4
    rows = np.repeat(np.arange(g), s)
    cols = np.tile(np.arange(s), g)
    offsets = np.array(_TWENTY_EIGHT_TRANSVERSAL)
    out = [rows.copy(), (rows - offsets[cols]) % g]
    base = np.full((g, s), -1, dtype=np.int64)  # base[row, column] = table in the base round
    for t, block in enumerate(_TWENTY_EIGHT_BASE):
        for x, j in block:
            base[x, j] = t
    for shift in range(g):
        out.append(base[(rows - shift) % g, cols])
    return np.stack(out).astype(np.int64)


# (tables, seats per table) -> (builder, rounds it reaches, name)
_KNOWN = {
    (6, 3): (_eighteen, 8, "doubled affine plane of order 3"),
    (7, 4): (_twenty_eight, 9, "resolvable 2-(28,4,1) design over Z_7"),
}


def is_repeat_free(tables: IntArray, g: int, s: int) -> bool:
    """Every round seats s golfers at each of g tables, and no two golfers share a table twice."""
    seen: set[tuple[int, int]] = set()
    for row in tables:
        if row.min() < 0 or (np.bincount(row, minlength=g) != s).any():
            return False
        for t in range(g):
            for pair in combinations(np.flatnonzero(row == t).tolist(), 2):
                if pair in seen:
                    return False
                seen.add(pair)
    return True


def known_design(g: int, s: int, rounds: int) -> tuple[IntArray, str] | None:
    """A checked repeat-free design for g tables of s over ``rounds`` rounds, if one is known here."""
    entry = _KNOWN.get((g, s))
    if entry is None or rounds > entry[1] or rounds < 1:
        return None
    build, _, name = entry
    tables = build()[:rounds]
    if not is_repeat_free(tables, g, s):  # a wrong table of data must never seat anyone
        raise AssertionError(f"The known design for {g} tables of {s} has a repeated pair.")
    return tables, name
