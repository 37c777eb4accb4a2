"""SQL arithmetic on times that SQLite and PostgreSQL spell differently (dialect quirks stay
in ``assistant/storage``): seconds since 1970 of a stored UTC time, and ``exp`` that never
underflows into an error (PostgreSQL raises on ``exp(-1000)``, SQLite returns 0)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

#: exp() of anything below this is 0 for our purposes (e^-700 is about 1e-304).
_EXP_FLOOR = -700.0
_EXP_CEILING = 700.0


class epoch_seconds(FunctionElement[float]):  # an SQL function, named like one
    """Seconds since 1970-01-01 UTC of a :class:`~assistant.storage.types.UTCDateTime`."""

    type = Float()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTC times as text ("2026-11-23 09:00:00.000000"); julianday reads that.
    (arg,) = list(element.clauses)
    return f"((julianday({compiler.process(arg, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgres(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    (arg,) = list(element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(arg, **kw)}) AS DOUBLE PRECISION)"


def safe_exp(x: ColumnElement[Any]) -> ColumnElement[float]:
    """``exp(x)`` with ``x`` clamped, so no row can make the whole query fail."""
    clamped = case(
        (x < _EXP_FLOOR, _EXP_FLOOR),
        (x > _EXP_CEILING, _EXP_CEILING),
        else_=x,
    )
    return func.exp(clamped, type_=Float())
