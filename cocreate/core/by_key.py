"""One row by its primary key (or a few narrow rows, or a count, by equality; or rows by their keys,
each with a count) without the ORM's query machinery — for the busiest look-ups only (decision 0025).

Every request of a guest who took part reads their identity row, and every write on a journey reads
the journey's row. Building such a query with the ORM costs more Python than PostgreSQL spends
answering it. Measured in-process on PostgreSQL (issue 20), CPU per look-up within one run:
`filter(pk=…).first()` 0.57 ms, `raw()` 0.26 ms, this module's fixed statement read into the
model's own `from_db` 0.14 ms, a bare cursor 0.12 ms. The row comes back as the same model
instance, every value through the same conversions the ORM applies (the backend's and the
field's), on SQLite and PostgreSQL alike. Everything else uses the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import cache, lru_cache
from typing import Any, NamedTuple, TypeVar, cast

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


# Each model's attnames and its columns' slice of a row.
_Kinds = list[tuple[type[models.Model], list[str], slice]]
# (column index, the column as an expression, its converters) for the columns that have any.
_Converters = list[tuple[int, Any, list[Callable[..., Any]]]]


class _Plan(NamedTuple):
    statement: str
    models: _Kinds
    converters: _Converters


def row(
    model: type[M], pk: Any, *, also: Mapping[str, Any] | None = None, joined: str | None = None
) -> M | None:
    """The row of `model` with this primary key (and the `also` fields equal to their values), or
    None. `joined` names a foreign key whose row comes in the same statement, set on the instance
    as `select_related` sets it -- or a chain of them ("step__stage"), each row set on the one
    before. The default managers must not filter (a fixed statement would not apply their
    filter)."""
    also = also or {}
    plan = _plan(model, tuple(also), joined, connection.vendor)
    params = [model._meta.pk.get_db_prep_value(pk, connection)]  # type: ignore[union-attr]
    params += _params(model, also)
    with connection.cursor() as cursor:
        cursor.execute(plan.statement, params)
        values = cursor.fetchone()
    if values is None:
        return None
    values = _converted(values, plan.converters)
    found = [kind.from_db(connection.alias, attnames, values[at]) for kind, attnames, at in plan.models]
    for i, name in enumerate(joined.split("__") if joined else ()):
        _field(plan.models[i][0], name).set_cached_value(found[i], found[i + 1])  # type: ignore[attr-defined]
    return found[0]  # type: ignore[return-value]


def column(model: type[models.Model], name: str, **equal: Any) -> list[Any]:
    """The `name` field's value of each row whose `equal` fields have the given values (ids for
    foreign keys), in no order: one fixed statement, as `row`."""
    return [value for (value,) in values(model, (name,), **equal)]


def values(
    model: type[models.Model],
    names: tuple[str, ...],
    *,
    order_by: tuple[str, ...] = (),
    limit: int | None = None,
    **equal: Any,
) -> list[tuple[Any, ...]]:
    """The `names` fields' values of each row whose `equal` fields have the given values (in no
    order unless `order_by`: field names, "-" first for descending; at most `limit` rows): one fixed
    statement, as `row`. For the busiest narrow reads only (after each vote, the statements a
    participant voted on; on each journey page, a guest's feelings, supports and contributions)."""
    statement, converters = _values_plan(model, names, tuple(equal), order_by, limit, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement, _params(model, equal))
        found: list[tuple[Any, ...]] = cursor.fetchall()
    if not converters:
        return found
    return [tuple(_converted(row, converters)) for row in found]


def count(
    model: type[models.Model], *, among: Mapping[str, Any] | None = None, **equal: Any
) -> tuple[int, int]:
    """How many rows have the `equal` fields' values, and how many of those also have the `among`
    fields' values (0 without `among`): one fixed statement, as `row`. After every support sent in
    place, an idea's supports and whether the participant is among them."""
    among = among or {}
    statement = _count_plan(model, tuple(equal), tuple(among), connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement, _params(model, among) + _params(model, equal))
        total, narrower = cursor.fetchone()
    return int(total), int(narrower or 0)


def counted(model: type[M], pks: Collection[Any], *, related: str, into: str) -> list[M]:
    """The rows of `model` with these primary keys, in no order, each with how many rows of the
    reverse relation `related` point at it set as `into`: one fixed statement (a correlated count
    per row, an index look-up each), as `row`. On a guest's journey page, the ideas they support
    and their own beyond the previews, each with its support count."""
    if not pks:
        return []
    plan, counting = _counted_plan(model, related, len(pks), connection.vendor)
    key = model._meta.pk
    params = [key.get_db_prep_value(pk, connection) for pk in pks]  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(plan.statement, params)
        found = cursor.fetchall()
    ((kind, attnames, at),) = plan.models
    rows = []
    for fetched in found:
        values = _converted(fetched, plan.converters)
        instance = kind.from_db(connection.alias, attnames, values[at])
        setattr(instance, into, int(values[counting] or 0))
        rows.append(instance)
    return rows  # type: ignore[return-value]


# One plan per number of keys (a guest's few supports, a few own ideas): bounded, not @cache.
@lru_cache(maxsize=256)
def _counted_plan(model: type[models.Model], related: str, n: int, vendor: str) -> tuple[_Plan, int]:
    quote = connection.ops.quote_name
    columns, kinds, converters = _selected([(model, "t0")])
    relation = cast("Any", model._meta.get_field(related))  # the reverse side of a foreign key
    key = _column(model, model._meta.pk.name)  # type: ignore[union-attr]
    other, link = quote(relation.related_model._meta.db_table), quote(relation.field.column)
    counting = f"(SELECT COUNT(*) FROM {other} r WHERE r.{link} = t0.{key})"  # noqa: S608
    keys = ", ".join(["%s"] * n)
    source = f"{quote(model._meta.db_table)} t0"
    statement = f"SELECT {', '.join(columns)}, {counting} FROM {source} WHERE t0.{key} IN ({keys})"  # noqa: S608
    return _Plan(statement, kinds, converters), len(columns)


@cache
def _count_plan(model: type[models.Model], keys: tuple[str, ...], among: tuple[str, ...], vendor: str) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    # CASE rather than FILTER: the same statement on PostgreSQL and SQLite.
    narrower = _equal(model, among) or "1 = 0"
    counts = f"COUNT(*), COALESCE(SUM(CASE WHEN {narrower} THEN 1 ELSE 0 END), 0)"
    return f"SELECT {counts} FROM {table} t0 WHERE {_equal(model, keys)}"  # noqa: S608


@cache
def _values_plan(
    model: type[models.Model],
    names: tuple[str, ...],
    keys: tuple[str, ...],
    order_by: tuple[str, ...],
    limit: int | None,
    vendor: str,
) -> tuple[str, list[tuple[int, Any, list[Callable[..., Any]]]]]:
    converters = []
    for i, name in enumerate(names):
        field = _field(model, name)
        expression = field.get_col("t0")
        functions = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
        if functions:
            converters.append((i, expression, functions))
    selected = ", ".join(f"t0.{_column(model, name)}" for name in names)
    where = _equal(model, keys)
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"SELECT {selected} FROM {table} t0 WHERE {where}"  # noqa: S608
    if order_by:
        ordering = (
            f"t0.{_column(model, name.lstrip('-'))} {'DESC' if name[0] == '-' else 'ASC'}"
            for name in order_by
        )
        statement += f" ORDER BY {', '.join(ordering)}"
    if limit is not None:
        statement += f" LIMIT {int(limit)}"
    return statement, converters


def _converted(values: tuple[Any, ...] | list[Any], converters: _Converters) -> list[Any]:
    """A fetched row's values, each column through its converters (the backend's and the field's),
    as the ORM converts them."""
    values = list(values)
    for i, column, functions in converters:
        for convert in functions:
            values[i] = convert(values[i], column, connection)
    return values


def _equal(model: type[models.Model], keys: tuple[str, ...]) -> str:
    """The condition that each of `keys` equals its parameter, in order."""
    return " AND ".join(f"t0.{_column(model, key)} = %s" for key in keys)


def _params(model: type[models.Model], equal: Mapping[str, Any]) -> list[Any]:
    """The values of `equal` as the database takes them (each field's own conversion), in order."""
    return [_field(model, key).get_db_prep_value(value, connection) for key, value in equal.items()]


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def _column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(str(_field(model, name).column))


@cache
def _plan(model: type[models.Model], also: tuple[str, ...], joined: str | None, vendor: str) -> _Plan:
    quote = connection.ops.quote_name
    tables: list[tuple[type[models.Model], str]] = [(model, "t0")]
    source = f"{quote(model._meta.db_table)} t0"
    # Each foreign key of the chain joins its row to the one before (t0 -> t1 -> t2 ...).
    for name in joined.split("__") if joined else ():
        before, alias = tables[-1]
        if _field(before, name).null:  # an inner join would drop the row where select_related keeps it
            raise ValueError(f"by_key joins non-null foreign keys only: {before.__name__}.{name} is nullable")
        target = cast("type[models.Model]", _field(before, name).related_model)
        at = f"t{len(tables)}"
        link = f"{alias}.{_column(before, name)} = {at}.{_column(target, target._meta.pk.name)}"  # type: ignore[union-attr]
        source += f" JOIN {quote(target._meta.db_table)} {at} ON {link}"
        tables.append((target, at))
    columns, kinds, converters = _selected(tables)
    # Names from the models' own metadata, quoted; the values are parameters.
    where = _equal(model, (model._meta.pk.name, *also))  # type: ignore[union-attr]
    statement = f"SELECT {', '.join(columns)} FROM {source} WHERE {where}"  # noqa: S608
    return _Plan(statement, kinds, converters)


def _selected(tables: list[tuple[type[models.Model], str]]) -> tuple[list[str], _Kinds, _Converters]:
    """Every concrete column of each (model, alias), each model's attnames and slice of them, and
    the converters of the columns that have any."""
    quote = connection.ops.quote_name
    columns: list[str] = []
    kinds: _Kinds = []
    converters: _Converters = []
    for kind, alias in tables:
        fields = kind._meta.concrete_fields
        start = len(columns)
        for field in fields:
            column = field.get_col(alias)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                converters.append((len(columns), column, found))
            columns.append(f"{alias}.{quote(str(field.column))}")
        kinds.append((kind, [field.attname for field in fields], slice(start, len(columns))))
    return columns, kinds, converters
