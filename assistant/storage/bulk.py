"""Many rows in one statement, through SQLAlchemy Core: the ORM inserts row by row whenever
it must learn each new id, and SQLite cannot return ids in order for a multi-row insert.
Dialect differences stay here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def _values(rows: Sequence[SQLModel]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.model_dump().items() if not (k == "id" and v is None)} for row in rows
    ]


async def insert_rows(db: AsyncSession, rows: Sequence[SQLModel]) -> None:
    """Insert rows whose generated keys nobody reads back (one executemany)."""
    if not rows:
        return
    table = type(rows[0]).__table__  # type: ignore[attr-defined]
    conn = await db.connection()
    await conn.execute(insert(table), _values(rows))


async def insert_dicts(
    db: AsyncSession, model: type[SQLModel], values: list[dict[str, Any]]
) -> None:
    """Insert plain column dicts (no model objects to build): the cheapest way in."""
    if values:
        conn = await db.connection()
        await conn.execute(insert(model.__table__), values)  # type: ignore[attr-defined]


async def insert_with_ids(db: AsyncSession, rows: Sequence[SQLModel]) -> None:
    """Insert rows with an integer ``id`` primary key and set each row's new ``id``. The rows
    stay outside the session (plain values afterwards)."""
    if not rows:
        return
    table = type(rows[0]).__table__  # type: ignore[attr-defined]
    values = _values(rows)
    conn = await db.connection()
    if conn.dialect.name == "postgresql":
        result = await conn.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), values
        )
        ids: Sequence[int] = [r[0] for r in result.all()]
    else:
        # SQLite: one writer at a time, and this transaction holds the write lock from its
        # first insert to its commit, so the new rowids are the block just below the max.
        await conn.execute(insert(table), values)
        last = (await conn.execute(select(func.max(table.c.id)))).scalar_one()
        ids = range(last - len(values) + 1, last + 1)
    for row, new_id in zip(rows, ids, strict=True):
        row.id = new_id  # type: ignore[attr-defined]


async def update_rows(db: AsyncSession, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """UPDATE many rows by their ``id``: one executemany per set of changed columns (rows that
    change the same columns share a statement)."""
    table = model.__table__  # type: ignore[attr-defined]
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        columns = tuple(sorted(k for k in row if k != "id"))
        if columns:
            by_columns.setdefault(columns, []).append(
                {"row_id": row["id"], **{f"new_{k}": row[k] for k in columns}}
            )
    conn = await db.connection()
    for columns, params in by_columns.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({k: bindparam(f"new_{k}") for k in columns})
        )
        await conn.execute(statement, params)
