"""Reading a pool of volunteers from CSV or XLSX: every row checked before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from cocreate.core import uploads

MAX_ROWS = 20_000


@dataclass
class ParsedPool:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def table_from_upload(name: str, data: bytes) -> list[list[str]]:
    """CSV (UTF-8, UTF-16 or Windows-1250) or XLSX through the guarded readers of core.uploads."""
    return uploads.table_from_bytes(name, data, max_rows=MAX_ROWS + 1)


def parse_pool(table: list[list[str]], features: dict[str, list[str]], known_emails: set[str]) -> ParsedPool:
    """`features`: {feature name: allowed values}. Columns: name, email, phone, household (all
    optional but name or email), and one column per feature (required, one of its values)."""
    result = ParsedPool()
    if not table:
        result.errors.append(_("The file is empty."))
        return result
    header = [h.strip().lower() for h in table[0]]
    by_lower = {f.lower(): f for f in features}
    missing = [f for f in features if f.lower() not in header]
    if missing:
        result.errors.append(_("Row 1: columns missing for %(f)s.") % {"f": ", ".join(missing)})
        return result
    seen: set[str] = set()
    for number, raw in enumerate(table[1:], start=2):
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(
                _("Row %(n)s: more than %(max)s volunteers; split the file.") % {"n": number, "max": MAX_ROWS}
            )
            break
        cells = dict(zip(header, raw, strict=False))
        if not any(v.strip() for v in cells.values()):
            continue
        problems = []
        email = cells.get("email", "").strip().lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("“%(e)s” is not an e-mail address") % {"e": email[:60]})
            if email in seen:
                problems.append(_("the e-mail appears twice in the file"))
            elif email in known_emails:
                problems.append(_("this e-mail is already in the pool"))
        if not cells.get("name", "").strip() and not email:
            problems.append(_("give at least a name or an e-mail"))
        answers = {}
        for column, feature in by_lower.items():
            value = cells.get(column, "").strip()
            allowed = {v.lower(): v for v in features[feature]}
            if value.lower() not in allowed:
                problems.append(
                    _("%(f)s is “%(v)s”, not one of: %(allowed)s")
                    % {"f": feature, "v": value[:40], "allowed": ", ".join(features[feature])}
                )
            else:
                answers[feature] = allowed[value.lower()]
        if problems:
            result.errors.append(_("Row %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)})
            continue
        if email:
            seen.add(email)
        result.rows.append(
            {
                "contact": {k: cells.get(k, "").strip()[:200] for k in ("name", "email", "phone")},
                "household": cells.get("household", "").strip(),
                "answers": answers,
            }
        )
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no volunteers in it."))
    return result
