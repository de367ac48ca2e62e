"""Personas shared by every test (ARCHITECTURE.md, "Tests"): an org admin, a staff member, a
facilitator, an outsider, a guest participant, an admin of another organisation, a platform admin."""

from __future__ import annotations

import os
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
