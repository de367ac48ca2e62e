from cocreate.alliances.tests.conftest import secretary  # noqa: F401 — the fixture, shared
