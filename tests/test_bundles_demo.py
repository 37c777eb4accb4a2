"""The demo shop's bundle data: curated sets made of real, available products, a generated
order history that is deterministic and says sensible things, and an older demo database
getting both on the next ``demo load``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import col, select

from assistant.bundles.history import delete_baskets
from assistant.bundles.ranking import CoPurchases
from assistant.demo.bundles import BUNDLES
from assistant.demo.loader import load_demo
from assistant.demo.orders import demo_orders
from assistant.demo.products import demo_products
from assistant.storage.models import Basket, Bundle
from web.keys import sessions_key

END = datetime(2026, 11, 23, tzinfo=UTC)
BY_SKU = {p.sku: p for p in demo_products()}


def test_curated_sets_are_real_available_products() -> None:
    for bundle in BUNDLES:
        assert len(bundle.skus) == len(set(bundle.skus)) >= 2
        assert all(BY_SKU[s].stock > 0 for s in bundle.skus), bundle.slug
        assert 0 <= bundle.discount_pct < 50


def test_generated_history_is_deterministic_and_sensible() -> None:
    first = demo_orders(end=END)
    assert [(o.external_id, list(o.lines)) for o in first] == [
        (o.external_id, list(o.lines)) for o in demo_orders(end=END)
    ]
    assert len(first) == 1600
    assert all(sku in BY_SKU for o in first for sku in o.lines)
    assert all(o.ordered_at is not None and o.ordered_at <= END for o in first)
    counts = CoPurchases()
    for order in first:
        counts.add(order.lines)
    # Paper filters go with a pour-over dripper far more often than chance.
    assert counts.pair("FILT-002", "FILT-004").confidence > 0.6
    assert counts.pair("FILT-002", "FILT-004").lift > 3
    # Tea and espresso machines have nothing to do with each other.
    assert counts.pair("TEA-002", "MACH-001").lift < 1


async def test_an_older_demo_database_gets_bundles_on_the_next_load(demo_client: Any) -> None:
    sessions = demo_client.app[sessions_key]
    async with sessions() as db:
        await db.exec(delete(Bundle))  # type: ignore[call-overload]
        await delete_baskets(db, "demo", source="demo")
        await db.commit()
    report = await load_demo(sessions)
    assert not report.loaded  # the shop itself is kept as it was
    async with sessions() as db:
        bundles = (await db.exec(select(func.count()).select_from(Bundle))).one()
        baskets = (
            await db.exec(
                select(func.count()).select_from(Basket).where(col(Basket.source) == "demo")
            )
        ).one()
    assert (bundles, baskets) == (len(BUNDLES), 1600)
    await load_demo(sessions)  # and only once
    async with sessions() as db:
        assert (await db.exec(select(func.count()).select_from(Basket))).one() == 1600
