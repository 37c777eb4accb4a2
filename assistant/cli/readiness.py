"""The checks of ``shopassist check`` that look outside the database's schema: the mail server
and Redis when they are configured, and whether this machine's clock can be trusted (wrong
time breaks signed webhooks, session expiry, business hours and every report)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosmtplib
from sqlalchemy import func, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from assistant.clock import Clock, utc_now
from assistant.config import Config, display_url
from assistant.live.redis_bus import connect as redis_connect
from assistant.storage.models import Event, Message, Shop

#: Rows stamped with the clock at writing: none may be from the future.
STAMPED = (Message, Event, Shop)

#: Further apart than this, two clocks disagree (a webhook's signature allows 5 minutes).
CLOCK_TOLERANCE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Finding:
    name: str
    ok: bool
    text: str


async def smtp_finding(config: Config) -> Finding | None:
    """Connect, greet, STARTTLS and log in as the server will; ``None`` without ``SMTP_HOST``."""
    if not config.smtp_host:
        return None
    where = f"{config.smtp_host}:{config.smtp_port}"
    client = aiosmtplib.SMTP(
        hostname=config.smtp_host,
        port=config.smtp_port,
        timeout=config.db_timeout_s,
        start_tls=config.smtp_starttls,
    )
    try:
        async with asyncio.timeout(config.db_timeout_s):
            await client.connect()
            if config.smtp_user:
                await client.login(config.smtp_user, config.smtp_password or "")
            await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        reason = str(exc) or type(exc).__name__
        return Finding("smtp", False, f"{where} does not answer as a mail server: {reason}")
    login = f", signed in as {config.smtp_user}" if config.smtp_user else ""
    return Finding("smtp", True, f"{where} answers{login}")


async def redis_finding(config: Config) -> Finding | None:
    """PING through the server's own client settings; ``None`` without ``REDIS_URL``."""
    if not config.redis_url:
        return None
    shown = display_url(config.redis_url)
    client = redis_connect(config.redis_url, timeout=config.redis_timeout_s)
    try:
        async with asyncio.timeout(config.redis_timeout_s * 3):
            await client.ping()
    except Exception as exc:  # redis raises its own errors, OSError and TimeoutError
        reason = str(exc) or type(exc).__name__
        return Finding("redis", False, f"{shown} does not answer: {reason}")
    finally:
        await client.aclose()
    return Finding("redis", True, f"{shown} answers")


async def clock_finding(config: Config, engine: AsyncEngine, clock: Clock = utc_now) -> Finding:
    """This machine's clock against another one: PostgreSQL's ``now()``, or for SQLite the
    time the file system gives a new file beside the database; and not behind the newest
    stored message, event or shop (a clock that went back)."""
    now = clock()
    backend = make_url(config.database_url).get_backend_name()
    async with engine.connect() as conn:
        if backend == "postgresql":
            other = (await conn.execute(text("SELECT now()"))).scalar_one()
            source = "the database server"
        else:
            other = await asyncio.to_thread(_file_system_time, config)
            source = "the file system"
        stamps = [
            (await conn.execute(select(func.max(model.created_at)))).scalar_one_or_none()
            for model in STAMPED
        ]
    newest = max(
        (t if t.tzinfo else t.replace(tzinfo=UTC) for t in stamps if t is not None), default=None
    )
    if other is None:
        source = "the stored data"  # the folder is not writable: nothing else to ask
    else:
        other = other if other.tzinfo else other.replace(tzinfo=UTC)
        drift = abs((now - other).total_seconds())
        if drift > CLOCK_TOLERANCE.total_seconds():
            return Finding(
                "clock", False, f"{drift:.0f} s apart from {source}'s: set up NTP (timesyncd)"
            )
    if newest is not None and newest - now > CLOCK_TOLERANCE:
        return Finding(
            "clock",
            False,
            f"behind the data: the newest stored record is from {newest:%Y-%m-%d %H:%M} UTC, "
            f"the clock says {now:%Y-%m-%d %H:%M} UTC; set up NTP (timesyncd)",
        )
    return Finding("clock", True, f"{now:%Y-%m-%d %H:%M:%S} UTC, as {source} says")


def _file_system_time(config: Config) -> datetime | None:
    """The modification time the file system stamps on a new file in the database's folder
    (a network file system has its own clock); ``None`` if nothing can be written there."""
    name = make_url(config.database_url).database
    folder = Path(name).parent if name and name != ":memory:" else Path(tempfile.gettempdir())
    try:
        fd, path = tempfile.mkstemp(prefix=".clock-", dir=folder)
    except OSError:
        return None
    try:
        os.close(fd)
        return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    finally:
        os.unlink(path)


__all__ = ["CLOCK_TOLERANCE", "Finding", "clock_finding", "redis_finding", "smtp_finding"]
