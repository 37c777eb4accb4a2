"""Loading the built-in demo shop ("Bohne & Becher"): shop, catalog and FAQ, German and English."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.bundles.history import delete_baskets, store_baskets
from assistant.clock import Clock, utc_now
from assistant.demo.bundles import BUNDLES
from assistant.demo.canned import demo_canned_replies
from assistant.demo.faq import demo_articles
from assistant.demo.orders import demo_orders
from assistant.demo.products import CATALOG_FILE, demo_catalog
from assistant.products.importer import apply_catalog
from assistant.shop.settings.keys import fresh_keys, stored
from assistant.storage.engine import Sessions
from assistant.storage.models import Article, Bundle, Product, Shop

DEMO_SHOP_ID = "demo"
DEMO_SHOP_NAME = "Bohne & Becher"


@dataclass(frozen=True, slots=True)
class LoadReport:
    loaded: bool
    products: int
    articles: int


async def demo_present(sessions: Sessions) -> bool:
    async with sessions() as db:
        return await db.get(Shop, DEMO_SHOP_ID) is not None


async def load_demo(
    sessions: Sessions, *, replace: bool = False, clock: Clock = utc_now
) -> LoadReport:
    """Create the demo shop. Without ``replace`` an existing demo shop is left as it is, so a
    second ``make run`` keeps every conversation and edit."""
    now = clock()
    async with sessions() as db:
        shop = await db.get(Shop, DEMO_SHOP_ID)
        if shop is not None and not replace:
            products = (
                await db.exec(
                    select(func.count()).select_from(Product).where(Product.shop_id == DEMO_SHOP_ID)
                )
            ).one()
            articles = (
                await db.exec(
                    select(func.count()).select_from(Article).where(Article.shop_id == DEMO_SHOP_ID)
                )
            ).one()
            await _add_bundles_if_missing(db, now)
            return LoadReport(False, int(products), int(articles))
        if shop is None:
            # Two different secrets from the start (identify and webhooks).
            keys = fresh_keys(secrets.token_urlsafe(32), secrets.token_urlsafe(32))
            column, kept = stored(keys)
            db.add(
                Shop(
                    id=DEMO_SHOP_ID,
                    name=DEMO_SHOP_NAME,
                    default_locale="de",
                    allowed_origins=["self"],
                    secret=column,
                    settings={"secrets": kept},
                    created_at=now,
                )
            )
            await db.flush()
            db.add_all(demo_canned_replies(DEMO_SHOP_ID, now))  # kept on --replace
        for model in (Article, Bundle):
            await db.exec(delete(model).where(model.shop_id == DEMO_SHOP_ID))  # type: ignore[arg-type]
        await db.commit()
    catalog = demo_catalog()
    report = await apply_catalog(
        sessions, DEMO_SHOP_ID, catalog, source=str(CATALOG_FILE.name), clock=lambda: now
    )
    if not report.applied:
        raise RuntimeError(f"the demo catalog was not imported: {report.refused}")
    async with sessions() as db:
        faq = demo_articles()
        for a in faq:
            db.add(
                Article(
                    shop_id=DEMO_SHOP_ID,
                    slug=a.slug,
                    lang=a.lang,
                    question=a.question,
                    phrasings=list(a.phrasings),
                    answer=a.answer,
                    tags=list(a.tags),
                    product_sku=a.product,
                    category=a.category,
                    enabled=a.enabled,
                    updated_at=now,
                )
            )
        await _load_bundles_and_history(db, now)
        await db.commit()
    return LoadReport(True, len(catalog.products), len(faq))


async def _add_bundles_if_missing(db: AsyncSession, now: datetime) -> None:
    """A demo shop loaded before bundles existed gets its sets and order history once."""
    bundles = (
        await db.exec(
            select(func.count()).select_from(Bundle).where(Bundle.shop_id == DEMO_SHOP_ID)
        )
    ).one()
    if not bundles:
        await _load_bundles_and_history(db, now)
        await db.commit()


async def _load_bundles_and_history(db: AsyncSession, now: datetime) -> None:
    """Curated bundles, and generated order history for the mined pairs."""
    for position, b in enumerate(BUNDLES):
        db.add(
            Bundle(
                shop_id=DEMO_SHOP_ID,
                slug=b.slug,
                title_de=b.title_de,
                title_en=b.title_en,
                skus=list(b.skus),
                discount_pct=b.discount_pct,
                position=position,
                updated_at=now,
            )
        )
    await delete_baskets(db, DEMO_SHOP_ID, source="demo")
    await store_baskets(db, DEMO_SHOP_ID, demo_orders(end=now), source="demo", now=now)
