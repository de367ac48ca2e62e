"""The house keeps its shape (issue 22, docs/ARCHITECTURE.md).

- The layer contract in pyproject.toml holds, and breaking it fails `lint-imports` (so `make check`).
- No circle between files: grimp's import graph, imports inside functions and under TYPE_CHECKING
  included, has no strongly connected part larger than one module.
- A template includes or extends only its own app's templates, core's components and the site-wide
  ones; a view renders only those too.
- Every app is on the map (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Set
from pathlib import Path
from typing import Any

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cocreate"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SITE_TEMPLATES = PACKAGE / "templates"


def _lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layer_contract_holds() -> None:
    result = _lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_contract_fails_lint_imports(tmp_path: Path) -> None:
    """A copy of the tree with one violation of each kind: every contract it breaks is named."""
    shutil.copytree(
        PACKAGE,
        tmp_path / "cocreate",
        ignore=lambda folder, names: (
            [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]
            + ["__pycache__", "templates", "static", "locale"]
        ),
    )
    violations = {
        "engines/sortition/uses_django.py": "from django.db import models\n",
        "core/uses_an_app.py": "from cocreate.renewals import models\n",
        "accounts/uses_the_site.py": "from cocreate.home import views\n",
        "panels/circle_a.py": "from cocreate.panels import circle_b\n",
        "panels/circle_b.py": "def later():\n    from cocreate.panels import circle_a\n",
    }
    for name, code in violations.items():
        (tmp_path / "cocreate" / name).write_text(code)

    result = _lint_imports(tmp_path, tmp_path)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for contract in (
        "Engines are plain Python: no Django, no app BROKEN",
        "Core imports no app BROKEN",
        "Apps in layers: a room imports only the rooms below it BROKEN",
        "No circles: between the apps, and between the files of every package BROKEN",
    ):
        assert contract in output, output
    assert "Engines are independent of each other KEPT" in output
    for module in ("cocreate.engines.sortition.uses_django", "cocreate.core.uses_an_app"):
        assert module in output
    assert "cocreate.accounts.uses_the_site -> cocreate.home.views" in output


def _contract(kind: str) -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == kind)


def _known_circle_imports() -> set[tuple[str, str]]:
    """The imports the acyclic contract names one by one (circles whose owners are breaking them,
    a type-only import): the same exceptions here as there."""
    lines = [line for line in _contract("acyclic_siblings").get("ignore_imports", []) if "*" not in line]
    return {(a.strip(), b.strip()) for a, b in (line.split("->") for line in lines)}


def circles(graph: grimp.ImportGraph, ignored: Set[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan, without recursion)."""
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if (m, i) not in ignored)
        for m in graph.modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            for offset, target in enumerate(edges[node][position:], start=position):
                if target not in index:
                    work.append((node, offset + 1))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return found


def test_no_circle_between_files() -> None:
    graph = grimp.build_graph("cocreate", cache_dir=None)
    found = circles(graph, _known_circle_imports())
    assert not found, "Import circles (break them: move the shared part down, or hand a function in):\n" + (
        "\n".join(" ⇄ ".join(part) for part in found)
    )


def test_the_circle_finder_finds_a_circle_through_a_function_level_import(tmp_path: Path) -> None:
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "services.py").write_text("from loop import tasks\n")
    (package / "tasks.py").write_text("def run():\n    from loop import services\n")
    (package / "models.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    try:
        graph = grimp.build_graph("loop", cache_dir=None)
    finally:
        sys.path.remove(str(tmp_path))
    assert circles(graph) == [["loop.services", "loop.tasks"]]
    assert circles(graph, {("loop.tasks", "loop.services")}) == []


# Templates ----------------------------------------------------------------------------------------

TAG = re.compile(r"""\{%-?\s*(?:include|extends)\s+["']([^"']+)["']""")
TEMPLATE_NAME = re.compile(r"[a-z_]+/[\w/.-]+\.(?:html|txt)|[\w.-]+\.html")


def _rendered(source: str) -> list[str]:
    """Template names a module hands to Django: string arguments of calls (render,
    render_to_string, get_template …) and `template_name = "…"`; docstrings do not count."""
    names = []
    for node in ast.walk(ast.parse(source)):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            values = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id.endswith("template_name") for t in node.targets
        ):
            values = [node.value]
        names += [
            v.value
            for v in values
            if isinstance(v, ast.Constant) and isinstance(v.value, str) and TEMPLATE_NAME.fullmatch(v.value)
        ]
    return names


def _namespaces() -> dict[str, str]:
    """Template namespace (the first folder under templates/) → the app that owns it; "site" for
    the site-wide templates (base.html, includes/, forms/ …) that every app may use."""
    owners = {p.name: "site" for p in SITE_TEMPLATES.iterdir()}
    for folder in PACKAGE.glob("*/templates/*"):
        owners[folder.name] = folder.parent.parent.name
    return owners


def _owner_of_template(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return "site" if relative.parts[0] == "templates" else relative.parts[0]


def foreign(owner: str, names: list[str], namespaces: dict[str, str]) -> list[str]:
    """The names among `names` that belong to an app other than `owner` (core's components and
    the site-wide templates belong to everyone; a name nobody owns is reported too)."""
    allowed = {owner, "core", "site"}
    return [name for name in names if namespaces.get(name.split("/")[0], "?") not in allowed]


def test_templates_use_only_their_own_app_core_and_the_site() -> None:
    namespaces = _namespaces()
    problems = []
    for path in sorted(PACKAGE.rglob("templates/**/*")):
        if path.suffix not in {".html", ".txt", ".ics"}:
            continue
        bad = foreign(_owner_of_template(path), TAG.findall(path.read_text()), namespaces)
        problems += [f"{path.relative_to(ROOT)}: {name}" for name in bad]
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        owner = path.relative_to(PACKAGE).parts[0]
        bad = foreign(owner, _rendered(path.read_text()), namespaces)
        problems += [f"{path.relative_to(ROOT)}: {name}" for name in bad]
    assert not problems, (
        "Another app's template is used; share it as a core component "
        "(cocreate/core/templates/core/components/):\n" + "\n".join(problems)
    )


def test_the_template_check_sees_another_apps_partial() -> None:
    namespaces = {"quality": "quality", "assessments": "assessments", "core": "core", "base.html": "site"}
    text = (
        '{% extends "base.html" %}{% include "assessments/partials/x.html" %}'
        '{% include "core/components/y.html" %}{% include "quality/partials/z.html" %}'
    )
    assert foreign("quality", TAG.findall(text), namespaces) == ["assessments/partials/x.html"]
    view = (
        "def page(request):\n"
        '    """render(request, "b/doc.html")"""\n'
        '    return render(request, "assessments/a.html")\n'
    )
    assert _rendered(view) == ["assessments/a.html"]


# The map ----------------------------------------------------------------------------------------------


def test_every_app_is_on_the_map() -> None:
    apps = sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    missing = [app for app in apps if f"`{app}`" not in text]
    assert not missing, f"docs/ARCHITECTURE.md does not say what these rooms are: {missing}"


def test_every_app_has_its_layer() -> None:
    """`exhaustive = true` makes lint-imports say so too; this names the room at once."""
    layers = _contract("layers")["layers"]
    named = {name.strip(" ()") for layer in layers for name in re.split(r"[|:]", layer)}
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages - named == set()
