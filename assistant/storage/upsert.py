"""``INSERT ... ON CONFLICT DO UPDATE`` for SQLite and PostgreSQL (the syntax is shared, the
SQLAlchemy constructs are per dialect)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import ColumnElement
from sqlmodel.ext.asyncio.session import AsyncSession


async def upsert(
    db: AsyncSession,
    model: Any,
    values: Mapping[str, Any],
    *,
    keys: Sequence[str],
    update: Mapping[str, Any],
    where: ColumnElement[bool] | None = None,
) -> None:
    """Insert ``values``; when a row with the same ``keys`` exists, apply ``update`` to it
    (only where ``where`` holds)."""
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(**values)
    await db.exec(
        stmt.on_conflict_do_update(index_elements=list(keys), set_=dict(update), where=where)
    )
