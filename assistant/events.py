"""Every event is stored through here, inside the caller's unit of work, so whatever must
change with an event (later: the customer's lifecycle stage and score) changes in the same
transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.bundles.history import record_order_events
from assistant.replies import EventDraft
from assistant.storage.models import Event


async def store_events(
    db: AsyncSession,
    *,
    shop_id: str,
    customer_id: str | None,
    conversation_id: str | None,
    drafts: Iterable[EventDraft],
    now: datetime,
) -> list[Event]:
    drafts = list(drafts)
    rows = [
        Event(
            shop_id=shop_id,
            customer_id=customer_id,
            conversation_id=conversation_id,
            type=draft.type,
            properties=draft.properties,
            created_at=now,
        )
        for draft in drafts
    ]
    db.add_all(rows)
    # Bundles: an order event with items is also a basket to mine co-purchases from.
    await record_order_events(db, shop_id=shop_id, customer_id=customer_id, drafts=drafts, now=now)
    return rows
