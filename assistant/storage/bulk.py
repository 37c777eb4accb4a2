"""Many rows in one statement, through SQLAlchemy Core: the ORM inserts row by row whenever
it must learn each new id, and SQLite cannot return ids in order for a multi-row insert.
Dialect differences stay here.

The executemany statements go out as driver SQL with values bound here: SQLAlchemy's own
parameter handling for an executemany (a parameter dict built and processed per row, through
several layers) cost about as much as the database's work for each row; these helpers
compile each statement once per dialect and run SQLAlchemy's own bind processors (the same
stored values) in one tight loop."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class _Plan:
    """A compiled executemany: its SQL and, per positional parameter, the row key and the
    bind processor (``None``: the value goes to the driver as it is)."""

    sql: str
    keys: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]

    def bind(self, rows: Sequence[Row]) -> list[tuple[Any, ...]]:
        pairs = tuple(zip(self.keys, self.processors, strict=True))
        if not any(self.processors):
            return [tuple(row[k] for k in self.keys) for row in rows]
        return [tuple(row[k] if p is None else p(row[k]) for k, p in pairs) for row in rows]


@functools.lru_cache(maxsize=512)
def _plan(
    table: Table, kind: str, columns: tuple[str, ...], where: tuple[str, ...], dialect: Dialect
) -> _Plan:
    """``kind`` insert: INSERT ``columns``; update: SET ``columns`` WHERE ``where`` match."""
    if kind == "insert":
        statement: Any = insert(table)
        compiled = statement.compile(dialect=dialect, column_keys=list(columns))
    else:
        statement = (
            update(table)
            .where(*(table.c[k] == bindparam(f"w_{k}") for k in where))
            .values({k: bindparam(f"s_{k}") for k in columns})
        )
        compiled = statement.compile(dialect=dialect)
    names = compiled.positiontup or []
    keys = tuple(n[2:] if kind == "update" else n for n in names)
    expected = set(columns) | set(where)
    if set(keys) != expected or len(keys) != len(expected):
        raise ValueError(f"{table.name}: the statement binds {names}, not {sorted(expected)}")
    processors = tuple(
        compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names
    )
    return _Plan(compiled.string, keys, processors)


async def _execute_many(
    db: AsyncSession, plan: Callable[[Dialect], _Plan], rows: Sequence[Row]
) -> Any:
    conn = await db.connection()
    compiled = plan(conn.dialect)
    params = compiled.bind(rows)
    return await conn.exec_driver_sql(compiled.sql, params if len(params) > 1 else params[0])


async def insert_values(db: AsyncSession, table: Table, rows: Sequence[Row]) -> Any:
    """INSERT plain column dicts (every row with the keys of the first) in one executemany."""
    if not rows:
        return None
    columns = tuple(rows[0])
    return await _execute_many(
        db, lambda dialect: _plan(table, "insert", columns, (), dialect), rows
    )


async def update_values(
    db: AsyncSession, table: Table, where: Sequence[str], rows: Sequence[Row]
) -> None:
    """UPDATE the rows whose ``where`` columns match, setting every other key of the dicts
    (every row with the keys of the first) in one executemany."""
    if not rows:
        return
    key = tuple(where)
    columns = tuple(k for k in rows[0] if k not in key)
    await _execute_many(db, lambda dialect: _plan(table, "update", columns, key, dialect), rows)


def _values(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.model_dump().items() if not (k == "id" and v is None)} for row in rows
    ]


async def insert_rows(db: AsyncSession, rows: Sequence[Any]) -> None:
    """Insert rows whose generated keys nobody reads back (one executemany)."""
    if not rows:
        return
    table = type(rows[0]).__table__
    await insert_values(db, table, _values(rows))


async def insert_dicts(
    db: AsyncSession, model: type[SQLModel], values: list[dict[str, Any]]
) -> None:
    """Insert plain column dicts (no model objects to build): the cheapest way in."""
    await insert_values(db, model.__table__, values)  # type: ignore[attr-defined]


async def insert_with_ids(db: AsyncSession, rows: Sequence[Any]) -> None:
    """Insert rows with an integer ``id`` primary key and set each row's new ``id``. The rows
    (table models or the plain rows of ``storage.rows``) stay outside the session (plain
    values afterwards)."""
    if not rows:
        return
    table = type(rows[0]).__table__
    values = _values(rows)
    conn = await db.connection()
    if conn.dialect.name == "postgresql":
        result = await conn.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), values
        )
        ids: Sequence[int] = [r[0] for r in result.all()]
    else:
        # SQLite: one writer at a time, and this transaction holds the write lock from its
        # first insert to its commit, so the new rowids are the block ending at the last one
        # (the driver reports it for an executemany too: sqlite_driver.py).
        result = await insert_values(db, table, values)
        last = result.lastrowid
        ids = range(last - len(values) + 1, last + 1)
    for row, new_id in zip(rows, ids, strict=True):
        row.id = new_id


async def update_rows(db: AsyncSession, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """UPDATE many rows by their ``id``: one executemany per set of changed columns (rows that
    change the same columns share a statement)."""
    table = model.__table__  # type: ignore[attr-defined]
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        columns = tuple(sorted(k for k in row if k != "id"))
        if columns:
            by_columns.setdefault(columns, []).append(row)
    for group in by_columns.values():
        await update_values(db, table, ("id",), group)
