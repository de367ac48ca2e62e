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
from cocreate.engines.opinions import OpinionParams, VoteStore, adjusted_rand_index, compute_opinions
from cocreate.engines.opinions.polis_data import load_fixture, load_open_data, polis_labels, replay_by_arrival
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


def _open_data(name: str, summary: dict[str, object]) -> list[Row]:
    """Polis's groups against ours: a one-off recompute on the final votes, and the history
    replayed in arrival order with warm starts (how Polis itself arrived at its groups)."""
    conv = load_open_data(DATA / name)
    t = time.perf_counter()
    once = compute_opinions(conv.store)
    elapsed = time.perf_counter() - t
    m = conv.store.matrix()
    n_polis = len(set(conv.groups.values()))
    polis = polis_labels(conv)
    both = (polis >= 0) & (once.labels >= 0)
    ari_once = adjusted_rand_index(polis[both], once.labels[both])
    seeds = {len(compute_opinions(conv.store, OpinionParams(seed=s)).groups) for s in range(6)}
    store, replayed = replay_by_arrival(conv, steps=30)
    polis_r = polis_labels(conv, store)
    both_r = (polis_r >= 0) & (replayed.labels >= 0)
    ari = adjusted_rand_index(polis_r[both_r], replayed.labels[both_r])
    summary[name] = {
        "polis_groups": n_polis,
        "groups": len(replayed.groups),
        "ari": round(ari, 3),
        "groups_one_off": len(once.groups),
        "ari_one_off": round(ari_once, 3),
        "clustered": int(replayed.in_conversation.sum()),
        "polis_clustered": int((polis >= 0).sum()),
    }
    case = f"{name} ({m.n_participants}×{m.n_statements}, {m.n_votes} votes)"
    return [
        Row(NAME, case, "full recompute", elapsed, "s"),
        Row(NAME, case, f"groups, history replayed (Polis: {n_polis})", float(len(replayed.groups)), "",
            str(n_polis), len(replayed.groups) == n_polis),
        Row(NAME, case, "ARI vs Polis group-id, history replayed", ari, "", ">= 0.5", ari >= 0.5),
        Row(NAME, case, f"groups, one-off recompute (Polis: {n_polis})", float(len(once.groups)), "",
            str(n_polis), len(once.groups) == n_polis),
        Row(NAME, case, "ARI vs Polis group-id, one-off", ari_once, ""),
        Row(NAME, case, "distinct group counts over 6 seeds", float(len(seeds)), "", "1", len(seeds) == 1),
        Row(NAME, case, f"participants clustered (Polis: {int((polis >= 0).sum())})",
            float(replayed.in_conversation.sum()), ""),
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


SUMMARY: dict[str, object] = {}


def run(quick: bool, database_only: bool = False) -> list[Row]:
    rows: list[Row] = []
    if database_only:  # `python -m benchmarks.opinions --database`: the end-to-end cases alone
        return [row for case in DB_CASES for row in _database(*case)]
    for case in SYNTHETIC[:1] if quick else SYNTHETIC:
        rows.extend(_synthetic(*case))
    if DATA.is_dir():
        rows.extend(_fixtures())
        names = ["15-per-hour-seattle", "vtaiwan.uberx"] if quick else [
            "15-per-hour-seattle", "vtaiwan.uberx", "american-assembly.bowling-green",
        ]  # fmt: skip
        for name in names:
            if (DATA / name).is_dir():
                rows.extend(_open_data(name, SUMMARY))
    if not quick:
        for db_case in DB_CASES:
            rows.extend(_database(*db_case))
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(
        Row(NAME, "whole benchmark process", "max RSS", max_rss_mb, "MB", "<= 1024 MB", max_rss_mb <= 1024)
    )
    return rows


# -- end to end from the database -------------------------------------------------------------
# On PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL if it is PostgreSQL; the benchmark works in
# a throwaway database "<name>_e2e" beside it and drops it). One child process loads a planted
# conversation into the real tables (raw binary COPY: loading is not what is measured); a second,
# fresh one plays the worker and runs what the task runs: ``compute.results`` (the recompute: the
# votes changed since the last read, the engine warm, the snapshot written — the targets are
# about this) and then ``compute.maintain`` (housekeeping, at most every 30 s: a count of every
# vote, to notice deleted ones, and the blob rewritten), each timed, for the full rebuild (no
# blob: every vote read), the cold start after a restart (blob + the 1,000 votes cast meanwhile,
# no rebuild; its housekeeping counts every vote) and warm recomputes after 1,000 new or changed
# votes. "task" figures are results + housekeeping; the housekeeping when due is also forced
# and timed alone. Each is run several times; median and worst are reported, with the machine's
# load average (the machine is shared, so figures are noisy). Its max RSS is the worker's peak.
DB_CASES = [(10_000, 2_000, 1_500_000, 0.5), (50_000, 5_000, 2_500_000, 3.0)]
DB_RUNS = {"rebuild": 3, "cold": 3, "warm": 7}

_LOAD = r"""
import datetime, sys, uuid
import django
django.setup()
from django.core.management import call_command
from django.db import connection
import numpy as np
call_command("migrate", verbosity=0)
from cocreate.accounts.tests.factories import OrganisationFactory, UserFactory
from cocreate.accounts.models import GuestParticipant
from cocreate.renewals.tests.factories import RenewalFactory
from cocreate.conversations import services
from cocreate.conversations.models import Statement, Vote
from cocreate.engines.opinions.synthetic import planted_conversation
n_p, n_s, n_v = (int(x) for x in sys.argv[1:4])
conv = planted_conversation(n_p, n_s, n_v, 3, seed=1)
org = OrganisationFactory(name="Bench")
user = UserFactory(email="bench@example.org")
c = services.create_conversation(actor=user, renewal=RenewalFactory(service__organisation=org), topic="Bench")
statements = Statement.objects.bulk_create(
    [Statement(conversation=c, number=i + 1, text=f"S{i}") for i in range(n_s)], batch_size=5000)
# The planted group rides in the nickname, so that the worker can score its groups.
people = GuestParticipant.objects.bulk_create(
    [GuestParticipant(nickname=f"g{g}") for g in conv.groups.tolist()], batch_size=5000)

def halves(ids):
    raw = np.frombuffer(b"".join(u.bytes for u in ids), dtype=">u8").reshape(-1, 2)
    return raw[:, 0], raw[:, 1]

record = np.dtype([
    ("fields", ">i2"), ("c_len", ">i4"), ("c", ">u8", 2), ("s_len", ">i4"), ("s", ">u8", 2),
    ("p_len", ">i4"), ("p", ">u8", 2), ("v_len", ">i4"), ("v", ">i2"),
    ("t1_len", ">i4"), ("t1", ">i8"), ("t2_len", ">i4"), ("t2", ">i8")])
n = conv.votes.shape[0]
rows = np.zeros(n, dtype=record)
rows["fields"], rows["c_len"], rows["s_len"], rows["p_len"] = 6, 16, 16, 16
rows["v_len"], rows["t1_len"], rows["t2_len"] = 2, 8, 8
rows["c"] = halves([c.pk])[0][0], halves([c.pk])[1][0]
s_hi, s_lo = halves([s.pk for s in statements]); p_hi, p_lo = halves([p.pk for p in people])
rows["s"][:, 0], rows["s"][:, 1] = s_hi[conv.statements], s_lo[conv.statements]
rows["p"][:, 0], rows["p"][:, 1] = p_hi[conv.participants], p_lo[conv.participants]
rows["v"] = conv.votes
# Cast over the two days before the run (microseconds since 2000-01-01, PostgreSQL's epoch).
epoch = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
start = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=48)
start = (start - epoch) // datetime.timedelta(microseconds=1)
order = np.random.default_rng(2).permutation(n)
rows["t1"] = start + order * (47 * 3_600_000_000 // n)
rows["t2"] = rows["t1"]
payload = b"PGCOPY\n\xff\r\n\x00" + bytes(8) + rows[np.argsort(order)].tobytes() + b"\xff\xff"
table = Vote._meta.db_table
with connection.cursor() as cur:
    with cur.cursor.copy(f"COPY {table} (conversation_id, statement_id, participant_id, value,"
                         " created_at, updated_at) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(payload)
    cur.execute(f"VACUUM ANALYZE {table}")  # as autovacuum would after a bulk load
print(c.pk)
"""

_MEASURE = r"""
import json, os, resource, statistics, sys, time, uuid
import django
django.setup()
from django.db import connection
from django.utils import timezone
import numpy as np
from cocreate.conversations import compute
from cocreate.conversations.models import Conversation, OpinionSnapshot, OpinionVoteStore, Statement, Vote
from cocreate.accounts.models import GuestParticipant
from cocreate.engines.opinions import adjusted_rand_index
runs = json.loads(sys.argv[2])
c = Conversation.objects.get(pk=sys.argv[1])
s_ids = list(Statement.objects.filter(conversation=c).values_list("pk", flat=True))
p_ids = list(Vote.objects.filter(conversation=c).values_list("participant_id", flat=True).distinct())
rng = np.random.default_rng(5)

def more_votes():
    # 1,000 votes through the same upsert the app's services.vote makes: new pairs and changed
    # minds, stamped now.
    now = timezone.now()
    pairs = {(int(rng.integers(len(p_ids))), int(rng.integers(len(s_ids)))) for _ in range(1000)}
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {Vote._meta.db_table} (conversation_id, statement_id, participant_id, value,"
            " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (statement_id, participant_id) DO UPDATE SET"
            " value = excluded.value, updated_at = excluded.updated_at",
            [(c.pk, s_ids[s], p_ids[p], int(rng.integers(-1, 2)), now, now) for p, s in pairs])

def timed(step, *args, **kwargs):
    t0 = time.perf_counter(); out = step(*args, **kwargs); return time.perf_counter() - t0, out

def recompute(kind):
    # What the task runs: the results (timed on their own: the figure the targets are about),
    # then the housekeeping (at most every 30 s; its time is part of the task's).
    seconds, snap = timed(compute.results, c)
    housekeeping, _ = timed(compute.maintain, c)
    out[kind].append(seconds); out[kind + "_task"].append(seconds + housekeeping)
    return snap

load_before = os.getloadavg()
out = {k: [] for k in ("rebuild", "rebuild_task", "cold", "cold_task", "warm", "warm_task", "housekeeping")}
rebuilds = []
real_rebuild = compute._rebuild
def counting_rebuild(conversation):
    rebuilds.append(1); return real_rebuild(conversation)
compute._rebuild = counting_rebuild
for _ in range(runs["rebuild"]):
    OpinionVoteStore.objects.filter(conversation=c).delete(); compute.forget_warm_state(c.pk)
    recompute("rebuild")
before = len(rebuilds)
for _ in range(runs["cold"]):
    compute.forget_warm_state(c.pk); more_votes()
    recompute("cold")
for _ in range(runs["warm"]):
    more_votes()
    snap = recompute("warm")
# The housekeeping when it is due (a count of every vote, then the blob rewritten), forced.
for _ in range(runs["cold"]):
    more_votes()
    seconds, _ = timed(compute.maintain, c, now=timezone.now() + compute.HOUSEKEEPING_EVERY)
    out["housekeeping"].append(seconds)
out["rebuilds_after_first"] = len(rebuilds) - before
live = compute.current_store(c)
t0 = time.perf_counter(); compute._persist(c, live, timezone.now())
out["persist"] = time.perf_counter() - t0
out["blob_mb"] = len(bytes(OpinionVoteStore.objects.get(conversation=c).store)) / 2**20
snap = OpinionSnapshot.objects.get(conversation=c)
group_of = dict(GuestParticipant.objects.filter(pk__in=p_ids).values_list("pk", "nickname"))
truth = np.array([int(group_of[pid][1:]) for pid in live.store.matrix().participant_ids])
groups = np.array(snap.groups_of_voters())
inside = groups >= 0
out["groups"] = len(snap.data["groups"])
out["ari"] = adjusted_rand_index(truth[inside], groups[inside])
out["votes"] = len(live.store)
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["load_1min"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
print(json.dumps(out))
"""


def _postgres_url() -> str | None:
    import os

    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def _database(n_p: int, n_s: int, n_v: int, target: float) -> list[Row]:
    import json
    import os
    import subprocess
    import sys
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    case = f"end to end from PostgreSQL {n_p:,}×{n_s:,} ({n_v / 1e6:.2g} M votes)"
    url = _postgres_url()
    if url is None:
        return [
            Row(NAME, case, "skipped: set BENCH_DATABASE_URL or DATABASE_URL to PostgreSQL", float("nan"))
        ]
    parts = urlsplit(url)
    scratch = f"{parts.path.lstrip('/') or 'cocreate'}_e2e"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": urlunsplit(parts._replace(path=f"/{scratch}")),
    }
    root = Path(__file__).resolve().parents[1]

    def child(code: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=root,
        )

    try:
        loaded = child(_LOAD, str(n_p), str(n_s), str(n_v))
        done = (
            child(_MEASURE, loaded.stdout.strip().splitlines()[-1], json.dumps(DB_RUNS))
            if loaded.returncode == 0
            else loaded
        )
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    if done.returncode != 0:
        return [Row(NAME, case, "failed: " + done.stderr.strip().splitlines()[-1][:80], float("nan"))]
    r = json.loads(done.stdout.strip().splitlines()[-1])
    database: dict[str, object] = SUMMARY.setdefault("database", {})  # type: ignore[assignment]
    database[f"{n_p}x{n_s}"] = r
    rows = []
    for key, label, limit in (
        ("warm", "results, warm recompute (+1,000 votes)", target),
        ("warm_task", "task, warm recompute + housekeeping if due", target),
        ("cold", "results, cold start after a restart (blob + 1,000 votes)", 2 * target),
        ("cold_task", "task, cold start + housekeeping (count check)", 2 * target),
        ("housekeeping", "housekeeping when due (count check + blob rewrite), every 30 s", None),
        ("rebuild", "results, full rebuild (no blob)", None),
    ):
        runs = r[key]
        for stat, value in (("median", statistics.median(runs)), ("worst", max(runs))):
            rows.append(
                Row(NAME, case, f"{label}, {stat} of {len(runs)}", value, "s",
                    f"<= {limit} s" if limit else "", value <= limit if limit else None)
            )  # fmt: skip
    return [
        *rows,
        Row(NAME, case, "rebuilds after the first (must be 0)", float(r["rebuilds_after_first"]), "", "0",
            r["rebuilds_after_first"] == 0),
        Row(NAME, case, "blob rewrite", r["persist"], "s"),
        Row(NAME, case, "blob size", r["blob_mb"], "MB"),
        Row(NAME, case, "groups found (3 planted)", float(r["groups"]), "", "3", r["groups"] == 3),
        Row(NAME, case, "ARI vs planted groups", r["ari"], "", ">= 0.9", r["ari"] >= 0.9),
        Row(NAME, case, "max RSS of the worker", r["rss_mb"], "MB", "<= 1024 MB", r["rss_mb"] <= 1024),
        Row(NAME, case, "machine load (1-min average) before the runs", r["load_1min"][0], ""),
        Row(NAME, case, "machine load (1-min average) after the runs", r["load_1min"][1], ""),
    ]  # fmt: skip


if __name__ == "__main__":
    import json
    import sys

    from benchmarks._table import format_table

    table = run(quick="--quick" in sys.argv, database_only="--database" in sys.argv)
    print(format_table(table))
    SUMMARY["rows"] = [
        {
            "case": r.case,
            "metric": r.metric,
            "value": None if r.value != r.value else round(r.value, 4),
            "met": r.met,
        }
        for r in table
    ]
    print(json.dumps({"bench": "opinions", "conversations": {k: v for k, v in SUMMARY.items() if k != "rows"},
                      "rows": SUMMARY["rows"]}, ensure_ascii=False))  # fmt: skip
