"""Opening the database for a CLI command: reachable, migrated, or a clear one-line error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from assistant.config import Config
from assistant.errors import ConfigError
from assistant.storage.engine import (
    Sessions,
    create_engine,
    explain_connect_error,
    ping,
    session_factory,
)
from assistant.storage.revisions import newest_revision


async def prepare_database(config: Config) -> list[str]:
    """Check the connection and apply migrations; returns the revisions applied."""
    engine = create_engine(config.database_url, pool_size=1)
    try:
        try:
            await ping(engine, seconds=config.db_timeout_s)
        except Exception as exc:  # asyncpg and aiosqlite raise outside SQLAlchemy's hierarchy
            raise ConfigError(explain_connect_error(exc, config.database_url)) from exc
        if await _is_current(engine):
            return []
        from assistant.storage.migrate import upgrade  # Alembic only when there is work

        try:
            return await upgrade(engine)
        except (SQLAlchemyError, OSError) as exc:
            raise ConfigError(
                f"Could not migrate the database: {explain_connect_error(exc, config.database_url)}"
            ) from exc
    finally:
        await engine.dispose()


async def _is_current(engine: AsyncEngine) -> bool:
    newest = newest_revision()
    if newest is None:
        return False
    try:
        async with engine.connect() as conn:
            stored = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    except SQLAlchemyError:
        return False  # a new database: no version table yet
    return [row[0] for row in stored] == [newest]


@asynccontextmanager
async def open_database(config: Config, *, migrate: bool = True) -> AsyncIterator[Sessions]:
    if migrate:
        await prepare_database(config)
    engine = create_engine(config.database_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()
