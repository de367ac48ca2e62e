"""Reading a service list from CSV: every row checked before anything is stored."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cocreate.portfolio.models import Channel, Service

COLUMNS = ("name", "description", "users", "channels")
MAX_ROWS = 2000


@dataclass
class ParsedServices:
    rows: list[dict[str, object]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_services_csv(text: str, existing_names: set[str]) -> ParsedServices:
    """Columns: name (required), description, users, channels (codes or names, separated by ";").
    Every problem is reported as "Row N: …" (N counting the header as row 1)."""
    result = ParsedServices()
    text = text.lstrip("\ufeff")  # a BOM from spreadsheet exports
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header:
        result.errors.append(
            _("Row 1: the header needs a “name” column (optional: description, users, channels).")
        )
        return result
    reader.fieldnames = header
    channel_codes = {c.value: c.value for c in Channel} | {str(c.label).lower(): c.value for c in Channel}
    seen: set[str] = set()
    name_limit = Service._meta.get_field("name").max_length or 200
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            result.errors.append(
                _("Row %(n)s: more than %(max)s services; split the file.") % {"n": number, "max": MAX_ROWS}
            )
            break
        row = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        if not any(row.values()):
            continue  # blank line
        name = row.get("name", "")
        problems = []
        if not name:
            problems.append(_("the name is empty"))
        elif len(name) > name_limit:
            problems.append(_("the name is longer than %(n)s characters") % {"n": name_limit})
        elif name.lower() in seen:
            problems.append(_("“%(name)s” appears twice in the file") % {"name": name})
        elif name.lower() in existing_names:
            problems.append(_("a service called “%(name)s” exists already") % {"name": name})
        channels = []
        for part in filter(None, (p.strip().lower() for p in row.get("channels", "").split(";"))):
            code = channel_codes.get(part)
            if code is None:
                problems.append(_("unknown channel “%(c)s”") % {"c": part})
            else:
                channels.append(code)
        if len(row.get("description", "")) > 5000:
            problems.append(_("the description is longer than 5,000 characters"))
        if problems:
            result.errors.append(
                _("Row %(n)s: %(problems)s.") % {"n": number, "problems": "; ".join(problems)}
            )
            continue
        seen.add(name.lower())
        result.rows.append(
            {
                "name": name,
                "description": row.get("description", ""),
                "users": row.get("users", ""),
                "channels": channels,
            }
        )
    if not result.rows and not result.errors:
        result.errors.append(_("The file has no services in it."))
    return result
