from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from cocreate.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    cache.clear()  # the open-data rate limiter counts in the cache
    yield
    cache.clear()


@pytest.fixture
def secretary(db: Any) -> Any:
    return UserFactory(email="secretariat@alliance.example", full_name="Sam Secretariat")
