"""Console sign-ins kept on the server, so that signing out (or going idle) ends them for
every copy of the cookie, on every instance (the rows are in the shared database).

The cookie holds a random token; the table holds its SHA-256 (a copy of the database names no
usable session). ``seen_at`` is written at most once a minute per session, not per request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import col

from assistant.storage.engine import Sessions
from assistant.storage.models import ConsoleSession

#: How stale ``seen_at`` may get before a request writes it again.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def open_session(sessions: Sessions, agent_id: str, now: datetime, idle: timedelta) -> str:
    """A new session for ``agent_id``; its token goes into the cookie. Sessions idle for
    longer than ``idle`` are cleared out on the way."""
    token = secrets.token_urlsafe(32)
    async with sessions() as db:
        await db.exec(delete(ConsoleSession).where(col(ConsoleSession.seen_at) < now - idle))
        db.add(
            ConsoleSession(token_hash=_hash(token), agent_id=agent_id, created_at=now, seen_at=now)
        )
        await db.commit()
    return token


async def session_alive(
    sessions: Sessions, token: str, agent_id: str, now: datetime, idle: timedelta
) -> bool:
    """Open, of this agent, and used within ``idle``; then marked as seen now."""
    async with sessions() as db:
        row = await db.get(ConsoleSession, _hash(token))
        if row is None or row.agent_id != agent_id:
            return False
        if now - row.seen_at > idle:
            await db.delete(row)
            await db.commit()
            return False
        if now - row.seen_at >= TOUCH_EVERY:
            await db.exec(
                update(ConsoleSession)
                .where(col(ConsoleSession.token_hash) == row.token_hash)
                .values(seen_at=now)
            )
            await db.commit()
    return True


async def close_session(sessions: Sessions, token: str) -> None:
    async with sessions() as db:
        await db.exec(delete(ConsoleSession).where(col(ConsoleSession.token_hash) == _hash(token)))
        await db.commit()
