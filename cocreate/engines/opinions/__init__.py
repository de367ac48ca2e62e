"""Opinion groups for conversations, in the manner of Pol.is (engine: no Django).

Votes go into a :class:`VoteStore` (agree +1, disagree -1, pass 0; a changed vote replaces the
old one); :func:`compute_opinions` turns a snapshot into opinion groups with their representative
statements, consensus and divisive statements and a priority for what to show next. Pass
``result.state`` back as ``previous`` to warm-start the next run::

    store = VoteStore()
    store.add_vote(participant_uuid, statement_uuid, AGREE)   # or add_votes(pids, sids, votes)
    store.moderate(statement_uuid, out=True)
    result = compute_opinions(store, OpinionParams(seed=0))
    result.groups[0].representative, result.consensus["agree"], result.divisive
    nxt = next_statement(result, store, store.participant_index(participant_uuid) or -1)
    result = compute_opinions(store, previous=result.state)  # after the next batch of votes

Indices in results are the store's dense indices; ``store.matrix().statement_ids[i]`` maps back.
"""

from .metrics import adjusted_rand_index
from .pipeline import (
    DivisiveStatement,
    Group,
    OpinionParams,
    OpinionResult,
    OpinionState,
    compute_opinions,
    group_vote_counts,
    next_statement,
    state_from_bytes,
    state_to_bytes,
)
from .statistics import GroupConsensus, RepresentativeStatement, StatementStat, VoteCounts
from .store import AGREE, DISAGREE, PASS, VoteMatrix, VoteStore

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "DivisiveStatement",
    "Group",
    "GroupConsensus",
    "OpinionParams",
    "OpinionResult",
    "OpinionState",
    "RepresentativeStatement",
    "StatementStat",
    "VoteCounts",
    "VoteMatrix",
    "VoteStore",
    "adjusted_rand_index",
    "compute_opinions",
    "group_vote_counts",
    "next_statement",
    "state_from_bytes",
    "state_to_bytes",
]
