"""Calendar days of UTC timestamps in SQL, the same text on SQLite and PostgreSQL (the
dialect quirk stays here): ``'2026-11-20'`` for anything from 00:00:00 to 23:59:59.999 UTC."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column
from sqlmodel.ext.asyncio.session import AsyncSession


def utc_day(db: AsyncSession, column: Any) -> Any:
    """The UTC day of ``column`` as ``YYYY-MM-DD`` text, to select and to group by.

    SQLite keeps :class:`~assistant.storage.types.UTCDateTime` as naive UTC text, so
    ``strftime`` reads it directly. PostgreSQL keeps ``timestamptz`` and would take the day in
    the session's time zone; ``timezone('UTC', ...)`` pins it to UTC. The constants are
    literals, not bound parameters, so the same expression in SELECT and GROUP BY is equal for
    PostgreSQL (``$1`` and ``$3`` would not be)."""
    if db.get_bind().dialect.name == "postgresql":
        return func.to_char(
            func.timezone(literal_column("'UTC'"), column), literal_column("'YYYY-MM-DD'")
        )
    return func.strftime(literal_column("'%Y-%m-%d'"), column)
