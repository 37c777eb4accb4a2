"""Engine and session factory for SQLite (WAL) and PostgreSQL, and plain-language errors for
the ways a database can be unusable."""

from __future__ import annotations

import asyncio
import errno
import math
import socket
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.config import display_url
from assistant.errors import ConfigError
from assistant.storage.sqlite_driver import one_trip_dbapi

Sessions = async_sessionmaker[AsyncSession]


def create_engine(
    database_url: str, *, pool_size: int = 10, busy_timeout_s: float = 10.0
) -> AsyncEngine:
    """An async engine; for SQLite the file's folder is created and WAL mode switched on.
    ``busy_timeout_s``: how long SQLite waits for another process's write lock. It must not
    outlast the caller's own timeout: a statement waiting in SQLite's thread cannot be
    cancelled, so the connection (and the shopper's error) would wait for it."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            try:
                Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(explain_connect_error(exc, database_url)) from exc
        # Each aiosqlite connection is a thread of its own: keep them all in the pool (no
        # overflow connections that are opened and closed under load) and let a burst wait.
        engine = create_async_engine(
            url,
            module=one_trip_dbapi(),
            pool_size=pool_size,
            max_overflow=0,
            pool_timeout=30,
            connect_args={"timeout": 30},
        )
        busy_ms = max(1, round(busy_timeout_s * 1000))
        event.listen(
            engine.sync_engine, "connect", lambda conn, record: _sqlite_pragmas(conn, busy_ms)
        )
        return engine
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"timeout": 5, "command_timeout": 30},
    )


def _sqlite_pragmas(dbapi_connection: Any, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while a write commits; NORMAL sync is durable across process crashes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
    # The customer list computes decayed engagement scores in SQL with exp(); SQLite has it
    # only when built with its math functions (Debian's and python.org's are), else we add it.
    cursor.execute("PRAGMA compile_options")
    options = {row[0] for row in cursor.fetchall()}
    cursor.close()
    if "ENABLE_MATH_FUNCTIONS" not in options:
        dbapi_connection.create_function("exp", 1, math.exp, deterministic=True)


def session_factory(engine: AsyncEngine) -> Sessions:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def ping(engine: AsyncEngine, seconds: float = 5.0) -> None:
    """Raise when the database does not answer a trivial query within ``seconds``."""
    async with asyncio.timeout(seconds), engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


def explain_connect_error(exc: BaseException, database_url: str) -> str:
    """One line for an operator: what is wrong with the database and how to fix it."""
    shown = display_url(database_url)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return (
            f"Cannot open the SQLite database {shown}: {_root_message(exc)}. "
            "Check that the folder is writable, or set DATABASE_URL / --database."
        )
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    root = _root(exc)
    if isinstance(root, TimeoutError | asyncio.TimeoutError):
        return f"The database at {where} did not answer in time ({shown}). Is PostgreSQL running and reachable?"
    if isinstance(root, socket.gaierror):
        return f"Unknown database host {url.host!r} in {shown}. Check the host name in DATABASE_URL / --database."
    if (
        isinstance(root, ConnectionRefusedError)
        or getattr(root, "errno", None) == errno.ECONNREFUSED
    ):
        return (
            f"Cannot reach the database at {where} ({shown}): connection refused. "
            "Start PostgreSQL or fix DATABASE_URL / --database."
        )
    return (
        f"Cannot use the database {shown}: {_root_message(exc)}. Check DATABASE_URL / --database."
    )


def _root(exc: BaseException) -> BaseException:
    seen = exc
    while True:
        nxt = getattr(seen, "orig", None) or seen.__cause__
        if nxt is None or nxt is seen:
            return seen
        seen = nxt


def _root_message(exc: BaseException) -> str:
    root = _root(exc)
    text_ = str(root).strip().splitlines()[0] if str(root).strip() else type(root).__name__
    return text_.rstrip(".")
