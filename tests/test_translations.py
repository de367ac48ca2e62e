"""English and Slovenian are shipped: the Slovenian catalogue is complete and compiled."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "cocreate" / "locale" / "sl" / "LC_MESSAGES"


def untranslated_entries(po_text: str) -> list[str]:
    missing = []
    # An entry: msgid "..." (possibly continued) followed by msgstr "" with no continuation lines.
    for match in re.finditer(r'\nmsgid ((?:".*"\n)+)msgstr ""\n(?!")', po_text):
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if msgid:
            missing.append(msgid)
    return missing


def test_slovenian_catalogue_is_complete_and_compiled() -> None:
    po = CATALOGUE / "django.po"
    text = po.read_text(encoding="utf-8")
    assert untranslated_entries(text) == []
    assert "#, fuzzy" not in text
    mo = CATALOGUE / "django.mo"
    assert mo.exists() and mo.stat().st_size > 1000


def test_pages_render_in_slovenian(db: object) -> None:
    with translation.override("sl"):
        assert translation.gettext("Log in") != "Log in"
    client = Client()
    client.cookies["cocreate_language"] = "sl"
    body = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="sl">' in body
    assert "Skip to main content" not in body
