"""Opinion groups (engine ``cocreate.engines.opinions``): speed, memory and agreement with Polis.

Synthetic conversations have three planted opinion groups (members vote their group's side with
probability 0.8, 10 % passes, 20 % consensual statements); the real ones are Polis open data and
Polis's own math fixtures in ``shared/data/polis`` beside the repository (skipped when absent).

- full recompute: ``compute_opinions`` from scratch on a store that already holds every vote;
- warm update: 1,000 more votes (new and changed) into the store, snapshot, and a recompute
  warm-started from the previous result — what runs after each batch of votes;
- peak memory: tracemalloc peak while loading the votes into the store and recomputing.
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np

from benchmarks._table import Row
from cocreate.engines.opinions import VoteStore, adjusted_rand_index, compute_opinions
from cocreate.engines.opinions.polis_data import load_fixture, load_open_data
from cocreate.engines.opinions.synthetic import planted_conversation

NAME = "opinions"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polis"

# (participants, statements, votes, full-recompute target s, warm-update target s or None)
SYNTHETIC = [
    (2_000, 200, 100_000, None, None),
    (10_000, 2_000, 1_500_000, 1.0, 0.3),
    (50_000, 5_000, 2_500_000, 3.0, None),
]


def _synthetic(
    n_p: int, n_s: int, n_v: int, full_target: float | None, warm_target: float | None
) -> list[Row]:
    case = f"planted 3 groups {n_p:,}×{n_s:,} ({n_v / 1e6:.2g} M votes)"
    conv = planted_conversation(n_p, n_s, n_v, 3, seed=1)

    tracemalloc.start()
    store = VoteStore()
    store.add_votes(conv.participants, conv.statements, conv.votes)
    store.matrix()
    compute_opinions(store)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        result = compute_opinions(store)
        runs.append(time.perf_counter() - t)
    full = statistics.median(runs)

    rng = np.random.default_rng(7)
    warm_runs = []
    for _ in range(5):
        p = rng.integers(0, n_p, 1_000)
        s = rng.integers(0, n_s, 1_000)
        v = rng.integers(-1, 2, 1_000)
        t = time.perf_counter()
        store.add_votes(p, s, v)
        result = compute_opinions(store, previous=result.state)
        warm_runs.append(time.perf_counter() - t)
    warm = statistics.median(warm_runs)

    inside = result.in_conversation
    ari = adjusted_rand_index(conv.groups[inside], result.labels[inside])
    peak_mb = peak / 2**20
    return [
        Row(NAME, case, "full recompute", full, "s", f"<= {full_target} s" if full_target else "",
            full <= full_target if full_target else None),
        Row(NAME, case, "warm update (+1,000 votes)", warm, "s", f"<= {warm_target} s" if warm_target else "",
            warm <= warm_target if warm_target else None),
        Row(NAME, case, "peak memory (load + recompute)", peak_mb, "MB", "<= 1024 MB", peak_mb <= 1024),
        Row(NAME, case, "groups found (3 planted)", float(len(result.groups)), "", "3",
            len(result.groups) == 3),
        Row(NAME, case, "ARI vs planted groups", ari, "", ">= 0.9", ari >= 0.9),
    ]  # fmt: skip


def _open_data(name: str) -> list[Row]:
    conv = load_open_data(DATA / name)
    t = time.perf_counter()
    result = compute_opinions(conv.store)
    elapsed = time.perf_counter() - t
    m = conv.store.matrix()
    ids = sorted(set(conv.groups.values()))
    polis = np.array([ids.index(conv.groups[p]) if p in conv.groups else -1 for p in m.participant_ids])
    both = (polis >= 0) & (result.labels >= 0)
    ari = adjusted_rand_index(polis[both], result.labels[both])
    case = f"{name} ({m.n_participants}×{m.n_statements}, {m.n_votes} votes)"
    return [
        Row(NAME, case, "full recompute", elapsed, "s"),
        Row(NAME, case, f"groups (Polis: {len(ids)})", float(len(result.groups)), "", str(len(ids)),
            len(result.groups) == len(ids)),
        Row(NAME, case, "ARI vs Polis group-id", ari, "", ">= 0.5", ari >= 0.5),
    ]  # fmt: skip


def _fixtures() -> list[Row]:
    folder = DATA / "polis-math-fixtures"
    same_consensus = same_groups = total = 0
    elapsed = 0.0
    for path in sorted(folder.iterdir()):
        conv = load_fixture(path)
        assert conv.math is not None
        t = time.perf_counter()
        result = compute_opinions(conv.store)
        elapsed += time.perf_counter() - t
        ids = conv.store.matrix().statement_ids
        ours = {d: [ids[s.statement] for s in result.consensus[d]] for d in ("agree", "disagree")}
        theirs = {d: [c["tid"] for c in conv.math["consensus"][d]] for d in ("agree", "disagree")}
        same_consensus += ours == theirs
        same_groups += len(result.groups) == len(conv.math["group-clusters"])
        total += 1
    case = f"polis-math-fixtures ({total})"
    return [
        Row(NAME, case, "full recompute, all", elapsed, "s"),
        Row(NAME, case, "consensus lists equal to Polis", float(same_consensus), "", f"{total}",
            same_consensus == total),
        Row(NAME, case, "group count equal to Polis", float(same_groups), "", ">= 4", same_groups >= 4),
    ]  # fmt: skip


def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    for case in SYNTHETIC[:1] if quick else SYNTHETIC:
        rows.extend(_synthetic(*case))
    if DATA.is_dir():
        rows.extend(_fixtures())
        names = ["15-per-hour-seattle", "vtaiwan.uberx"] if quick else [
            "15-per-hour-seattle", "vtaiwan.uberx", "american-assembly.bowling-green",
        ]  # fmt: skip
        for name in names:
            if (DATA / name).is_dir():
                rows.extend(_open_data(name))
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(
        Row(NAME, "whole benchmark process", "max RSS", max_rss_mb, "MB", "<= 1024 MB", max_rss_mb <= 1024)
    )
    return rows
