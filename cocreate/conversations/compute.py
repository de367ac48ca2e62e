"""From stored votes to an opinion snapshot, with the engine (cocreate.engines.opinions).

Runs in the background task (tasks.recompute_opinions). The engine's warm state (PCA axes, base
clusters, the group-count buffer) is kept in the worker process between runs, so a recompute after
a few votes starts from the previous result and groups keep their letters.
"""

from __future__ import annotations

import string
from collections import defaultdict
from typing import Any

import numpy as np
from django.db.models import Count, Min
from django.db.models.functions import TruncHour
from django.utils import timezone

from cocreate.conversations.models import Conversation, OpinionSnapshot, Statement, Vote
from cocreate.engines import opinions

_warm_states: dict[Any, opinions.OpinionState] = {}


def build_store(conversation: Conversation) -> tuple[opinions.VoteStore, dict[Any, int]]:
    """Votes on statements that are not hidden; pending ones are left out until published."""
    store = opinions.VoteStore()
    numbers = dict(conversation.statements.values_list("pk", "number"))
    for pk, state in conversation.statements.values_list("pk", "state"):
        store.statement(pk)
        if state != Statement.State.PUBLISHED:
            store.moderate(pk, out=True)
    rows = list(conversation.votes.order_by("id").values_list("participant_id", "statement_id", "value"))
    if rows:
        pids, sids, values = zip(*rows, strict=True)
        store.add_votes(list(pids), list(sids), list(values))
    return store, numbers


def compute(conversation: Conversation) -> OpinionSnapshot:
    store, numbers = build_store(conversation)
    previous = _warm_states.get(conversation.pk)
    result = opinions.compute_opinions(store, opinions.OpinionParams(seed=0), previous=previous)
    _warm_states[conversation.pk] = result.state
    matrix = store.matrix()
    number_of = [numbers[sid] for sid in matrix.statement_ids]
    data = snapshot_data(result, number_of, matrix.n_participants)
    data["timeline"] = timeline(conversation)
    snapshot, _created = OpinionSnapshot.objects.update_or_create(
        conversation=conversation,
        defaults={"computed_at": timezone.now(), "votes_counted": matrix.n_votes, "data": data},
    )
    return snapshot


def group_label(group_id: int) -> str:
    return string.ascii_uppercase[group_id % 26]


def snapshot_data(
    result: opinions.OpinionResult, number_of: list[int], n_participants: int
) -> dict[str, Any]:
    """Aggregates only: groups, statements by number, base-cluster points (never one person)."""
    clustered = int(result.in_conversation.sum()) if n_participants else 0
    groups = []
    for g in result.groups:
        groups.append(
            {
                "id": int(g.id),
                "label": group_label(int(g.id)),
                "size": len(g.members),
                "share": round(100 * len(g.members) / clustered) if clustered else 0,
                "center": [round(float(c), 4) for c in g.center],
                "representative": [
                    {
                        "statement": number_of[r.statement],
                        "direction": r.direction,
                        "percent": round(100 * r.n_success / r.n_trials) if r.n_trials else 0,
                        "votes": int(r.n_trials),
                        "repness": round(float(r.repness), 3),
                    }
                    for r in g.representative
                ],
            }
        )
    points: dict[tuple[int, int], int] = defaultdict(int)
    group_of_base: dict[int, int] = {}
    for p in range(len(result.base_labels)):
        base = int(result.base_labels[p])
        if base >= 0:
            group_of_base[base] = int(result.labels[p])
            points[(base, int(result.labels[p]))] += 1
    base_points = [
        {
            "x": round(float(result.base_centers[b][0]), 4),
            "y": round(float(result.base_centers[b][1]), 4),
            "group": group,
            "count": count,
        }
        for (b, group), count in sorted(points.items())
        if b < len(result.base_centers)
    ]
    return {
        "participants": int(n_participants),
        "clustered": clustered,
        "groups": groups,
        "consensus": {
            direction: [
                {"statement": number_of[s.statement], "percent": round(100 * s.p_success)} for s in stats
            ]
            for direction, stats in result.consensus.items()
        },
        "divisive": [
            {"statement": number_of[d.statement], "score": round(float(d.score), 3)} for d in result.divisive
        ],
        "priorities": {
            str(number_of[i]): round(float(p), 4) for i, p in enumerate(result.priorities) if np.isfinite(p)
        },
        "points": base_points,
        # Group per voter, in the order voters first voted (the anonymous "voter-id" of exports).
        "voter_groups": [int(g) for g in result.labels],
    }


def timeline(conversation: Conversation) -> list[dict[str, Any]]:
    """Participation over time, by hour: votes cast and participants seen for the first time."""
    votes = dict(
        conversation.votes.annotate(hour=TruncHour("created_at")).values_list("hour").annotate(n=Count("id"))
    )
    firsts = conversation.votes.values("participant_id").annotate(first=Min("created_at"))
    newcomers: dict[Any, int] = defaultdict(int)
    for row in firsts:
        newcomers[row["first"].replace(minute=0, second=0, microsecond=0)] += 1
    out = []
    total_votes = total_people = 0
    for hour in sorted(set(votes) | set(newcomers)):
        total_votes += votes.get(hour, 0)
        total_people += newcomers.get(hour, 0)
        out.append({"hour": hour.isoformat(), "votes": total_votes, "participants": total_people})
    return out[-200:]


def forget_warm_state(conversation_id: Any) -> None:
    _warm_states.pop(conversation_id, None)


__all__ = ["Vote", "build_store", "compute", "forget_warm_state"]
