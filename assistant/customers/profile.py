"""One customer as the console's profile page shows them: identity and visitors, the stage
with its history, the engagement score, the lifetime value, orders, last pages,
conversations and the event timeline. The caller checks the agent may see the shop."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.errors import Forbidden
from assistant.gdpr.store import erasures
from assistant.i18n import L10n
from assistant.lifecycle.loyalty import Standing
from assistant.lifecycle.profile import CustomerNotFound, lifecycle_profile
from assistant.lifecycle.referrals import Referrals, loyalty_standing, referrals_of
from assistant.metrics.customer_value import CustomerValue, load_customer_value
from assistant.storage.models import (
    Conversation,
    Customer,
    Event,
    Message,
    Purchase,
    Review,
    Shop,
    Visitor,
)
from assistant.support.accounts import AgentAccount
from assistant.support.inbox import CustomerCard, customer_card

TIMELINE_LIMIT = 100
CONVERSATION_LIMIT = 100


NOT_YOUR_CUSTOMER = L10n(
    de="Dieser Kunde gehört zu einem Shop, für den Sie nicht freigeschaltet sind.",
    en="This customer belongs to a shop you are not enabled for.",
)


@dataclass(frozen=True, slots=True)
class OrderView:
    order_id: str
    at: datetime
    total: Decimal
    currency: str
    status: str
    items: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class ConversationRow:
    id: str
    status: str
    locale: str
    created_at: datetime
    last_message_at: datetime
    messages: int
    first_line: str


@dataclass(frozen=True, slots=True)
class Transition:
    at: datetime
    from_stage: str | None
    to_stage: str
    reason: dict[str, str]
    event_id: int | None
    event_type: str | None
    pending: bool


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    customer: Customer
    shop_name: str
    visitors: list[Visitor]
    stage: str
    score: float
    email_consent: bool
    transitions: list[Transition]
    value: CustomerValue
    orders: list[OrderView]
    conversations: list[ConversationRow]
    card: CustomerCard
    erased_at: datetime | None
    #: Points and tier (``None``: the shop has no loyalty programme), and referrals.
    loyalty: Standing | None = None
    referrals: Referrals | None = None
    #: The customer's reviews of delivered orders, newest first.
    reviews: list[Review] = field(default_factory=list)


async def customer_in_scope(db: AsyncSession, account: AgentAccount, customer_id: str) -> Customer:
    """The customer (404 if there is none) of one of the agent's shops (403 otherwise)."""
    customer = await db.get(Customer, customer_id[:32])
    if customer is None:
        raise CustomerNotFound(detail=customer_id[:32])
    if not account.can_see(customer.shop_id):
        raise Forbidden(message=NOT_YOUR_CUSTOMER, detail=f"{account.email} -> {customer.shop_id}")
    return customer


def _items(properties: Mapping[str, Any]) -> list[tuple[str, int]]:
    out = []
    for item in properties.get("items") or []:
        if isinstance(item, dict) and isinstance(item.get("sku"), str):
            qty = item.get("qty", 1)
            out.append((item["sku"], qty if isinstance(qty, int) else 1))
    return out


def _money(raw: Any) -> Decimal:
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return Decimal("0")


async def _orders(db: AsyncSession, customer_id: str) -> list[OrderView]:
    rows = (
        await db.exec(
            select(Purchase, Event.properties)
            .join(Event, col(Event.id) == Purchase.event_id, isouter=True)
            .where(Purchase.customer_id == customer_id)
            .order_by(col(Purchase.created_at).desc())
        )
    ).all()
    return [
        OrderView(
            p.order_id, p.created_at, _money(p.total), p.currency, p.status, _items(props or {})
        )
        for p, props in rows
    ]


async def _conversations(db: AsyncSession, customer_id: str) -> list[ConversationRow]:
    count = (
        select(func.count())
        .select_from(Message)
        .where(Message.conversation_id == Conversation.id)
        .correlate(Conversation)
        .scalar_subquery()
    )
    first = (
        select(Message.text)
        .where(Message.conversation_id == Conversation.id, Message.direction == "in")
        .order_by(col(Message.id))
        .limit(1)
        .correlate(Conversation)
        .scalar_subquery()
    )
    rows = (
        await db.exec(
            select(Conversation, count, first)
            .where(Conversation.customer_id == customer_id)
            .order_by(col(Conversation.last_message_at).desc())
            .limit(CONVERSATION_LIMIT)
        )
    ).all()
    return [
        ConversationRow(
            c.id,
            c.status,
            c.locale,
            c.created_at,
            c.last_message_at,
            int(n or 0),
            " ".join((text or "").split())[:140],
        )
        for c, n, text in rows
    ]


async def _transitions(db: AsyncSession, raw: list[dict[str, Any]]) -> list[Transition]:
    ids = sorted({t["event"] for t in raw if t.get("event") is not None})
    types = (
        dict((await db.exec(select(Event.id, Event.type).where(col(Event.id).in_(ids)))).all())
        if ids
        else {}
    )
    return [
        Transition(
            at=datetime.fromisoformat(t["at"]),
            from_stage=t["from"],
            to_stage=t["to"],
            reason=t["reason_text"],
            event_id=t["event"],
            event_type=types.get(t["event"]),
            pending=bool(t.get("pending")),
        )
        for t in raw
    ]


async def customer_profile(
    db: AsyncSession, account: AgentAccount, customer_id: str, now: datetime
) -> CustomerProfile:
    customer = await customer_in_scope(db, account, customer_id)
    shop = await db.get(Shop, customer.shop_id)
    assert shop is not None
    life = await lifecycle_profile(db, customer.shop_id, customer.id, now)
    visitors = (
        await db.exec(
            select(Visitor)
            .where(Visitor.customer_id == customer.id)
            .order_by(col(Visitor.created_at))
        )
    ).all()
    erased = await erasures(db, [(customer.shop_id, customer.id)])
    return CustomerProfile(
        customer=customer,
        shop_name=shop.name,
        visitors=list(visitors),
        stage=life["stage"],
        score=float(life["engagement_score"]),
        email_consent=bool(life["email_consent"]),
        transitions=await _transitions(db, life["transitions"]),
        value=await load_customer_value(db, customer.shop_id, customer.id, now),
        orders=await _orders(db, customer.id),
        conversations=await _conversations(db, customer.id),
        card=await customer_card(db, customer, limit=TIMELINE_LIMIT),
        erased_at=erased.get(customer.id),
        loyalty=await loyalty_standing(db, customer, shop),
        referrals=await referrals_of(db, customer, shop),
        reviews=list(
            (
                await db.exec(
                    select(Review)
                    .where(Review.customer_id == customer.id)
                    .order_by(col(Review.created_at).desc())
                )
            ).all()
        ),
    )
