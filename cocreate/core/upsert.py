"""One participation write, one statement: ``INSERT … ON CONFLICT … DO UPDATE`` (or ``DO NOTHING``).

Votes, feelings and supports are the busiest writes of a city-wide call, and each has a natural key
the database keeps unique (one vote per statement and participant …). A first write, a changed one,
a double tap and fifty parallel copies all end as one row because the database decides — no read
before the write. Django's ``bulk_create(update_conflicts=…)`` says the same, but wraps the insert in
a transaction of its own (BEGIN and COMMIT: two more round trips) and builds model instances for one
row; measured on the vote, the statement alone costs a fraction. PostgreSQL and SQLite (3.24+) share
this syntax, so the demo and production run the same statement.

Rows are given by attribute name (``statement_id``, not ``statement``); values go through each field's
own conversion for the database, so UUIDs and datetimes are stored as the ORM stores them. Fields
with ``auto_now``/``auto_now_add`` are not filled in here: pass them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def upsert(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    update: Sequence[str] = (),
) -> int:
    """Insert `rows`; where one clashes on `unique`, set its `update` columns to the new values (or,
    without `update`, keep the row there). Returns how many rows the database reports touched."""
    if not rows:
        return 0
    names = list(rows[0])
    fields = [_field(model, name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in names)
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = []
    for row in rows:
        if list(row) != names:
            raise ValueError("every row names the same columns, in the same order")
        params += [
            field.get_db_prep_save(row[name], connection) for field, name in zip(fields, names, strict=True)
        ]
    conflict = ", ".join(quote(_column(model, name)) for name in unique)
    if update:
        sets = ", ".join(
            f"{quote(_column(model, name))} = EXCLUDED.{quote(_column(model, name))}" for name in update
        )
        action = f"DO UPDATE SET {sets}"
    else:
        action = "DO NOTHING"
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([one_row] * len(rows))} "  # noqa: S608 (names from the model)
        f"ON CONFLICT ({conflict}) {action}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The concrete field (one column) behind `name`."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _column(model: type[models.Model], name: str) -> str:
    return str(_field(model, name).column)
