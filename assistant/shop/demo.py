"""The built-in demo shop behind ``/demo``: catalog and carts in the assistant's own database."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.shop.adapter import Cart, CartLine, ProductInfo, UnknownProduct
from assistant.storage.engine import Sessions
from assistant.storage.models import CartLine as CartLineRow
from assistant.storage.models import Product
from knowledge_base.normalize import fold

MAX_QTY = 99
MAX_LINES = 100


def product_info(row: Product) -> ProductInfo:
    return ProductInfo(
        sku=row.sku,
        name_de=row.name_de,
        name_en=row.name_en,
        price=row.price,
        stock=row.stock,
        category=row.category,
        image_url=row.image_url or f"/demo/img/{row.sku}.svg",
        tags=tuple(row.tags),
        tier=row.tier,
        family=row.family,
        description_de=row.description_de,
        description_en=row.description_en,
    )


class DemoShop:
    def __init__(self, sessions: Sessions, shop_id: str = "demo", clock: Clock = utc_now) -> None:
        self._sessions = sessions
        self.shop_id = shop_id
        self._clock = clock

    async def products(self) -> list[ProductInfo]:
        async with self._sessions() as db:
            rows = (
                await db.exec(
                    select(Product)
                    .where(Product.shop_id == self.shop_id)
                    .order_by(col(Product.sku))
                )
            ).all()
        return [product_info(r) for r in rows]

    async def product(self, sku: str) -> ProductInfo | None:
        async with self._sessions() as db:
            row = (
                await db.exec(
                    select(Product).where(Product.shop_id == self.shop_id, Product.sku == sku)
                )
            ).first()
        return product_info(row) if row else None

    async def search(self, query: str, lang: str, limit: int = 5) -> list[ProductInfo]:
        words = fold(query).split()
        if not words:
            return []
        scored = []
        for p in await self.products():
            haystack = fold(f"{p.name_de} {p.name_en} {' '.join(p.tags)} {p.category}")
            hits = sum(w in haystack for w in words)
            if hits:
                scored.append((hits, p))
        scored.sort(key=lambda pair: (-pair[0], pair[1].sku))
        return [p for _, p in scored[:limit]]

    async def get_cart(self, cart_id: str) -> Cart:
        async with self._sessions() as db:
            return await self._cart(db, cart_id)

    async def set_cart(self, cart_id: str, items: list[tuple[str, int]]) -> Cart:
        merged: dict[str, int] = {}
        for sku, qty in items[:MAX_LINES]:
            merged[sku] = min(MAX_QTY, merged.get(sku, 0) + qty)
        async with self._sessions() as db:
            known = await self._known(db, list(merged))
            await db.exec(
                delete(CartLineRow).where(
                    col(CartLineRow.shop_id) == self.shop_id, col(CartLineRow.cart_id) == cart_id
                )
            )
            now = self._clock()
            for position, (sku, qty) in enumerate(merged.items()):
                if sku in known and qty > 0:
                    db.add(
                        CartLineRow(
                            shop_id=self.shop_id,
                            cart_id=cart_id,
                            sku=sku,
                            qty=qty,
                            position=position,
                            updated_at=now,
                        )
                    )
            await db.commit()
            return await self._cart(db, cart_id)

    async def add_to_cart(self, cart_id: str, sku: str, qty: int = 1) -> Cart:
        cart = await self.get_cart(cart_id)
        items = [(line.sku, line.qty) for line in cart.lines]
        if await self.product(sku) is None:
            raise UnknownProduct(detail=sku)
        items.append((sku, qty))
        return await self.set_cart(cart_id, items)

    async def set_quantity(self, cart_id: str, sku: str, qty: int) -> Cart:
        cart = await self.get_cart(cart_id)
        items = [(line.sku, qty if line.sku == sku else line.qty) for line in cart.lines]
        return await self.set_cart(cart_id, [(s, q) for s, q in items if q > 0])

    async def _known(self, db: AsyncSession, skus: list[str]) -> set[str]:
        if not skus:
            return set()
        rows = await db.exec(
            select(Product.sku).where(Product.shop_id == self.shop_id, col(Product.sku).in_(skus))
        )
        return set(rows.all())

    async def _cart(self, db: AsyncSession, cart_id: str) -> Cart:
        rows = (
            await db.exec(
                select(CartLineRow, Product)
                .join(
                    Product,
                    (col(Product.shop_id) == col(CartLineRow.shop_id))
                    & (col(Product.sku) == col(CartLineRow.sku)),
                )
                .where(CartLineRow.shop_id == self.shop_id, CartLineRow.cart_id == cart_id)
                .order_by(col(CartLineRow.position))
            )
        ).all()
        return Cart(
            tuple(
                CartLine(
                    sku=line.sku,
                    qty=line.qty,
                    name_de=product.name_de,
                    name_en=product.name_en,
                    unit_price=product.price,
                )
                for line, product in rows
            )
        )
