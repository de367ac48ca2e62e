"""The audit trail is complete (issue 14): every service write made by a member of staff (a function of
a `services.py` that takes an `actor`) records who, what and when with `audit.record` — itself or
through a helper of its own module. Participants' own writes (votes, ratings …) are counted, not
logged: they carry no actor, and logging them would log people's opinions.

The walk reads the code, so a new service without an audit entry fails here before it ships."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "cocreate"
# Writes that deliberately leave no entry, each with its reason.
EXEMPT = {
    # Notification preferences are the person's own settings, not a change others see.
    ("notifications", "set_preferences"),
    ("notifications", "mark_read"),
    # Building block: its callers (closing a Co-Ready round, a Co-Master assessment) record the closing.
    ("assessments", "close_collection"),
    # A colleague's own private answers, like a vote: kept, not logged.
    ("portfolio", "save_coserve_answers"),
    # Queues the planning run; the worker's write of the plan records it (workshop.rotation, .schedule).
    ("workshops", "request_planning"),
    # Co-Master closes the cycle and starts the next through the renewals' services, which record
    # it (renewal.cycle_close, renewal.cycle) once, however often it is asked.
    ("quality", "close_cycle"),
    ("quality", "start_next_cycle"),
}


# Services of another room that write the caller's entry of the log for it (named as called).
RECORD_FOR_THE_CALLER = {
    # a source's commitment: the source room names its entry (`logged_as`), written once when made
    "commitment_services.commit_source",
}


def _services() -> list[Path]:
    # planning.py holds the workshop planning the services queue (it writes with an actor).
    return [
        *sorted(ROOT.glob("*/services.py")),
        ROOT / "accounts" / "admission.py",
        ROOT / "workshops" / "planning.py",
    ]


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                owner = call.func.value
                prefix = owner.id + "." if isinstance(owner, ast.Name) else ""
                names.add(prefix + call.func.attr)
    return names


def _unaudited(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    audited: dict[str, bool] = {}

    def records(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name in audited:
            return audited[name]
        calls = _calls(functions[name])
        result = (
            "audit.record" in calls
            or bool(calls & RECORD_FOR_THE_CALLER)
            or any(c in functions and c not in seen and records(c, seen | {name}) for c in calls)
        )
        audited[name] = result
        return result

    missing = []
    for name, node in functions.items():
        arguments = [a.arg for a in node.args.kwonlyargs + node.args.args]
        if name.startswith("_") or "actor" not in arguments:
            continue
        if (path.parent.name, name) not in EXEMPT and not records(name):
            missing.append(f"{path.parent.name}.{name}")
    return missing


def test_every_staff_write_records_an_audit_entry() -> None:
    missing = [name for path in _services() for name in _unaudited(path)]
    assert not missing, f"service writes without an audit entry: {missing}"


def test_the_walk_finds_a_write_without_an_entry(tmp_path: Path) -> None:
    """The test of the test: a service that forgets the entry is caught."""
    module = tmp_path / "demo" / "services.py"
    module.parent.mkdir()
    module.write_text(
        "def rename(*, actor, thing, title):\n    thing.title = title\n    thing.save()\n\n"
        "def _log(actor):\n    audit.record(actor=actor)\n\n"
        "def close(*, actor, thing):\n    thing.save()\n    _log(actor)\n"
    )
    assert _unaudited(module) == ["demo.rename"]


# Issue 19: the activity log stores event codes and parameters, rendered in the reader's language.


def _records(path: Path) -> list[tuple[int, str | None, set[str]]]:
    """Every `audit.record(...)` call of a file, and every entry a `commit_source(logged_as=…)`
    records for it: its line, literal action code(s), keyword names."""
    found = []
    for call in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        if call.func.attr == "commit_source" and "logged_as" in keywords:
            action, names = keywords["logged_as"], {"params"} if "log_params" in keywords else set()
        elif (
            isinstance(call.func.value, ast.Name)
            and call.func.value.id == "audit"
            and call.func.attr == "record"
        ):
            action, names = keywords.get("action"), set(keywords)
        else:
            continue
        codes = (
            [n.value for n in ast.walk(action) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if action is not None
            else []
        )
        found.append((call.lineno, ",".join(codes) or None, names))
    return found


def _unregistered(paths: list[Path]) -> list[str]:
    from cocreate.core import activity

    problems = []
    for path in paths:
        where = path.relative_to(path.parents[1])
        for line, codes, keywords in _records(path):
            if "summary" in keywords or "params" not in keywords:
                problems.append(f"{where}:{line} ({codes}): pass params=…, not summary=…")
            for code in (codes or "").split(","):
                if code and activity.registry.get(code) is None:
                    problems.append(f"{where}:{line}: no message for {code!r} in the app's activity.py")
    return problems


def test_every_entry_is_an_event_code_with_params(db: object) -> None:
    """Pages render the log from the code and params (core/activity.py); the stored summary is only a
    fallback. A call that still writes a sentence, or a code no `activity.py` declares, fails here."""
    paths = [p for p in sorted(ROOT.glob("*/*.py")) if "audit.record(" in p.read_text()]
    problems = _unregistered(paths)
    assert not problems, "audit entries without a translatable message:\n" + "\n".join(problems)


def test_the_walk_finds_a_sentence_and_an_unknown_code(tmp_path: Path, db: object) -> None:
    module = tmp_path / "demo" / "services.py"
    module.parent.mkdir()
    module.write_text(
        "def a(*, actor):\n"
        '    audit.record(actor=actor, action="renewal.create", target=None, summary="Hi")\n\n'
        "def b(*, actor):\n"
        '    audit.record(actor=actor, action="demo.nothing", target=None, params={})\n\n'
        "def c(*, actor):\n"
        '    audit.record(actor=actor, action="renewal.cycle", target=None, params={"n": 2})\n'
    )
    problems = _unregistered([module])
    assert len(problems) == 2
    assert "services.py:2 (renewal.create): pass params" in problems[0]
    assert "'demo.nothing'" in problems[1]
