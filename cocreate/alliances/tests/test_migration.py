"""The split of the commitments app loses nothing: on a database filled by the demo seed, going back
to the migrations before the split puts every row in its old commitments_* table, and coming
forward again gives the same rows, the same many-to-many links and the same audit history.

One test, on a transactional database (SQLite cannot change its schema inside the transaction an
ordinary test runs in); slow-ish, since it seeds the whole demo. It runs on PostgreSQL as well
when DATABASE_URL points there.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from cocreate.accounts.models import User
from cocreate.alliances.models import (
    Alliance,
    AllianceMember,
    Declaration,
    Meeting,
    Pledge,
    PledgeReport,
    Signature,
    WorkingGroup,
)
from cocreate.commitments.models import Commitment
from cocreate.core.audit import entries_for
from cocreate.transparency import services as log_services
from cocreate.transparency.models import LogEntry, PublicComment

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_SPLIT = [
    ("commitments", "0002_comment_submission_key"),
    ("alliances", None),
    ("transparency", None),
]
MOVED: list[type[models.Model]] = [
    Alliance,
    Declaration,
    Signature,
    AllianceMember,
    WorkingGroup,
    Meeting,
    Pledge,
    PledgeReport,
    LogEntry,
    PublicComment,
]
# The automatic many-to-many tables move with their model.
LINKS = {
    "alliances_alliance_secretariat": "commitments_alliance_secretariat",
    "alliances_workinggroup_members": "commitments_workinggroup_members",
}


def _old_table(model: type[models.Model]) -> str:
    return "commitments_" + model._meta.model_name  # type: ignore[operator]


def _records(table: str) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — our table names
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _rows(table: str) -> list[tuple[Any, ...]]:
    return sorted((tuple(r.values()) for r in _records(table)), key=repr)


def _project(records: list[dict[str, Any]], columns: list[str]) -> list[tuple[Any, ...]]:
    """Only the columns that existed at the split: those added since cannot survive going back."""
    return sorted((tuple(r[c] for c in columns) for r in records), key=repr)


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def test_the_split_keeps_every_row_of_the_demo() -> None:
    call_command("seed_demo", stdout=StringIO())
    entry = LogEntry.objects.filter(published_at__isnull=False, renewal__isnull=False).first()
    assert entry is not None
    log_services.comment(entry=entry, text="Why SMS?", nickname="Maja", user=User.objects.first())
    counts = {model: model.objects.count() for model in MOVED}
    assert all(counts.values()), counts  # the demo fills every moved table
    records = {model: _records(model._meta.db_table) for model in MOVED}
    columns: dict[type[models.Model], list[str]] = {}
    links = {table: _rows(table) for table in LINKS}
    assert all(links.values())
    alliance = Alliance.objects.get()
    history = list(entries_for(alliance).values_list("pk", flat=True))
    assert history  # the alliance's audit entries point at it through its content type
    commitment_alliances = sorted(Commitment.objects.values_list("pk", "alliance_id"), key=repr)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()

    try:
        _migrate(BEFORE_THE_SPLIT)
        tables = _tables()
        for model in MOVED:
            assert model._meta.db_table not in tables
            old = _records(_old_table(model))
            columns[model] = list(old[0])  # the columns at the time of the split
            assert _project(old, columns[model]) == _project(records[model], columns[model]), model
        for new, old in LINKS.items():
            assert new not in tables and _rows(old) == links[new]
        assert ContentType.objects.filter(app_label="commitments", model="alliance").exists()
        # (a model added since, e.g. Decision, keeps its stale content type: it is not one that moved)
        moved = [m._meta.model_name for m in MOVED if m._meta.app_label == "alliances"]
        assert not ContentType.objects.filter(app_label="alliances", model__in=moved).exists()
    finally:
        _migrate(leaves)  # whatever happened, the next tests find the database as it should be

    tables = _tables()
    for model in MOVED:
        assert _old_table(model) not in tables
        assert model.objects.count() == counts[model], model
        now = _project(_records(model._meta.db_table), columns[model])
        assert now == _project(records[model], columns[model]), model
    for table, before in links.items():
        assert _rows(table) == before
    assert not ContentType.objects.filter(app_label="commitments", model="alliance").exists()
    alliance = Alliance.objects.get()
    assert list(entries_for(alliance).values_list("pk", flat=True)) == history
    assert sorted(Commitment.objects.values_list("pk", "alliance_id"), key=repr) == commitment_alliances
    # a few fields, read through the models again
    assert alliance.current_declaration().signatures.count() == 4  # type: ignore[union-attr]
    assert PublicComment.objects.get(text="Why SMS?").entry == entry
    assert LogEntry.objects.get(pk=entry.pk).participation == entry.participation
