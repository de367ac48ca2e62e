"""Property-based check of the open-data API against its own OpenAPI description (schemathesis):
no server errors and responses that match the schema. Few examples per operation, so it runs in
seconds; marked slow, so a quick run may skip it (`-m "not slow"`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings

from cocreate.commitments import services
from cocreate.renewals.models import Renewal
from cocreate.renewals.tests.factories import RenewalFactory

schemathesis = pytest.importorskip("schemathesis")
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@override_settings(OPEN_DATA_REQUESTS_PER_MINUTE=100_000)
def test_api_matches_its_openapi_description(org: Any, staff: Any) -> None:
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    services.add_commitment(
        actor=staff, owner=renewal, title="Public", organisation=org, deadline=date(2030, 1, 1), publish=True
    )
    # As Django's test client does: keep the test's database connection open between requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _run(schemathesis.openapi.from_wsgi("/open/api/openapi.json", WSGIHandler()))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _run(schema: Any) -> None:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text)
            case.validate_response(response)

        check()


@override_settings(OPEN_DATA_REQUESTS_PER_MINUTE=100_000)
def test_a_nul_in_a_text_filter_matches_nothing(org: Any, staff: Any) -> None:
    """PostgreSQL refuses a NUL in a query; the API and the exports answer "no rows", not 500."""
    renewal = RenewalFactory(service__organisation=org, visibility=Renewal.Visibility.PUBLIC)
    services.add_commitment(
        actor=staff, owner=renewal, title="Public", organisation=org, deadline=date(2030, 1, 1), publish=True
    )
    client = Client(raise_request_exception=False)
    for url in ("/open/api/commitments?status=planned%00", "/open/api/log-entries?kind=%00"):
        response = client.get(url)
        assert response.status_code == 200 and response.json()["items"] == [], url
    response = client.get("/open/data/commitments.json?status=%00")
    assert response.status_code == 200 and response.json() == []
