"""Personas shared by every test (ARCHITECTURE.md, "Tests"): an org admin, a staff member, a
facilitator, an outsider, a guest participant, an admin of another organisation, a platform admin."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from cocreate.accounts.models import Role
from cocreate.accounts.tests.factories import (
    GuestParticipantFactory,
    OrganisationFactory,
    UserFactory,
    member,
)

# Property tests explore new examples on developers' machines; under CI they replay a fixed set,
# so a landing never depends on luck (an example that fails locally becomes a regression test).
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


# No silent skips of data-driven tests. A test needs the shared data when it is marked
# ``shared_data`` or its module's ``DATA`` path lies under a ``shared/data`` folder (the Polis and
# sortition comparisons). Under CI (CI=true, where ../shared/data is present) such a test that
# skips is reported as a failure; on a fresh clone it skips, and the summary says so out loud.
_SHARED_SKIPS: list[str] = []


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _needs_shared_data(item: pytest.Item) -> bool:
    if item.get_closest_marker("shared_data") is not None:
        return True
    data = getattr(getattr(item, "module", None), "DATA", None)
    return isinstance(data, Path) and "/shared/data" in data.resolve().as_posix()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared_data: needs ../shared/data; a skip fails under CI=true")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not _needs_shared_data(item) or getattr(report, "wasxfail", None):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if _ci():
        report.outcome = "failed"
        report.longrepr = f"CI=true: a data-driven test may not skip ({reason})"
    elif report.when in {"setup", "call"}:
        _SHARED_SKIPS.append(f"{item.nodeid}: {reason}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _SHARED_SKIPS:
        terminalreporter.write_sep("-", "data-driven tests skipped (no ../shared/data)", yellow=True)
        terminalreporter.write_line(
            f"{len(_SHARED_SKIPS)} skipped; the planted synthetic conversations still ran. "
            "Under CI=true these would fail."
        )
        for line in _SHARED_SKIPS[:10]:
            terminalreporter.write_line(f"  {line}")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Each test starts with an empty cache: throttling counts never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org() -> Any:
    return OrganisationFactory(name="Municipality of Lipovec")


@pytest.fixture
def other_org() -> Any:
    return OrganisationFactory(name="Other Agency", kind="agency")


@pytest.fixture
def org_admin(org: Any) -> Any:
    return member(org, Role.ADMIN, email="admin@lipovec.example", full_name="Ana Admin")


@pytest.fixture
def staff(org: Any) -> Any:
    return member(org, Role.STAFF, email="staff@lipovec.example", full_name="Sara Staff")


@pytest.fixture
def facilitator(org: Any) -> Any:
    return member(org, Role.FACILITATOR, email="fac@lipovec.example", full_name="Fran Facilitator")


@pytest.fixture
def outsider(db: Any) -> Any:
    return UserFactory(email="outsider@example.org", full_name="Oscar Outsider")


@pytest.fixture
def other_admin(other_org: Any) -> Any:
    return member(other_org, Role.ADMIN, email="admin@other.example", full_name="Olga Other")


@pytest.fixture
def platform_admin(db: Any) -> Any:
    return UserFactory(email="root@example.org", full_name="Petra Platform", is_superuser=True, is_staff=True)


@pytest.fixture
def guest(db: Any) -> Any:
    return GuestParticipantFactory()


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user() -> Any:
    return client_for
