from __future__ import annotations

from typing import Any

import pytest

from cocreate.accounts.tests.factories import UserFactory


@pytest.fixture
def secretary(db: Any) -> Any:
    """Runs an alliance's secretariat in these tests, without belonging to any organisation."""
    return UserFactory(email="secretariat@alliance.example", full_name="Sam Secretariat")
