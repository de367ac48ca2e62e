"""The demo (`manage.py seed_demo`, cocreate/home/demo.py) is product code: it builds through the
services, runs twice without harm, and prints the log-ins the README promises."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from cocreate.accounts.demo import DEMO_PASSWORD, LOGINS
from cocreate.accounts.models import Membership, Role, User
from cocreate.renewals.models import Renewal

PRODUCT = Path(__file__).resolve().parents[2]  # cocreate/


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_builds_the_demo_once_and_prints_the_logins() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    for email, name, _what in LOGINS:
        assert email in out.getvalue() and name in out.getvalue()
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None, email
    assert f"password for all: {DEMO_PASSWORD}" in out.getvalue()
    admin = User.objects.get(email="admin@demo.cocreate.eu")
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert Membership.objects.get(user__email="ministry@demo.cocreate.eu").organisation != (
        Membership.objects.get(user=admin).organisation
    )
    assert Renewal.objects.filter(visibility=Renewal.Visibility.PUBLIC).count() == 1
    # Co-Serve chose the public renewal's service: it carries the assessment and its advice.
    public = Renewal.objects.get(visibility=Renewal.Visibility.PUBLIC)
    assert public.coserve_assessment is not None and public.coserve_advice == "co-create"
    # The peers of the readiness benchmark only lend their answers: they cannot log in.
    assert not User.objects.get(email="peer0-0@demo.cocreate.eu").has_usable_password()

    before = _counts()
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert "Demo data exists already." in again.getvalue()
    assert "admin@demo.cocreate.eu" in again.getvalue()
    assert _counts() == before


def imports_of_test_code(files: list[Path]) -> list[str]:
    """Product modules that import from a `tests` package (the factories belong to the tests)."""
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            found += [f"{path.name}: {m}" for m in modules if "tests" in m.split(".")]
    return found


def test_product_code_never_imports_test_code() -> None:
    product = [p for p in PRODUCT.glob("**/*.py") if "tests" not in p.relative_to(PRODUCT).parts]
    assert len(product) > 100
    assert imports_of_test_code(product) == []


def test_an_import_of_the_factories_is_caught(tmp_path: Path) -> None:
    """The test of the test above."""
    seed = tmp_path / "seed.py"
    seed.write_text("from cocreate.accounts.tests.factories import UserFactory\nimport cocreate.core\n")
    assert imports_of_test_code([seed]) == ["seed.py: cocreate.accounts.tests.factories"]
