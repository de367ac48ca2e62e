"""Reading the published CSV format (categories.csv: category,feature,min,max; respondents.csv: one
column per category, optional id and household columns)."""

from __future__ import annotations

import csv
from pathlib import Path

from .model import Instance, Person, Quota


def read_instance(folder: Path, panel_size: int, *, household_column: str | None = None) -> Instance:
    quotas: list[Quota] = []
    with (folder / "categories.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            quotas.append(Quota(row["category"], row["feature"], int(row["min"]), int(row["max"])))
    categories = tuple(dict.fromkeys(q.category for q in quotas))
    people: list[Person] = []
    with (folder / "respondents.csv").open(newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            pid = row.get("id") or f"r{i}"
            household = row.get(household_column) if household_column else None
            people.append(Person(pid, {c: row[c] for c in categories}, household or None))
    return Instance(tuple(people), tuple(quotas), panel_size, categories=categories)
