"""No dead code: vulture over the product — `cocreate/`, `config/` and `benchmarks/` (which use the
engines) — at confidence 60, with the tests left out, so a function only a test calls counts as
dead too.

Django reaches much of a project without a Python call: settings, model fields, Meta options, admin
options, `clean_<field>`, the hooks a subclass overrides, names a template reads, middleware named
in a string. Vulture cannot see those, so before a finding counts, `implicit_use` asks whether
Django (or a template) uses it, and says why. What is left must be in `dead_code_whitelist.py` with
its reason, and every entry there must still match a finding.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import importlib
import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

import pydantic
import vulture
from django import forms
from django.apps import apps
from django.conf import global_settings
from django.contrib.syndication.views import Feed
from django.db import models
from django.db.models.options import DEFAULT_NAMES as MODEL_META_OPTIONS
from django.forms.models import ModelFormOptions

from tests.dead_code_whitelist import IGNORE_DECORATORS, WHITELIST

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("cocreate", "config", "benchmarks")
# A locustfile is read by locust, which finds its users and tasks by name (and importing it here
# would let gevent patch this process).
EXCLUDED = ["*/migrations/*", "*/tests/*", "*/locustfile.py"]
MIN_CONFIDENCE = 60
OURS = ("cocreate", "config", "benchmarks")
FORM_META_OPTIONS = set(vars(ModelFormOptions()))


def test_no_dead_code() -> None:
    found = dead_code([ROOT / p for p in SCANNED])
    listed = [f for f in found if _whitelisted(f)]
    dead = [f"{f.path}:{f.line}: unused {f.kind} {f.name!r}" for f in found if f not in listed]
    assert dead == [], (
        "Dead code (nothing in the product uses it). Delete it — with the tests that only test it — "
        "or, if something uses it unseen, say what in tests/dead_code_whitelist.py:\n" + "\n".join(dead)
    )
    unexplained = [key for key, why in {**WHITELIST, **IGNORE_DECORATORS}.items() if not why.strip()]
    assert unexplained == [], f"Whitelist entries without their reason: {unexplained}"
    stale = sorted(set(WHITELIST) - {key for f in listed for key in WHITELIST if _matches(key, f)})
    assert stale == [], f"Whitelist entries that match nothing any more, remove them: {stale}"


def test_the_check_finds_a_dead_function_and_spares_what_django_uses(tmp_path: Path) -> None:
    """The test of the test: a dead function is found; a used one, a template-read property and a
    dotted-path reference are not."""
    package = tmp_path / "sample"
    (package / "templates").mkdir(parents=True)
    (package / "templates" / "page.html").write_text("{{ thing.shown_in_template }}")
    (package / "code.py").write_text(
        "def forgotten():\n"
        "    return 1\n"
        "\n"
        "def called():\n"
        "    return Thing(), 'sample.code.named_in_settings'\n"
        "\n"
        "def named_in_settings():\n"
        "    return 3\n"
        "\n"
        "class Thing:\n"
        "    @property\n"
        "    def shown_in_template(self):\n"
        "        return 4\n"
        "\n"
        "called()\n"
    )
    found = dead_code([package])
    assert [(f.kind, f.name) for f in found] == [("function", "forgotten")]


# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Finding:
    path: str  # relative to the repository (or to the scanned folder's parent)
    line: int
    kind: str  # function, method, class, property, variable, attribute
    name: str


def dead_code(paths: Iterable[Path]) -> list[Finding]:
    paths = list(paths)
    scanner = vulture.Vulture(ignore_decorators=list(IGNORE_DECORATORS))
    scanner.scavenge([str(p) for p in paths], exclude=EXCLUDED)
    packages = tuple(p.name for p in paths)
    scanner.used_names |= names_read_by_templates(paths) | names_in_strings(paths, packages)
    base = ROOT if all(p.resolve().is_relative_to(ROOT) for p in paths) else paths[0].parent
    found = []
    for item in scanner.get_unused_code(min_confidence=MIN_CONFIDENCE):
        finding = Finding(
            str(Path(item.filename).resolve().relative_to(base)), item.first_lineno, item.typ, item.name
        )
        if implicit_use(finding, base) is None:
            found.append(finding)
    return found


def names_read_by_templates(paths: Iterable[Path]) -> set[str]:
    """Every name inside `{{ }}` and `{% %}`: what a template reads is used (attributes, methods,
    properties; over-counting only makes the check lenient, never wrong about what it reports)."""
    names: set[str] = set()
    for root in paths:
        for template in root.glob("**/templates/**/*"):
            if template.is_file():
                for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", template.read_text(errors="ignore"), re.S):
                    names |= set(re.findall(r"[A-Za-z_]\w*", tag))
    return names


def names_in_strings(paths: Iterable[Path], packages: tuple[str, ...]) -> set[str]:
    """Names Django is given as strings: dotted paths into our code (settings' middleware, context
    processors, handlers, the form renderer) and plain identifiers (`list_display`, `fields`,
    `order_by`, `getattr`)."""
    names: set[str] = set()
    for root in paths:
        for module in root.glob("**/*.py"):
            if any(fnmatchcase(str(module), pattern) for pattern in EXCLUDED):
                continue
            for node in ast.walk(ast.parse(module.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                    if re.fullmatch(r"[A-Za-z_]\w*", text):
                        names.add(text)
                    elif re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", text) and text.startswith(packages):
                        names |= set(text.split("."))
    return names


def implicit_use(finding: Finding, base: Path) -> str | None:
    """Why Django uses what vulture found, or None if nothing does."""
    name, path = finding.name, finding.path
    settings_module = path.startswith("config/settings/") or re.fullmatch(
        r"cocreate/formats/\w+/formats\.py", path
    )
    if settings_module and hasattr(global_settings, name):
        return "a Django setting (or a locale's format), read by Django"
    if finding.kind == "attribute" and name in model_field_names():
        return "a model field, written to the database"
    owner = _owner(base / path, finding.line)
    if owner is None:
        return None
    meta_option = name in MODEL_META_OPTIONS or name in FORM_META_OPTIONS
    if owner[-1] == "Meta" and finding.kind == "variable" and meta_option:
        return "a Meta option of a model or a model form"
    cls = _import_class(path, owner)
    if cls is None:
        return None
    if finding.kind == "class":
        if any(
            b.__module__.startswith("django.") and b.__name__ in ("AppConfig", "BaseCommand")
            for b in cls.__mro__[1:]
        ):
            return "an AppConfig or a management command: Django finds it by its module"
        return None
    if issubclass(cls, enum.Enum):
        return "a choice: stored and offered by its value, named in code only when code needs it"
    if issubclass(cls, models.Model) and name in {f.name for f in cls._meta.get_fields()}:
        return "a model field"
    if issubclass(cls, forms.BaseForm) and (
        name in getattr(cls, "base_fields", {}) or re.fullmatch(r"clean_\w+", name)
    ):
        return "a form field or its clean_<field>, which Django's form calls"
    if issubclass(cls, Feed) and re.fullmatch(r"item_\w+|title|link|description|subtitle|items", name):
        return "a syndication feed's attribute, which Django's Feed looks up by name"
    if dataclasses.is_dataclass(cls) and name in {f.name for f in dataclasses.fields(cls)}:
        return "a field of a record: serialised (asdict), shown, or asserted by the engine's tests"
    if issubclass(cls, pydantic.BaseModel) and name in cls.model_fields:
        return "a field of an API schema: serialised into the open-data API"
    for base_class in cls.__mro__[1:]:
        if not base_class.__module__.startswith(OURS) and name in vars(base_class):
            return f"overrides {base_class.__module__}.{base_class.__qualname__}.{name}, which Django calls"
    return None


@cache
def model_field_names() -> frozenset[str]:
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            names.add(field.name)
            names.add(getattr(field, "attname", field.name))
    return frozenset(names)


@cache
def _classes(path: Path) -> list[tuple[int, int, tuple[str, ...]]]:
    """(first line, last line, the nesting of class names) for every class of a module."""
    spans = []

    def walk(node: ast.AST, outer: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                spans.append((child.lineno, child.end_lineno or child.lineno, (*outer, child.name)))
                walk(child, (*outer, child.name))
            elif not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(child, outer)

    walk(ast.parse(path.read_text()), ())
    return spans


def _owner(path: Path, line: int) -> tuple[str, ...] | None:
    """The class a finding is defined in (the class itself, for a class)."""
    owners = [names for first, last, names in _classes(path) if first <= line <= last]
    return max(owners, key=len) if owners else None


def _import_class(path: str, names: tuple[str, ...]) -> Any:
    if not path.startswith(OURS):
        return None
    try:
        obj: Any = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        for name in names:
            obj = getattr(obj, name)
    except (ImportError, AttributeError):
        return None
    return obj if isinstance(obj, type) else None


def _matches(key: str, finding: Finding) -> bool:
    path, _, name = key.partition(":")
    return finding.path == path and fnmatchcase(finding.name, name)


def _whitelisted(finding: Finding) -> bool:
    return any(_matches(key, finding) for key in WHITELIST)
