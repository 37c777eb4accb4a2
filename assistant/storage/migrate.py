"""Apply the Alembic migrations from inside the service (start-up, CLI, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant: serialises concurrent start-ups of several instances on one PostgreSQL.
_PG_LOCK_KEY = 0x5A0F_A551


def alembic_config() -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


async def upgrade(engine: AsyncEngine, revision: str = "head") -> list[str]:
    """Bring the schema to ``revision``; returns the revisions that were applied."""
    cfg = alembic_config()
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})"))
        before = await conn.run_sync(_current)
        await conn.run_sync(_upgrade, cfg, revision)
        after = await conn.run_sync(_current)
    return _between(cfg, before, after)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _upgrade(connection: Connection, cfg: AlembicConfig, revision: str) -> None:
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _between(cfg: AlembicConfig, before: str | None, after: str | None) -> list[str]:
    if before == after or after is None:
        return []
    script = ScriptDirectory.from_config(cfg)
    revs = [r.revision for r in script.iterate_revisions(after, before or "base")]
    return list(reversed(revs))
