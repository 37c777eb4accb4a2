"""Storage on both databases: migrations, WAL, the schema matching the models, group commit."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import current_revision, head_revision, upgrade
from assistant.storage.models import Shop
from assistant.storage.writer import BatchWriter


async def test_migrations_apply_once_and_match_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await upgrade(engine) != []
        assert await upgrade(engine) == []  # a second start changes nothing
        assert await current_revision(engine) == head_revision()
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c), SQLModel.metadata)
            )
        assert diff == [], "models and migrations disagree; write a migration"
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as conn:
            mode = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
        assert mode == "wal"
    finally:
        await engine.dispose()


async def test_group_commit_isolates_a_failing_unit(database_url: str) -> None:
    engine = create_engine(database_url)
    await upgrade(engine)
    sessions = session_factory(engine)
    writer = BatchWriter(sessions, max_batch=50)
    writer.start()

    def add(shop_id: str) -> Any:
        async def work(db: Any) -> str:
            db.add(Shop(id=shop_id, name=shop_id))
            await db.flush()
            return shop_id

        return work

    try:
        ids = [f"s{i}" for i in range(20)]
        results = await asyncio.gather(
            *(writer.submit(add(i)) for i in [*ids, "s3"]), return_exceptions=True
        )
        assert results[:20] == ids
        assert isinstance(results[20], IntegrityError)  # the duplicate, and only it, failed
        async with sessions() as db:
            stored = sorted((await db.exec(select(Shop.id))).all())
        assert stored == sorted(ids)
        assert writer.batches < 21  # commits were shared
    finally:
        await writer.close()
        await engine.dispose()
