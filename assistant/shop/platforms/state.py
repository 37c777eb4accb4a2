"""Where a connector keeps what the platform gave it: a cart token per cart, and the order
each checkout's idempotency key created (so a retried "place order" creates nothing twice).

:class:`DbSessions` keeps them in the database (every instance sees the same carts);
:class:`MemorySessions` in the process, for a one-off connection check.
"""

from __future__ import annotations

from typing import Protocol

from sqlmodel import delete

from assistant.clock import Clock, utc_now
from assistant.storage.engine import Sessions
from assistant.storage.models import PlatformSession


class SessionStore(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def put(self, key: str, value: str) -> None: ...

    async def drop(self, key: str) -> None: ...


class MemorySessions:
    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self._values.get(key)

    async def put(self, key: str, value: str) -> None:
        self._values[key] = value

    async def drop(self, key: str) -> None:
        self._values.pop(key, None)


class DbSessions:
    def __init__(self, sessions: Sessions, shop_id: str, clock: Clock = utc_now) -> None:
        self._sessions = sessions
        self._shop = shop_id
        self._clock = clock

    async def get(self, key: str) -> str | None:
        async with self._sessions() as db:
            row = await db.get(PlatformSession, (self._shop, key[:255]))
            return row.value if row is not None else None

    async def put(self, key: str, value: str) -> None:
        async with self._sessions() as db:
            row = await db.get(PlatformSession, (self._shop, key[:255]))
            if row is None:
                row = PlatformSession(shop_id=self._shop, key=key[:255], value=value)
            row.value, row.updated_at = value, self._clock()
            db.add(row)
            await db.commit()

    async def drop(self, key: str) -> None:
        async with self._sessions() as db:
            await db.exec(
                delete(PlatformSession).where(
                    PlatformSession.shop_id == self._shop,  # type: ignore[arg-type]
                    PlatformSession.key == key[:255],  # type: ignore[arg-type]
                )
            )
            await db.commit()
