"""Column types that behave the same on SQLite and PostgreSQL (dialect quirks stay here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

#: JSON everywhere, JSONB on PostgreSQL (indexable, compact).
JSONType = JSON().with_variant(JSONB(), "postgresql")


def _utc(value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"expected datetime, got {type(value).__name__}")
    if value.tzinfo is None:
        raise ValueError("naive datetime; pass an aware UTC datetime")
    return value.astimezone(UTC)


def sqlite_text(value: Any) -> str | None:
    """A UTC time as SQLite stores it: the text SQLAlchemy's SQLite ``DATETIME`` writes
    ("2026-11-23 09:00:00.000000"), made in one C call instead of a format with seven fields.
    Times are compared as text in SQL, so the format must never vary."""
    if value is None:
        return None
    if value.__class__ is datetime and value.tzinfo is UTC:  # nearly always: cut "+00:00"
        return value.isoformat(" ", "microseconds")[:-6]
    return _utc(value).replace(tzinfo=None).isoformat(" ", "microseconds")


def _from_sqlite_text(value: Any) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes in and out; SQLite would otherwise hand back naive ones.

    On SQLite the conversions replace, rather than wrap, the ``DATETIME`` type's own (same
    text, a third of the cost: every event, message and lifecycle row has several times)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return sqlite_text
        return super().bind_processor(dialect)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        if dialect.name == "sqlite":
            return _from_sqlite_text
        return super().result_processor(dialect, coltype)

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        aware = _utc(value)
        return aware.replace(tzinfo=None) if dialect.name == "sqlite" else aware

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        if stored.tzinfo is None:
            return stored.replace(tzinfo=UTC)
        return stored.astimezone(UTC)
