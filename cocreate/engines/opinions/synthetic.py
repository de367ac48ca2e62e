"""Synthetic conversations with planted opinion groups (for tests and benchmarks)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class SyntheticConversation:
    participants: npt.NDArray[np.int64]  # one entry per vote
    statements: npt.NDArray[np.int64]
    votes: npt.NDArray[np.int8]
    groups: npt.NDArray[np.int64]  # planted group of each participant
    n_participants: int
    n_statements: int


def planted_conversation(
    n_participants: int,
    n_statements: int,
    n_votes: int,
    n_groups: int = 3,
    *,
    seed: int = 0,
    agreement: float = 0.8,
    pass_rate: float = 0.1,
    consensus_share: float = 0.2,
    popularity_exponent: float = 0.0,
) -> SyntheticConversation:
    """Participants in ``n_groups`` planted groups vote on random statements.

    A share of statements is consensual (everyone agrees with probability ``agreement``); on the
    others each group takes a random side and its members vote that side with probability
    ``agreement``. Each participant votes on between half and 1.5 times the mean number of
    statements ``n_votes / n_participants`` (at least 7), picked without repeats, with
    popularity ∝ 1 / (10 + rank) ** ``popularity_exponent`` (0: uniform).
    """
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, n_groups, size=n_participants).astype(np.int64)
    stance = rng.choice(np.array([-1, 1], dtype=np.int8), size=(n_groups, n_statements))
    consensual = rng.random(n_statements) < consensus_share
    stance[:, consensual] = 1
    mean = n_votes / n_participants
    floor = min(7, n_statements)
    # Between half and one and a half times the mean (never below 7 or above every statement).
    low = max(floor, int(mean // 2))
    high = max(low, round(1.5 * mean))
    per = np.clip(rng.integers(low, high + 1, size=n_participants), floor, n_statements).astype(np.int64)
    popularity = 1.0 / (rng.permutation(n_statements) + 10.0) ** popularity_exponent
    popularity /= popularity.sum()
    # Distinct statements per participant, vectorised: oversample, drop repeats, keep `per` each.
    need = per.copy()
    taken: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
    while need.sum() > 0:
        draw_rows = np.repeat(
            np.arange(n_participants, dtype=np.int64), np.ceil(need * 1.3).astype(np.int64) + 1
        )
        if popularity_exponent == 0:
            draw_cols = rng.integers(0, n_statements, size=draw_rows.shape[0], dtype=np.int64)
        else:
            draw_cols = rng.choice(n_statements, size=draw_rows.shape[0], p=popularity).astype(np.int64)
        keys = np.unique(np.concatenate([taken, draw_rows * n_statements + draw_cols]))
        keys = keys[rng.permutation(keys.shape[0])]
        keys = keys[np.argsort(keys // n_statements, kind="stable")]
        row_of = keys // n_statements
        first = np.searchsorted(row_of, np.arange(n_participants))
        rank = np.arange(keys.shape[0]) - first[row_of]
        taken = np.sort(keys[rank < per[row_of]])
        need = per - np.bincount(taken // n_statements, minlength=n_participants)
    rows = taken // n_statements
    cols = taken % n_statements
    side = stance[groups[rows], cols]
    draw = rng.random(rows.shape[0])
    votes = np.where(
        draw < pass_rate, 0, np.where(draw < pass_rate + (1 - pass_rate) * agreement, side, -side)
    )
    return SyntheticConversation(rows, cols, votes.astype(np.int8), groups, n_participants, n_statements)
