"""A plausible lifecycle history for the demo shop, so its metrics have something to show:
shoppers who browse, chat (answered, unanswered, handed off), see bundles, buy, buy again,
rate the chat, review and refer, over the last weeks; plus daily marketing spend. Every
event goes through :func:`assistant.lifecycle.events.ingest`, exactly as live events do."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.demo.loader import DEMO_SHOP_ID
from assistant.demo.products import demo_products
from assistant.lifecycle.events import ingest
from assistant.storage.engine import Sessions
from assistant.storage.models import Conversation, Customer, Event, MarketingSpend

CHAT_EVENTS = frozenset(
    {
        "message_sent",
        "faq_answered",
        "faq_suggested",
        "faq_unanswered",
        "faq_feedback",
        "handoff_requested",
        "product_search",
        "product_shown",
        "product_clicked",
        "product_added",
        "checkout_step",
    }
)
#: The chat checkout's steps, in order (flows/checkout.py).
CHECKOUT_STEPS = ("cart", "account", "email", "address", "shipping", "payment", "summary")
#: What the simulated shoppers search for in the chat, and what they put in the cart.
SEARCHES = (
    ("Habt ihr eine rote Kaffeemühle unter 100 €?", "GRND-008"),
    ("Handmühle", "GRND-002"),
    ("Teekanne aus Glas", "TEA-001"),
    ("Do you have a milk jug?", "ACC-004"),
    ("Espressobohnen", "BEAN-001"),
)

#: What the simulated shoppers ask that the demo FAQ cannot answer (some in two wordings, so
#: the unanswered-question clusters have something to group).
UNANSWERED = (
    ("Verkauft ihr auch Fahrräder?", "de"),
    ("Verkauft ihr Fahrräder?", "de"),
    ("Gibt es die Mühle auch in Weiß?", "de"),
    ("Wie heißt euer Hund?", "de"),
    ("Is there a student discount?", "en"),
    ("Is there a discount for students?", "en"),
)


@dataclass(frozen=True, slots=True)
class HistoryReport:
    customers: int
    events: int
    orders: int


def _product_search(when: datetime) -> list[tuple[datetime, str, dict[str, Any]]]:
    """A product search in every third chat, a card added in every ninth; picked by the time
    (no draw from the journey's rng, so the rest of the history stays the same)."""
    tick = int(when.timestamp())
    if tick % 3:
        return []
    query, sku = SEARCHES[tick // 3 % len(SEARCHES)]
    second = timedelta(seconds=1)
    out = [
        (when, "product_search", {"q": query, "results": 3}),
        (when + second, "product_shown", {"sku": sku, "position": 0, "q": query}),
    ]
    if tick % 9 == 0:
        out.append((when + 20 * second, "product_clicked", {"sku": sku}))
        out.append((when + 30 * second, "product_added", {"sku": sku}))
    return out


def _chat_checkout(when: datetime, steps: int) -> list[tuple[datetime, str, dict[str, Any]]]:
    """``steps`` steps of the chat checkout as it records them: a message, the step reached,
    the step completed (one minute each)."""
    out: list[tuple[datetime, str, dict[str, Any]]] = []
    for i, step in enumerate(CHECKOUT_STEPS[:steps]):
        t = when + timedelta(minutes=i)
        out.append((t, "checkout_step", {"step": step, "status": "reached"}))
        out.append((t + timedelta(seconds=20), "message_sent", {"chars": 12}))
        out.append(
            (t + timedelta(seconds=21), "checkout_step", {"step": step, "status": "completed"})
        )
    return out


def _journey(
    rng: random.Random, start: datetime, days: int
) -> list[tuple[datetime, str, dict[str, Any]]]:
    """One shopper's events (time, type, properties), in time order."""
    t = start + timedelta(days=rng.uniform(0, days * 0.95), hours=rng.uniform(8, 22))
    out: list[tuple[datetime, str, dict[str, Any]]] = []

    def at(minutes: float) -> datetime:
        nonlocal t
        t = t + timedelta(minutes=minutes)
        return t

    for _ in range(rng.randint(1, 4)):
        out.append((at(1), "page_view", {"url": f"/demo/p/{rng.choice(demo_products()).sku}"}))
    chats = rng.random() < 0.45
    if chats:
        out.append((at(2), "message_sent", {"chars": rng.randint(12, 80)}))
        roll = rng.random()
        if roll < 0.7:
            out.append((at(0.1), "faq_answered", {"slug": "shipping-time"}))
            if rng.random() < 0.3:
                out.append((at(1), "faq_feedback", {"slug": "shipping-time", "helpful": True}))
        elif roll < 0.85:
            out.append((at(0.1), "faq_suggested", {"slugs": ["returns", "refunds"]}))
        else:
            when = at(0.1)
            # Picked by the time (no draw from rng: the rest of the history stays the same).
            query, lang = UNANSWERED[int(when.timestamp()) % len(UNANSWERED)]
            out.append((when, "faq_unanswered", {"query": query, "lang": lang}))
            if rng.random() < 0.5:
                out.append((at(1), "handoff_requested", {}))
        out.extend(_product_search(at(0.5)))
        if rng.random() < 0.5:
            out.append(
                (
                    at(1),
                    "survey_answered",
                    {"kind": "csat", "score": rng.choice([3, 4, 5, 5, 5, 2])},
                )
            )
    if rng.random() < 0.3:
        bundle = rng.choice(["espresso-starter", "tea-time", "pour-over-set"])
        out.append((at(1), "bundle_shown", {"bundle": bundle, "skus": []}))
        if rng.random() < 0.35:
            out.append((at(1), "bundle_clicked", {"bundle": bundle, "skus": []}))
            out.append((at(0.5), "bundle_accepted", {"bundle": bundle, "skus": []}))
        elif rng.random() < 0.3:
            out.append((at(0.5), "bundle_declined", {"bundle": bundle, "skus": []}))
    buy_chance = 0.35 if chats else 0.18
    orders = 0
    while rng.random() < (buy_chance if orders == 0 else 0.4):
        items = rng.sample(demo_products(), rng.randint(1, 3))
        total = sum((p.price for p in items), Decimal("0"))
        out.append(
            (at(3), "cart_updated", {"items": [[p.sku, 1] for p in items], "value": str(total)})
        )
        # Every other chatting buyer orders through the chat checkout (picked by the time:
        # no draw from rng, so the rest of the history stays the same).
        if chats and int(t.timestamp()) % 2 == 0:
            out.extend(_chat_checkout(at(1), len(CHECKOUT_STEPS)))
            at(len(CHECKOUT_STEPS))
        out.append(
            (
                at(5),
                "order_placed",
                {
                    "order_id": f"D-{rng.randrange(10**8):08d}",
                    "total": str(total),
                    "currency": "EUR",
                },
            )
        )
        orders += 1
        if rng.random() < 0.3:
            out.append(
                (
                    at(60 * 24 * 9),
                    "survey_answered",
                    {"kind": "nps", "score": rng.choice([10, 9, 9, 8, 7, 6, 3])},
                )
            )
        if rng.random() < 0.15:
            out.append((at(60 * 24), "review_posted", {"rating": rng.choice([5, 5, 4, 3])}))
        if rng.random() < 0.08:
            out.append((at(60), "track", {"name": "referral", "props": {}}))
        at(60 * 24 * rng.uniform(7, 40))
    if chats and orders == 0 and int(t.timestamp()) % 4 == 0:
        # A chat checkout left at the address step (picked by the time, as above).
        out.append((at(3), "cart_updated", {"items": [["BEAN-001", 1]], "value": "12.90"}))
        out.extend(_chat_checkout(at(1), 4))
    return out


@dataclass(frozen=True, slots=True)
class Shopper:
    """One simulated customer: an id and the events (time, type, properties) in time order."""

    id: str
    events: list[tuple[datetime, str, dict[str, Any]]]


def plan(
    rng: random.Random, *, customers: int, start: datetime, days: int, ids: IdFactory = new_id
) -> list[Shopper]:
    """The shoppers' journeys over ``days`` days from ``start``, not yet stored (a journey may
    run past the end; :func:`write` stores what happened up to a time)."""
    return [Shopper(ids(), _journey(rng, start, days)) for _ in range(customers)]


async def write(
    db: AsyncSession, shoppers: list[Shopper], until: datetime, ids: IdFactory = new_id
) -> tuple[int, int]:
    """Store the shoppers' events up to ``until`` (customers, conversations, then every event
    through the lifecycle's ingest); returns (events, orders) stored."""
    rows: list[Event] = []
    orders = 0
    for shopper in shoppers:
        journey = [e for e in shopper.events if e[0] <= until]
        if not journey:
            continue
        customer_id = shopper.id
        db.add(
            Customer(
                id=customer_id,
                shop_id=DEMO_SHOP_ID,
                created_at=journey[0][0],
                last_seen_at=journey[-1][0],
            )
        )
        await db.flush()  # the customer before its conversation (no ORM relationships here)
        conversation_id = None
        for when, kind, props in journey:
            if kind == "message_sent" and conversation_id is None:
                conversation_id = ids()
                db.add(
                    Conversation(
                        id=conversation_id,
                        shop_id=DEMO_SHOP_ID,
                        customer_id=customer_id,
                        created_at=when,
                        updated_at=when,
                        last_message_at=when,
                    )
                )
            in_chat = kind in CHAT_EVENTS or (kind == "survey_answered" and props["kind"] == "csat")
            rows.append(
                Event(
                    shop_id=DEMO_SHOP_ID,
                    customer_id=customer_id,
                    conversation_id=conversation_id if in_chat else None,
                    type=kind,
                    properties=props,
                    created_at=when,
                )
            )
            orders += kind == "order_placed"
    await db.flush()
    # Per customer in time order; the lifecycle runs over each customer's events in order.
    rows.sort(key=lambda e: (e.created_at, e.customer_id or ""))
    for i in range(0, len(rows), 500):
        await ingest(db, rows[i : i + 500])
    return len(rows), orders


async def simulate(
    sessions: Sessions,
    *,
    customers: int = 400,
    days: int = 90,
    seed: int = 7,
    clock: Clock = utc_now,
    ids: IdFactory = new_id,
) -> HistoryReport:
    """Add ``customers`` shoppers' histories over the last ``days`` days (never in the future)."""
    rng = random.Random(seed)
    now = clock()
    start = now - timedelta(days=days)
    shoppers = plan(rng, customers=customers, start=start, days=days, ids=ids)
    async with sessions() as db:
        events, orders = await write(db, shoppers, now, ids)
        for day in range(days):
            when = (start + timedelta(days=day)).replace(hour=0, minute=0, second=0, microsecond=0)
            existing = await db.get(MarketingSpend, (DEMO_SHOP_ID, when))
            if existing is None:
                db.add(
                    MarketingSpend(
                        shop_id=DEMO_SHOP_ID, day=when, amount=Decimal(rng.randint(20, 60))
                    )
                )
        await db.commit()
    return HistoryReport(customers=customers, events=events, orders=orders)
