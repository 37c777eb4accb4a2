"""Helpers for the customer and GDPR tests: the app on a database with a fake clock, and
customer rows with a chosen score, stage and last activity."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Customer, CustomerLifecycle, Shop
from tests.clock import FakeClock
from web.app import create_app
from web.keys import sessions_key


async def console_app(aiohttp_client: Any, database_url: str, clock: FakeClock) -> Any:
    """The demo app with the sweeper off (time rules stay due until someone reads them)."""
    config = Config(
        database_url=database_url, lifecycle_sweep_s=0, password_cost_log2=10
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def add_shop(app: Any, shop_id: str, now: datetime) -> None:
    async with app[sessions_key]() as db:
        db.add(Shop(id=shop_id, name=f"Laden {shop_id}", allowed_origins=["self"], created_at=now))
        await db.commit()


async def add_customer(
    app: Any,
    customer_id: str,
    now: datetime,
    *,
    shop: str = "demo",
    name: str | None = None,
    email: str | None = None,
    external_id: str | None = None,
    stage: str = "engagement",
    total: float = 0.0,
    score_days_ago: float = 0.0,
    seen_days_ago: float = 0.0,
    last_order_days_ago: float | None = None,
    next_due: datetime | None = None,
) -> None:
    """A customer as the lifecycle would have left it: ``total`` is the engagement sum as of
    ``score_days_ago``; last activity ``seen_days_ago``."""
    seen = now - timedelta(days=seen_days_ago)
    last_order = None if last_order_days_ago is None else now - timedelta(days=last_order_days_ago)
    async with app[sessions_key]() as db:
        db.add(
            Customer(
                id=customer_id,
                shop_id=shop,
                name=name,
                email=email,
                external_id=external_id,
                stage=stage,
                engagement_sum=total,
                engagement_at=now - timedelta(days=score_days_ago) if total else None,
                created_at=seen - timedelta(days=1),
                last_seen_at=seen,
            )
        )
        await db.flush()
        db.add(
            CustomerLifecycle(
                customer_id=customer_id,
                shop_id=shop,
                orders=2 if last_order else 0,
                first_order_at=last_order,
                last_order_at=last_order,
                stage_since=seen,
                seen_until=seen,
                next_due_at=next_due,
            )
        )
        await db.commit()
