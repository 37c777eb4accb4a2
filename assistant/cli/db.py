"""Opening the database for a CLI command: reachable, migrated, or a clear one-line error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import SQLAlchemyError

from assistant.config import Config
from assistant.errors import ConfigError
from assistant.storage.engine import (
    Sessions,
    create_engine,
    explain_connect_error,
    ping,
    session_factory,
)
from assistant.storage.migrate import upgrade


async def prepare_database(config: Config) -> list[str]:
    """Check the connection and apply migrations; returns the revisions applied."""
    engine = create_engine(config.database_url, pool_size=1)
    try:
        try:
            await ping(engine, seconds=config.db_timeout_s)
        except Exception as exc:  # asyncpg and aiosqlite raise outside SQLAlchemy's hierarchy
            raise ConfigError(explain_connect_error(exc, config.database_url)) from exc
        try:
            return await upgrade(engine)
        except (SQLAlchemyError, OSError) as exc:
            raise ConfigError(
                f"Could not migrate the database: {explain_connect_error(exc, config.database_url)}"
            ) from exc
    finally:
        await engine.dispose()


@asynccontextmanager
async def open_database(config: Config, *, migrate: bool = True) -> AsyncIterator[Sessions]:
    if migrate:
        await prepare_database(config)
    engine = create_engine(config.database_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()
