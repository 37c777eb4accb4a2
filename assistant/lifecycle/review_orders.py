"""Which order a review request (a lifecycle action of a rule with ``asks_review``) is
about, and whether that order has its review: read by the outreach before it shows or sends a
request, so this module imports nothing of the event path."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.storage.models import Event, LifecycleAction, Review


async def order_of(db: AsyncSession, action: LifecycleAction) -> str | None:
    if action.event_id is None:
        return None
    event = await db.get(Event, action.event_id)
    order_id = (event.properties or {}).get("order_id") if event is not None else None
    return order_id if isinstance(order_id, str) and order_id else None


async def reviewed(db: AsyncSession, shop_id: str, order_id: str) -> bool:
    query = select(Review.id).where(Review.shop_id == shop_id, Review.order_id == order_id)
    return (await db.exec(query)).first() is not None


async def request_answered(db: AsyncSession, action: LifecycleAction) -> bool:
    """Is ``action`` a review request whose order was reviewed meanwhile? (Then it is not
    shown or sent: one review per order, however many requests it got.)"""
    order_id = await order_of(db, action)
    return order_id is not None and await reviewed(db, action.shop_id, order_id)
