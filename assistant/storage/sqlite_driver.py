"""SQLite through aiosqlite with one trip to its thread per statement.

aiosqlite runs each SQLite connection in a thread of its own; every call is a trip there and
back (queue the call, wake the thread, wait for the event loop to pick the result up).
SQLAlchemy's aiosqlite adapter makes four such trips per statement: open a cursor, execute,
fetch the rows, close the cursor. Under load each trip also waits for its turn on a busy event
loop, so a group commit of a dozen statements took tens of milliseconds and capped how many
messages per second one process could store.

This adapter does the four steps in one function on the connection's thread and hands back
the rows with the cursor's description, row count and last row id (after an executemany
too, which sqlite3 itself does not report). Everything else (the
connection, transactions, errors, the dialect) is SQLAlchemy's aiosqlite support unchanged.
It is passed to ``create_async_engine(module=...)`` by :func:`assistant.storage.engine.create_engine`.
"""

from __future__ import annotations

import collections
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor is opened here (that was a trip of its own).
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _async_soft_close(self) -> None:
        return None  # nothing is open on the connection's thread

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_(self._run(operation, parameters, many=False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        try:
            return await_(self._run(operation, seq_of_parameters, many=True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _run(self, operation: Any, parameters: Any, *, many: bool) -> None:
        connection = self._connection
        raw = connection._conn  # the sqlite3 connection, used on its own thread only

        def statement() -> tuple[Any, list[Any], int, int | None]:
            cursor = raw.cursor()
            try:
                if many:
                    cursor.executemany(operation, parameters)
                elif parameters is None:
                    cursor.execute(operation)
                else:
                    cursor.execute(operation, parameters)
                description = cursor.description
                rows = cursor.fetchall() if description else []
                last = cursor.lastrowid
                if many and last is None:
                    # sqlite3 leaves it unset after executemany; the block insert in
                    # storage.bulk.insert_with_ids reads it instead of asking for max(id).
                    last = raw.execute("SELECT last_insert_rowid()").fetchone()[0]
                return description, rows, cursor.rowcount, last
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            result = await connection._execute(statement)
        self._description, rows, self._rowcount, self._lastrowid = result
        self._rows = collections.deque(rows)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]  # same interface, one round trip


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(__import__("aiosqlite"), __import__("sqlite3"))
