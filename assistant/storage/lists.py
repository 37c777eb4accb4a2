"""``column IN (a list bound at execution)`` as each database likes it best (dialect quirks
stay in ``assistant/storage``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, JSON, any_, bindparam, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement


def one_of(column: Any, name: str, dialect: str) -> ColumnElement[bool]:
    """``column`` is one of the values bound as ``name`` (a list), as one parameter, so the
    statement's text (and the database's prepared statement) is the same whatever the list's
    length, and nothing is rendered per execution: ``= ANY`` of an array on PostgreSQL, ``IN``
    the elements of a JSON array on SQLite (an expanding ``IN`` would render one placeholder
    per value, every time)."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.type)))  # type: ignore[no-any-return]
    values: Any = select(literal_column("value")).select_from(
        func.json_each(bindparam(name, type_=JSON()))
    )
    return column.in_(values)  # type: ignore[no-any-return]
