"""A shop's products as the chat searches them: one :class:`ProductIndex` per shop, built
from the shop adapter's catalog off the event loop, and built again when the catalog changed
(a new import, a stock change) or, for a shop reached over its API, every few minutes."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from assistant.clock import Clock, utc_now
from assistant.shop.adapter import ProductInfo
from assistant.shop.directory import ShopInfo
from assistant.shop.registry import ShopAdapters
from assistant.storage.engine import Sessions
from assistant.storage.models import Category, Product
from knowledge_base.products import ProductDoc, ProductIndex

log = logging.getLogger(__name__)
#: How long the catalog of a shop reached over its API (REST, a platform) is trusted.
API_CATALOG_S = 300
#: How long a checked catalog version is trusted before the database is asked again. Asking
#: on every message cost more CPU than answering it; a stock change or an import made by
#: another process shows within this time.
VERSION_CHECK_S = 1.0


@dataclass(frozen=True, slots=True)
class ShopCatalog:
    index: ProductIndex
    products: dict[str, ProductInfo]
    categories: dict[str, tuple[str, str]]
    version: tuple[object, ...]

    def category_name(self, slug: str, lang: str) -> str:
        de, en = self.categories.get(slug, (slug, slug))
        return en if lang == "en" else de


def doc(p: ProductInfo, categories: dict[str, tuple[str, str]]) -> ProductDoc:
    names = categories.get(p.category, (p.category, p.category))
    return ProductDoc(
        sku=p.sku,
        name_de=p.name_de,
        name_en=p.name_en,
        price=p.current_price,
        available=p.in_stock,
        brand=p.brand,
        category=f"{names[0]} {names[1]} {p.product_type}",
        tags=p.tags,
        color=p.color,
        material=p.material,
        size=p.size,
        description_de=p.description_de,
        description_en=p.description_en,
        rating=p.rating,
        attributes=p.attributes,
    )


class ProductCatalogs:
    def __init__(self, sessions: Sessions, adapters: ShopAdapters, clock: Clock = utc_now) -> None:
        self._sessions = sessions
        self._adapters = adapters
        self._clock = clock
        self._cache: dict[str, ShopCatalog] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._checked: dict[str, tuple[float, tuple[object, ...]]] = {}

    def changed(self, shop_id: str) -> None:
        """The shop's catalog changed here: the next search reads its version again."""
        self._checked.pop(shop_id, None)

    async def get(self, shop: ShopInfo) -> ShopCatalog:
        now = time.monotonic()
        checked = self._checked.get(shop.id)
        if checked is not None and now - checked[0] < VERSION_CHECK_S:
            version = checked[1]
        else:
            version = await self._version(shop)
            self._checked[shop.id] = (now, version)
        cached = self._cache.get(shop.id)
        if cached is not None and cached.version == version:
            return cached
        lock = self._locks.setdefault(shop.id, asyncio.Lock())
        async with lock:
            cached = self._cache.get(shop.id)
            if cached is not None and cached.version == version:
                return cached
            products = await self._adapters.get(shop).products()
            categories = await self._categories(shop.id)
            index = await asyncio.to_thread(ProductIndex, [doc(p, categories) for p in products])
            built = ShopCatalog(index, {p.sku: p for p in products}, categories, version)
            self._cache[shop.id] = built
            log.info("product index built", extra={"shop_id": shop.id, "products": len(index)})
            return built

    async def _version(self, shop: ShopInfo) -> tuple[object, ...]:
        async with self._sessions() as db:
            count, changed, stock = (
                await db.exec(
                    select(
                        func.count(), func.max(Product.updated_at), func.sum(Product.stock)
                    ).where(Product.shop_id == shop.id)
                )
            ).one()
        over_api = (shop.settings or {}).get("adapter") not in (None, "demo", "feed")
        bucket = int(self._clock().timestamp() // API_CATALOG_S) if over_api else 0
        return (count, _iso(changed), stock, bucket)

    async def _categories(self, shop_id: str) -> dict[str, tuple[str, str]]:
        async with self._sessions() as db:
            rows = (await db.exec(select(Category).where(Category.shop_id == shop_id))).all()
        return {c.slug: (c.name_de, c.name_en) for c in rows}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
