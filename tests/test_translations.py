"""English and Slovenian are shipped: every string the code marks for translation has a Slovenian
entry, and the compiled catalogue holds it.

The check extracts the strings from the code itself — `makemessages` for the django and djangojs
domains, run into a temporary copy of the locale directory — so a string added since the committed
.po was last refreshed is caught too. It fails listing each msgid whose Slovenian entry is missing,
empty or fuzzy (a near match gettext guessed from an older string), with where the string is used.
Needs GNU gettext (xgettext, msgmerge), as `make messages` does.
"""

from __future__ import annotations

import contextlib
import gettext
import os
import re
import shutil
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

SOURCE = Path(__file__).resolve().parents[1] / "cocreate"
LOCALE = SOURCE / "locale"
CATALOGUE = LOCALE / "sl" / "LC_MESSAGES"
# As `make messages` in the Makefile: the engines have no strings of their own.
IGNORE = ["engines/*"]
DOMAINS = ("django", "djangojs")
FIX = (
    "Translate them in the catalogue named on each line, under cocreate/ (run `make messages` first "
    "to add the new msgids; remove the '#, fuzzy' line of an entry once its translation is right), "
    "then compile: cd cocreate && ../.venv/bin/python ../manage.py compilemessages"
)

# Skipped on a machine without GNU gettext, never in CI (.ci/run installs it).
needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgmerge")) and not os.environ.get("CI"),
    reason="needs GNU gettext",
)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    references: list[str] = field(default_factory=list)

    @property
    def problem(self) -> str | None:
        if not self.msgstr or not all(self.msgstr.values()):
            return "empty" if self.msgstr else "missing"
        if self.msgid_plural and len(self.msgstr) < 4:
            return "missing plural forms (Slovenian has 4)"
        return "fuzzy" if self.fuzzy else None

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries and the header left out)."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        entry, last = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                entry.fuzzy = True
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#"):
                continue
            elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d)\])?) "(.*)"$', line):
                name, index, value = match.groups()
                last = (name, int(index) if index is not None else 0)
                if name == "msgctxt":
                    entry.msgctxt = ""
                elif name.startswith("msgstr"):
                    entry.msgstr[last[1]] = ""
                _append(entry, last, _unquote(value))
            elif line.startswith('"') and last is not None:
                _append(entry, last, _unquote(line[1:-1]))
        if entry.msgid:
            entries.append(entry)
    return entries


def _append(entry: Entry, where: tuple[str, int], value: str) -> None:
    name, index = where
    if name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif name == "msgid":
        entry.msgid += value
    elif name == "msgid_plural":
        entry.msgid_plural += value
    else:
        entry.msgstr[index] += value


def extract(source: Path, tmp: Path) -> Path:
    """Run makemessages over a copy of `source` (with its catalogues: the site's `locale` and any
    app's own) and return the copy. makemessages writes into every `locale` directory of the tree
    it walks, so it walks a copy: the committed catalogues are only read, never written."""
    copy = tmp / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "media"))
    with override_settings(LOCALE_PATHS=[copy / "locale"]), contextlib.chdir(copy):
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=["sl"],
                domain=domain,
                no_obsolete=True,
                ignore_patterns=IGNORE,
                verbosity=0,
                stdout=StringIO(),
            )
    return copy


def catalogues(root: Path) -> list[Path]:
    """The Slovenian catalogues of a tree: the site's and those of apps that keep their own."""
    return sorted(p for d in DOMAINS for p in root.glob(f"**/locale/sl/LC_MESSAGES/{d}.po"))


def untranslated(root: Path) -> list[str]:
    """One line per msgid whose Slovenian entry is missing, empty or fuzzy."""
    problems = []
    for po in catalogues(root):
        for entry in parse_po(po.read_text(encoding="utf-8")):
            if entry.problem:
                where = ", ".join(entry.references[:3]) + (" …" if len(entry.references) > 3 else "")
                context = f" [context {entry.msgctxt!r}]" if entry.msgctxt is not None else ""
                name = po.relative_to(root).as_posix()
                problems.append(f"{name}: {entry.msgid!r}{context} — {entry.problem} ({where})")
    return problems


@needs_gettext
def test_every_string_in_the_code_has_a_slovenian_entry(tmp_path: Path) -> None:
    problems = untranslated(extract(SOURCE, tmp_path))
    assert not problems, (
        f"{len(problems)} string(s) in the code lack a Slovenian translation:\n  "
        + "\n  ".join(problems)
        + "\n"
        + FIX
    )


@needs_gettext
def test_the_check_names_a_new_string_without_its_translation(tmp_path: Path) -> None:
    """The test of the test: a new module and template in a copy of the code are extracted, and the
    strings they add are named as missing; one the catalogue knows is not."""
    source = tmp_path / "src"
    shutil.copytree(LOCALE, source / "locale", ignore=shutil.ignore_patterns("*.mo"))
    (source / "demo" / "templates" / "demo").mkdir(parents=True)
    (source / "demo" / "views.py").write_text(
        "from django.utils.translation import gettext_lazy as _\n\n"
        'TITLE = _("A string nobody has translated yet")\n'
        'KNOWN = _("Log in")\n'
    )
    (source / "demo" / "templates" / "demo" / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Another new string from a template" %}</p>\n'
    )
    problems = untranslated(extract(source, tmp_path / "out"))
    assert any("'A string nobody has translated yet'" in p and "demo/views.py:3" in p for p in problems)
    assert any("'Another new string from a template'" in p and "page.html:1" in p for p in problems)
    assert not any("'Log in'" in p for p in problems)


def test_a_fuzzy_or_partly_translated_entry_counts_as_missing(tmp_path: Path) -> None:
    po = tmp_path / "locale" / "sl" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: sl\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Guessed"\nmsgstr "Uganjeno"\n\n'
        '#: a.py:2\nmsgid "One apple"\nmsgid_plural "%(n)s apples"\n'
        'msgstr[0] "Eno jabolko"\nmsgstr[1] "Dve jabolki"\nmsgstr[2] ""\nmsgstr[3] "jabolk"\n\n'
        '#: a.py:3\nmsgid ""\n"Done "\n"well"\nmsgstr "Dobro "\n"opravljeno"\n',
        encoding="utf-8",
    )
    problems = untranslated(tmp_path)
    assert len(problems) == 2
    assert "'Guessed' — fuzzy (a.py:1)" in problems[0] and "'One apple' — empty" in problems[1]


def test_the_compiled_catalogue_holds_every_translation() -> None:
    """The .mo is what Django reads: a translation in the .po but not compiled does not show."""
    po = parse_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    stale = [
        e.msgid
        for e in po
        if not e.problem and compiled.get((e.key, 0) if e.msgid_plural else e.key) != e.msgstr[0]
    ]
    assert not stale, f"{len(stale)} translation(s) not compiled, e.g. {stale[:5]}. {FIX}"


def test_pages_render_in_slovenian(db: object) -> None:
    with translation.override("sl"):
        assert translation.gettext("Log in") != "Log in"
    client = Client()
    client.cookies["cocreate_language"] = "sl"
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="sl">' in body
    assert "Skip to main content" not in body
