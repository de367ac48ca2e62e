"""A row lock outside a transaction is refused by PostgreSQL (and silently ignored by SQLite, so
only production would find out): every `select_for_update()` in the product must be inside a
function decorated with `transaction.atomic` or inside a `with transaction.atomic()` block."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "cocreate"


def _is_atomic(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr == "atomic"


def unlocked_row_locks(source: str, name: str) -> list[str]:
    """`file:line` of each select_for_update() outside a transaction in this source. A lock in a
    private helper (`_locked(...)`) counts as inside when every call of the helper in the file is."""
    locks: list[tuple[int, bool, str]] = []  # (line, atomic, enclosing function)
    calls: list[tuple[str, int, bool]] = []  # (called name, line, atomic)

    def visit(node: ast.AST, atomic: bool, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            atomic = any(_is_atomic(d) for d in node.decorator_list)  # a new function, a new scope
            function = node.name
        elif isinstance(node, ast.With | ast.AsyncWith):
            atomic = atomic or any(_is_atomic(item.context_expr) for item in node.items)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "select_for_update":
                locks.append((node.lineno, atomic, function))
            elif isinstance(node.func, ast.Name):
                calls.append((node.func.id, node.lineno, atomic))
        for child in ast.iter_child_nodes(node):
            visit(child, atomic, function)

    visit(ast.parse(source), False, "")
    found = []
    for line, atomic, function in locks:
        callers = [c for c in calls if c[0] == function]
        helper_ok = function.startswith("_") and callers and all(c[2] for c in callers)
        if not atomic and not helper_ok:
            found.append(f"{name}:{line}")
    return found


def test_every_row_lock_is_taken_inside_a_transaction() -> None:
    files = [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    found = [hit for p in files for hit in unlocked_row_locks(p.read_text(), str(p.relative_to(ROOT)))]
    assert not found, f"select_for_update() outside transaction.atomic: {found}"


def test_the_check_catches_a_lock_outside_a_transaction() -> None:
    bad = "def advance(w):\n    return W.objects.select_for_update().get(pk=w)\n"
    good = (
        "@transaction.atomic\ndef advance(w):\n    return W.objects.select_for_update().get(pk=w)\n"
        "def plan(w):\n    with transaction.atomic():\n        W.objects.select_for_update().first()\n"
    )
    assert unlocked_row_locks(bad, "bad.py") == ["bad.py:2"]
    assert unlocked_row_locks(good, "good.py") == []
    helper = "def _locked(w):\n    return W.objects.select_for_update().get(pk=w)\n"
    assert unlocked_row_locks(helper + "@transaction.atomic\ndef a(w):\n    _locked(w)\n", "h.py") == []
    assert unlocked_row_locks(helper + "def b(w):\n    _locked(w)\n", "h.py") == ["h.py:2"]
