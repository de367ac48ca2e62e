"""Migration 0004 gives every existing renewal its cycle rows: cycle 1 from when the renewal was
created, the current one from `cycle_started_at`, the ones before it closed when it started.

A transactional test (SQLite cannot change its schema inside an ordinary test's transaction); it
runs on PostgreSQL as well when DATABASE_URL points there."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cocreate.portfolio.tests.factories import ServiceFactory
from cocreate.renewals.models import Cycle, Renewal

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("renewals", "0003_coserve_advice")]
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.get_current_timezone())


def _migrate(targets: list[tuple[str, str | None]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    return state


def test_existing_renewals_get_their_cycles(org: Any) -> None:
    service = ServiceFactory(organisation=org)
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        state = _migrate(BEFORE)
        Old = state.apps.get_model("renewals", "Renewal")
        common = {"organisation_id": org.pk, "service_id": service.pk, "goal": "G"}
        new = Old.objects.create(title="New", **common)
        third = Old.objects.create(title="Third", cycle_number=3, **common)
        Old.objects.filter(pk=new.pk).update(created_at=T0)
        Old.objects.filter(pk=third.pk).update(created_at=T0, cycle_started_at=T0 + timedelta(days=90))
    finally:
        _migrate(leaves)  # whatever happened, the next tests find the database as it should be

    (only,) = Cycle.objects.filter(renewal_id=new.pk)
    assert (only.number, only.started_at, only.closed_at, only.plan) == (1, T0, None, [])
    cycles = list(Cycle.objects.filter(renewal_id=third.pk).order_by("number"))
    assert [c.number for c in cycles] == [1, 2, 3]
    assert cycles[0].started_at == T0 and cycles[2].started_at == T0 + timedelta(days=90)
    assert [c.closed_at for c in cycles] == [T0 + timedelta(days=90)] * 2 + [None]
    renewal = Renewal.objects.get(pk=third.pk)
    assert renewal.cycle_number == 3 and renewal.current_cycle == cycles[2]
    assert renewal.current_cycle.started_at == T0 + timedelta(days=90)
