"""The database side of GDPR: collect every row about a customer (for the export) and erase
them (the rules are in :mod:`assistant.gdpr.erase`), in the caller's one transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.errors import AssistantError
from assistant.gdpr.document import CustomerData
from assistant.gdpr.erase import ERASED_EVENT, erasure_key, erasure_record, scrub_properties
from assistant.hooks.outbox import about_customer, forget_customer
from assistant.i18n import L10n
from assistant.lifecycle.profile import CustomerNotFound
from assistant.storage.models import (
    AgentRead,
    Basket,
    BasketItem,
    CartCode,
    CartLine,
    CartSet,
    CodeRedemption,
    Conversation,
    ConversationNote,
    Customer,
    CustomerLifecycle,
    DemoOrder,
    DemoOrderLine,
    DiscountCode,
    EmailConsent,
    Event,
    LifecycleAction,
    Message,
    Purchase,
    Review,
    Shop,
    StageTransition,
    Visitor,
)

log = logging.getLogger(__name__)


class AlreadyErased(AssistantError):
    code = "already_erased"
    status = 409
    message = L10n(
        de="Die Daten dieses Kunden wurden bereits gelöscht.",
        en="This customer's data has been erased already.",
    )


@dataclass(frozen=True, slots=True)
class Erased:
    customer_id: str
    shop_id: str
    at: datetime
    counts: dict[str, int]
    #: Conversations that were open until now (the live side tells their windows).
    closed: tuple[str, ...]


async def erasures(db: AsyncSession, customers: Iterable[tuple[str, str]]) -> dict[str, datetime]:
    """``(shop id, customer id)`` pairs -> when each erased one was erased."""
    pairs = list(customers)
    if not pairs:
        return {}
    keys = {erasure_key(c): c for _, c in pairs}
    rows = await db.exec(
        select(Event.external_id, Event.created_at).where(
            col(Event.shop_id).in_(sorted({s for s, _ in pairs})),
            col(Event.external_id).in_(sorted(keys)),
        )
    )
    return {keys[ext]: at for ext, at in rows.all() if ext in keys}


async def _erasure_event(db: AsyncSession, customer: Customer) -> Event | None:
    return (
        await db.exec(
            select(Event).where(
                Event.shop_id == customer.shop_id,
                Event.external_id == erasure_key(customer.id),
            )
        )
    ).first()


def _orders_of(customer: Customer) -> Any:
    """The demo shop's orders of the customer: placed in the chat by them, or with their
    verified e-mail address (an unverified one proves nothing: it may be anyone's)."""
    mine = col(DemoOrder.customer_ref) == customer.id
    if customer.email:
        mine = or_(mine, func.lower(col(DemoOrder.email)) == customer.email.lower())
    return (col(DemoOrder.shop_id) == customer.shop_id) & mine


def _baskets_of(customer: Customer) -> Any:
    refs = [customer.id] + ([customer.external_id] if customer.external_id else [])
    return (col(Basket.shop_id) == customer.shop_id) & col(Basket.customer_id).in_(refs)


async def collect(db: AsyncSession, customer: Customer) -> CustomerData:
    """Every stored row about ``customer``."""
    shop = await db.get(Shop, customer.shop_id)
    assert shop is not None
    cid = customer.id
    conversations = (
        await db.exec(select(Conversation).where(Conversation.customer_id == cid))
    ).all()
    conv_ids = [c.id for c in conversations]
    in_convs = col(Message.conversation_id).in_(conv_ids)
    messages = (await db.exec(select(Message).where(in_convs))).all() if conv_ids else []
    notes = (
        (
            await db.exec(
                select(ConversationNote).where(col(ConversationNote.conversation_id).in_(conv_ids))
            )
        ).all()
        if conv_ids
        else []
    )
    mine = col(Event.customer_id) == cid
    if conv_ids:
        mine = or_(mine, col(Event.conversation_id).in_(conv_ids))
    events = (await db.exec(select(Event).where(mine).order_by(col(Event.id)))).all()
    orders = (await db.exec(select(DemoOrder).where(_orders_of(customer)))).all()
    order_ids = [o.id for o in orders]
    baskets = (await db.exec(select(Basket).where(_baskets_of(customer)))).all()
    basket_ids = [b.id for b in baskets if b.id is not None]
    return CustomerData(
        shop=shop,
        customer=customer,
        lifecycle=await db.get(CustomerLifecycle, cid),
        email_consent=await db.get(EmailConsent, cid),
        visitors=(await db.exec(select(Visitor).where(Visitor.customer_id == cid))).all(),
        conversations=conversations,
        messages=messages,
        notes=notes,
        events=events,
        stage_transitions=(
            await db.exec(
                select(StageTransition)
                .where(StageTransition.customer_id == cid)
                .order_by(col(StageTransition.id))
            )
        ).all(),
        lifecycle_actions=(
            await db.exec(
                select(LifecycleAction)
                .where(LifecycleAction.customer_id == cid)
                .order_by(col(LifecycleAction.id))
            )
        ).all(),
        purchases=(
            await db.exec(
                select(Purchase)
                .where(Purchase.customer_id == cid)
                .order_by(col(Purchase.created_at))
            )
        ).all(),
        shop_orders=orders,
        shop_order_lines=(
            (
                await db.exec(
                    select(DemoOrderLine).where(col(DemoOrderLine.order_id).in_(order_ids))
                )
            ).all()
            if order_ids
            else []
        ),
        cart_lines=(
            await db.exec(
                select(CartLine).where(
                    CartLine.shop_id == customer.shop_id, CartLine.cart_id == cid
                )
            )
        ).all(),
        cart_sets=(
            await db.exec(
                select(CartSet).where(CartSet.shop_id == customer.shop_id, CartSet.cart_id == cid)
            )
        ).all(),
        cart_codes=(
            await db.exec(
                select(CartCode).where(
                    CartCode.shop_id == customer.shop_id, CartCode.cart_id == cid
                )
            )
        ).all(),
        discount_codes=(
            await db.exec(
                select(DiscountCode).where(
                    DiscountCode.shop_id == customer.shop_id, DiscountCode.customer_id == cid
                )
            )
        ).all(),
        code_redemptions=(
            await db.exec(
                select(CodeRedemption).where(
                    CodeRedemption.shop_id == customer.shop_id, CodeRedemption.customer_id == cid
                )
            )
        ).all(),
        reviews=(
            await db.exec(select(Review).where(Review.customer_id == cid).order_by(col(Review.id)))
        ).all(),
        baskets=baskets,
        basket_items=(
            (
                await db.exec(select(BasketItem).where(col(BasketItem.basket_id).in_(basket_ids)))
            ).all()
            if basket_ids
            else []
        ),
        webhook_deliveries=await about_customer(db, cid),
        erasure=await _erasure_event(db, customer),
    )


async def erase(db: AsyncSession, customer_id: str, by: str, now: datetime) -> Erased:
    """Delete or anonymise everything about the customer (see :mod:`assistant.gdpr.erase`)
    and record that it happened; the caller commits, so it is all or nothing."""
    customer = (
        await db.exec(select(Customer).where(Customer.id == customer_id).with_for_update())
    ).first()
    if customer is None:
        raise CustomerNotFound(detail=customer_id[:64])
    if await _erasure_event(db, customer) is not None:
        raise AlreadyErased(detail=customer_id)
    data = await collect(db, customer)
    conv_ids = [c.id for c in data.conversations]
    open_ids = tuple(c.id for c in data.conversations if c.status != "closed")
    counts = {
        "visitors": len(data.visitors),
        "conversations": len(conv_ids),
        "messages": len(data.messages),
        "notes": len(data.notes),
        "events": 0,
        "shop_orders": len(data.shop_orders),
        "cart_lines": len(data.cart_lines) + len(data.cart_sets) + len(data.cart_codes),
        "baskets": len(data.baskets),
        "reviews": len(data.reviews),
    }
    changed = []
    for event in data.events:
        scrubbed = scrub_properties(event.type, event.properties or {})
        if scrubbed != (event.properties or {}):
            changed.append({"b_id": event.id, "properties": scrubbed})
    counts["events"] = len(changed)

    if conv_ids:
        await db.exec(delete(Message).where(col(Message.conversation_id).in_(conv_ids)))
        await db.exec(
            delete(ConversationNote).where(col(ConversationNote.conversation_id).in_(conv_ids))
        )
        await db.exec(delete(AgentRead).where(col(AgentRead.conversation_id).in_(conv_ids)))
        await db.exec(
            update(Conversation)
            .where(col(Conversation.id).in_(conv_ids))
            .values(state={}, updated_at=now)
        )
        if open_ids:
            await db.exec(
                update(Conversation)
                .where(col(Conversation.id).in_(open_ids))
                .values(status="closed", close_reason="erased")
            )
    if changed:
        events_t = Event.__table__  # type: ignore[attr-defined]
        conn = await db.connection()
        await conn.execute(
            update(events_t)
            .where(events_t.c.id == bindparam("b_id"))
            .values(properties=bindparam("properties")),
            changed,
        )
    await db.exec(delete(Visitor).where(col(Visitor.customer_id) == customer_id))
    await db.exec(
        delete(CartLine).where(
            col(CartLine.shop_id) == customer.shop_id, col(CartLine.cart_id) == customer_id
        )
    )
    await db.exec(
        delete(CartCode).where(
            col(CartCode.shop_id) == customer.shop_id, col(CartCode.cart_id) == customer_id
        )
    )
    await db.exec(
        delete(CartSet).where(
            col(CartSet.shop_id) == customer.shop_id, col(CartSet.cart_id) == customer_id
        )
    )
    if data.shop_orders:
        await db.exec(
            update(DemoOrder)
            .where(col(DemoOrder.id).in_([o.id for o in data.shop_orders]))
            .values(email="", address={}, customer_ref=None, updated_at=now)
        )
    if data.baskets:
        await db.exec(
            update(Basket)
            .where(col(Basket.id).in_([b.id for b in data.baskets]))
            .values(customer_id=None)
        )
    await db.exec(
        update(CustomerLifecycle)
        .where(col(CustomerLifecycle.customer_id) == customer_id)
        .values(email_consent=False)
    )
    await db.exec(delete(EmailConsent).where(col(EmailConsent.customer_id) == customer_id))
    counts["webhook_deliveries"] = await forget_customer(db, customer_id)
    await db.exec(update(Review).where(col(Review.customer_id) == customer_id).values(text=""))
    await db.exec(
        update(Customer)
        .where(col(Customer.id) == customer_id)
        .values(
            name=None,
            email=None,
            external_id=None,
            email_unverified=None,
            name_unverified=None,
            unverified_source=None,
        )
    )
    db.add(
        Event(
            shop_id=customer.shop_id,
            customer_id=None,
            type=ERASED_EVENT,
            properties=erasure_record(customer_id, by, counts),
            external_id=erasure_key(customer_id),
            created_at=now,
        )
    )
    await db.flush()
    log.info(
        "customer erased",
        extra={"customer_id": customer_id, "shop_id": customer.shop_id, "by": by, "erased": counts},
    )
    return Erased(customer_id, customer.shop_id, now, counts, open_ids)
