"""Every event is stored through here, inside the caller's unit of work, so the customer's
lifecycle stage, transitions, engagement score and orders change in the same transaction
as the event that moved them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.bundles.history import record_order_events
from assistant.conversation.replies import EventDraft
from assistant.hooks.outbox import queue_hooks
from assistant.hooks.topics import happenings
from assistant.lifecycle.consent import apply_contact_events
from assistant.lifecycle.outreach import schedule_actions
from assistant.lifecycle.referrals import convert_referrals
from assistant.lifecycle.rules import OrderEffect
from assistant.lifecycle.store import apply_lifecycle, load_known, lock_customers
from assistant.storage.bulk import insert_with_ids
from assistant.storage.models import Event
from assistant.storage.rows import EventRow


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
    return await ingest(db, rows)


async def ingest(
    db: AsyncSession,
    rows: Sequence[Event] | Sequence[EventRow],
    *,
    last_seen: Mapping[str, datetime] | None = None,
) -> list[Any]:
    """Store ``rows`` (of any shops and customers, in this order) and apply them to the
    lifecycle: lock the customers, insert the events in one statement, read the known orders
    and action times (one statement, none when nothing needs them), run the rules, write the
    results (one executemany per table that changes); an order event with items is also a
    basket to mine co-purchases from (bundles); what a shop's webhook subscribers want (stage
    changes, leads, orders placed, reviews, referrals) is queued for them (no statement
    when the batch has none). ``last_seen``: new ``last_seen_at`` times of
    customers, written with their stage and score (no statement of their own)."""
    if not rows:
        return []
    # The reads below go through Core, which does not autoflush: the caller's pending ORM
    # changes (a consent row, a new customer) must be in the database first.
    await db.flush()
    rows = cast("Sequence[Event]", rows)  # an EventRow has an Event's columns (storage.rows)
    customers, shops = await lock_customers(db, (r.customer_id for r in rows if r.customer_id))
    await insert_with_ids(db, rows)
    known = await load_known(db, rows, shops)
    effects, moved = await apply_lifecycle(
        db, rows, customers, shops, known.orders, last_seen or {}
    )
    await schedule_actions(db, rows, effects, shops, known.last_actions)
    converted = await convert_referrals(db, rows, effects)
    await record_order_events(db, rows)
    await apply_contact_events(db, rows)
    new_orders = (i for i, effect in effects.items() if effect is OrderEffect.NEW)
    await queue_hooks(db, happenings(rows, new_orders, moved, converted))
    return list(rows)
