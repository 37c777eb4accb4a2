"""Storage on both databases: migrations, WAL, the schema matching the models, group commit."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select

from assistant.storage.bulk import insert_with_ids, update_rows
from assistant.storage.engine import create_engine, session_factory
from assistant.storage.migrate import current_revision, head_revision, upgrade
from assistant.storage.models import Event, Shop
from assistant.storage.rows import EventRow
from assistant.storage.types import UTCDateTime, sqlite_text
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


@pytest.mark.parametrize(
    "when",
    [
        datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=2))),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1997, 1, 1, 12, 0, 0, 5, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_sqlite_stores_times_as_sqlalchemys_datetime_text(when: datetime) -> None:
    """Times are compared as text in SQL: the fast conversion must write exactly what
    SQLAlchemy's own SQLite DATETIME writes, and read it back as the same aware time."""
    dialect = sqlite.dialect()
    naive = when.astimezone(UTC).replace(tzinfo=None)
    assert sqlite_text(when) == sqlite.DATETIME().bind_processor(dialect)(naive)  # type: ignore[misc]
    reads = UTCDateTime().result_processor(dialect, None)
    assert reads is not None and reads(sqlite_text(when)) == when


def test_sqlite_times_refuse_what_is_not_an_aware_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        sqlite_text(datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="expected datetime"):
        sqlite_text("2026-01-01")


async def test_bulk_rows_keep_their_times_ids_and_json(database_url: str) -> None:
    """The executemany helpers bind values themselves: what they store reads back the same
    through the ORM, and the ids handed out match the stored rows, on both databases."""
    engine = create_engine(database_url)
    await upgrade(engine)
    sessions = session_factory(engine)
    at = datetime(2026, 5, 1, 8, 30, 0, 250, tzinfo=timezone(timedelta(hours=2)))
    try:
        async with sessions() as db:
            db.add(Shop(id="bulk", name="Bulk", secret="s"))
            await db.commit()
        rows = [
            EventRow("bulk", None, None, "page_view", at + timedelta(seconds=i), {"n": i, "ä": [i]})
            for i in range(5)
        ]
        async with sessions() as db:
            await insert_with_ids(db, rows[:1])
            await insert_with_ids(db, rows[1:])
            await update_rows(db, Event, [{"id": rows[2].id, "type": "track"}])
            await db.commit()
        async with sessions() as db:
            stored = (await db.exec(select(Event).order_by(col(Event.id)))).all()
        assert [(e.id, e.type, e.properties, e.created_at) for e in stored] == [
            (
                r.id,
                "track" if i == 2 else "page_view",
                {"n": i, "ä": [i]},
                at + timedelta(seconds=i),
            )
            for i, r in enumerate(rows)
        ]
    finally:
        await engine.dispose()


def test_the_migration_files_name_the_same_newest_revision_as_alembic() -> None:
    """The CLI's fast check ("already migrated?") reads the files; Alembic must agree."""
    from assistant.storage.migrate import head_revision
    from assistant.storage.revisions import newest_revision

    assert newest_revision() == head_revision()
