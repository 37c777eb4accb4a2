"""Alembic environment. The service runs migrations through :mod:`assistant.storage.migrate`,
which hands over an open connection; ``alembic`` on the command line (for writing new
revisions) builds its own engine from ``DATABASE_URL``."""

import asyncio
import os
from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import assistant.storage.models  # noqa: F401  (registers the tables on the metadata)
from assistant.storage.types import UTCDateTime

target_metadata = SQLModel.metadata


def _render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write plain SQLAlchemy types into new revisions, so migrations never import our code."""
    if kind != "type":
        return False
    if isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, sa.JSON):
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return 'sa.JSON().with_variant(postgresql.JSONB(), "postgresql")'
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_env() -> None:
    from assistant.config import Config
    from assistant.storage.engine import create_engine

    engine = create_engine(Config.from_env(os.environ).database_url)
    async with engine.begin() as conn:
        await conn.run_sync(_run)
    await engine.dispose()


_connection = context.config.attributes.get("connection")
if _connection is not None:
    _run(_connection)
else:
    asyncio.run(_run_from_env())
