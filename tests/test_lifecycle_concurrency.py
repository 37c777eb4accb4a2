"""Two writers for one customer at once on PostgreSQL (two instances, each with its own
group-commit writer): the second to get the customer's lock acts on what the first
committed, so no order is lost from the customer's lifecycle."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Customer, CustomerLifecycle
from tests.clock import FakeClock
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from web.app import create_app
from web.keys import sessions_key

ANNA = {"id": "c-anna", "email": "anna@example.de"}


async def _waiting_for_locks(conn: asyncpg.Connection) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    )


async def _until_waiting(conn: asyncpg.Connection, count: int) -> None:
    """Asks the database (not the clock) until ``count`` sessions wait for a row lock."""
    for _ in range(1000):
        if await _waiting_for_locks(conn) >= count:
            return
        await asyncio.sleep(0.02)  # PostgreSQL has no event to wait for here
    raise AssertionError(f"fewer than {count} sessions ever waited for a lock")


async def test_two_instances_writing_one_customer_lose_no_order(
    aiohttp_client: Any, pg_url: str
) -> None:
    clock = FakeClock()
    config = Config(database_url=pg_url, lifecycle_sweep_s=0).validated()
    first = await aiohttp_client(create_app(config, clock=clock))
    second = await aiohttp_client(create_app(config, clock=clock))
    await load_demo(first.app[sessions_key])
    secret = await webhook_secret(first)
    earlier = order_event("w0", "O-0", "10.00", customer=ANNA, occurred_at=clock.now)
    assert (await post_webhook(first, secret, earlier, now=clock.now)).status == 200
    async with first.app[sessions_key]() as db:
        customer_id = next(iter((await db.exec(Customer.__table__.select())).all()))[0]  # type: ignore[attr-defined]
        life = await db.get(CustomerLifecycle, customer_id)
        assert life is not None and life.orders == 1

    dsn = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    holder = await asyncpg.connect(dsn)
    watcher = await asyncpg.connect(dsn)
    try:
        # Someone holds the customer: both instances' writers start and wait for the lock.
        hold = holder.transaction()
        await hold.start()
        await holder.execute("SELECT id FROM customer WHERE id = $1 FOR UPDATE", customer_id)
        one = order_event("w1", "O-1", "20.00", customer=ANNA, occurred_at=clock.now)
        two = order_event("w2", "O-2", "30.00", customer=ANNA, occurred_at=clock.now)
        sent_one = asyncio.create_task(post_webhook(first, secret, one, now=clock.now))
        await _until_waiting(watcher, 1)
        sent_two = asyncio.create_task(post_webhook(second, secret, two, now=clock.now))
        await _until_waiting(watcher, 2)
        await hold.rollback()  # one writer goes, commits; then the other
        responses = await asyncio.gather(sent_one, sent_two)
    finally:
        await holder.close()
        await watcher.close()
    assert [r.status for r in responses] == [200, 200]
    async with first.app[sessions_key]() as db:
        life = await db.get(CustomerLifecycle, customer_id)
    assert life is not None and life.orders == 3
