"""Storing and reading baskets (order history) for mining co-purchases."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.bundles.orders import Order, order_from_event
from assistant.storage.engine import Sessions
from assistant.storage.models import Basket, BasketItem, Event

_CHUNK = 500


async def record_order_events(db: AsyncSession, rows: Sequence[Event]) -> int:
    """Inside the caller's unit of work (from ``assistant.lifecycle.events.ingest``): every order event
    that lists items becomes a basket, once per order id."""
    by_shop: dict[str, list[Order]] = {}
    for row in rows:
        order = order_from_event(row.type, row.properties)
        if order is None:
            continue
        order.customer_id = order.customer_id or row.customer_id
        by_shop.setdefault(row.shop_id, []).append(order)
    stored = 0
    for shop_id, orders in by_shop.items():
        now = max(r.created_at for r in rows if r.shop_id == shop_id)
        stored += await store_baskets(db, shop_id, orders, source="event", now=now)
    return stored


async def store_baskets(
    db: AsyncSession,
    shop_id: str,
    orders: Sequence[Order],
    *,
    source: str,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert baskets for orders not stored yet (by order id); returns how many were new.
    Does not commit: the caller owns the transaction."""
    stored = 0
    for start in range(0, len(orders), _CHUNK):
        chunk = await _new_only(db, shop_id, orders[start : start + _CHUNK])
        if chunk:
            ids = (
                await db.exec(
                    insert(Basket).returning(col(Basket.id), sort_by_parameter_order=True),
                    params=[
                        {
                            "shop_id": shop_id,
                            "external_id": o.external_id,
                            "customer_id": o.customer_id,
                            "source": source,
                            "ordered_at": o.ordered_at or now,
                        }
                        for o in chunk
                    ],
                )
            ).scalars()
            items = [
                {"basket_id": basket_id, "sku": line.sku, "qty": line.qty, "price": line.price}
                for basket_id, order in zip(ids, chunk, strict=True)
                for line in order.lines.values()
            ]
            await db.exec(insert(BasketItem), params=items)
            stored += len(chunk)
        if progress is not None:
            progress(min(_CHUNK, len(orders) - start))
    return stored


async def _new_only(db: AsyncSession, shop_id: str, orders: Sequence[Order]) -> list[Order]:
    wanted = {o.external_id for o in orders if o.external_id is not None}
    known: set[str] = set()
    if wanted:
        rows = await db.exec(
            select(Basket.external_id).where(
                Basket.shop_id == shop_id, col(Basket.external_id).in_(wanted)
            )
        )
        known = {r for r in rows.all() if r is not None}
    fresh: list[Order] = []
    for order in orders:
        if order.external_id is None or order.external_id not in known:
            fresh.append(order)
            if order.external_id is not None:
                known.add(order.external_id)  # the same id twice in one batch
    return fresh


async def load_baskets(
    sessions: Sessions, shop_id: str, after_id: int = 0
) -> tuple[list[list[str]], int]:
    """The SKUs of every basket stored after ``after_id``, and the highest id seen."""
    async with sessions() as db:
        rows = (
            await db.exec(
                select(BasketItem.basket_id, BasketItem.sku)
                .join(Basket, col(Basket.id) == col(BasketItem.basket_id))
                .where(Basket.shop_id == shop_id, col(Basket.id) > after_id)
                .order_by(col(BasketItem.basket_id))
            )
        ).all()
    baskets: list[list[str]] = []
    last_id = after_id
    for basket_id, sku in rows:
        if basket_id != last_id:
            baskets.append([])
            last_id = basket_id
        baskets[-1].append(sku)
    return baskets, last_id


async def count_baskets(sessions: Sessions, shop_id: str) -> int:
    async with sessions() as db:
        return int(
            (
                await db.exec(
                    select(func.count()).select_from(Basket).where(Basket.shop_id == shop_id)
                )
            ).one()
        )


async def delete_baskets(db: AsyncSession, shop_id: str, source: str) -> None:
    ids = select(Basket.id).where(Basket.shop_id == shop_id, Basket.source == source)
    await db.exec(delete(BasketItem).where(col(BasketItem.basket_id).in_(ids)))
    await db.exec(
        delete(Basket).where(col(Basket.shop_id) == shop_id, col(Basket.source) == source)
    )
