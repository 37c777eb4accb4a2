"""Who a customer is: finding or creating the customer a shop names (webhooks), and
``identify`` from the widget, which merges the anonymous visitor's history into the
identified customer with nothing lost or doubled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import IdFactory, new_id
from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.lifecycle.consent import UNSUBSCRIBED
from assistant.lifecycle.replay import rebuild_customer
from assistant.storage.models import (
    Basket,
    CartCode,
    CartLine,
    CodeRedemption,
    Conversation,
    Customer,
    CustomerLifecycle,
    DemoOrder,
    DiscountCode,
    EmailConsent,
    Event,
    LifecycleAction,
    Purchase,
    Review,
    StageTransition,
    Visitor,
)


class IdentityRejected(AssistantError):
    """``identify`` with a hash that is not HMAC-SHA256(identity secret, id): nothing is stored."""

    code = "identity_rejected"
    status = 401
    message = L10n(
        de="Die Anmeldung beim Assistenten konnte nicht bestätigt werden.",
        en="Your sign-in could not be confirmed by the assistant.",
    )


@dataclass(frozen=True, slots=True)
class CustomerRef:
    """Who the shop says a customer is: every field here is signed by the shop."""

    external_id: str | None = None
    email: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Unverified:
    """What a browser said about the person without the shop's signature: kept, shown as
    unverified, never used to find, mail or hand out anyone's data."""

    email: str | None = None
    name: str | None = None
    source: str = "identify"


async def _by_external_id(db: AsyncSession, shop_id: str, external_id: str) -> Customer | None:
    query = select(Customer).where(Customer.shop_id == shop_id, Customer.external_id == external_id)
    return (await db.exec(query)).first()


async def _by_email(db: AsyncSession, shop_id: str, email: str) -> Customer | None:
    query = (
        select(Customer)
        .where(Customer.shop_id == shop_id, func.lower(Customer.email) == email.lower())
        .order_by(col(Customer.external_id).is_(None), col(Customer.created_at))
        .limit(1)
    )
    return (await db.exec(query)).first()


async def resolve_customers(
    db: AsyncSession,
    shop_id: str,
    refs: list[CustomerRef],
    now: datetime,
    *,
    ids: IdFactory = new_id,
) -> list[Customer]:
    """:func:`resolve_customer` for many references at once (two queries and one insert for
    a whole batch of webhooks); the same person twice in a batch is one customer."""
    wanted_ids = sorted({r.external_id for r in refs if r.external_id is not None})
    by_ext: dict[str, Customer] = {}
    if wanted_ids:
        rows = await db.exec(
            select(Customer).where(
                Customer.shop_id == shop_id, col(Customer.external_id).in_(wanted_ids)
            )
        )
        by_ext = {c.external_id: c for c in rows.all() if c.external_id is not None}
    emails = sorted(
        {
            r.email.lower()
            for r in refs
            if r.email is not None and (r.external_id is None or r.external_id not in by_ext)
        }
    )
    by_email: dict[str, Customer] = {}
    if emails:
        rows = await db.exec(
            select(Customer)
            .where(Customer.shop_id == shop_id, func.lower(Customer.email).in_(emails))
            .order_by(col(Customer.external_id).is_(None), col(Customer.created_at))
        )
        for c in rows.all():
            by_email.setdefault((c.email or "").lower(), c)
    out = []
    for ref in refs:
        customer = by_ext.get(ref.external_id) if ref.external_id is not None else None
        if customer is None and ref.email is not None:
            customer = by_email.get(ref.email.lower())
            if customer is not None and customer.external_id not in (None, ref.external_id):
                customer = None
        if customer is None:
            customer = Customer(id=ids(), shop_id=shop_id, created_at=now, last_seen_at=now)
            db.add(customer)
        _update(customer, ref)
        if customer.external_id is not None:
            by_ext[customer.external_id] = customer
        if customer.email is not None:
            by_email.setdefault(customer.email.lower(), customer)
        out.append(customer)
    await db.flush()
    return out


def _update(customer: Customer, ref: CustomerRef) -> None:
    if ref.external_id is not None and customer.external_id is None:
        customer.external_id = ref.external_id
    if ref.email is not None and customer.email != ref.email:
        customer.email = ref.email
    if ref.name is not None and customer.name != ref.name:
        customer.name = ref.name
    # A claim the shop has now signed is no longer only a claim.
    if customer.email and (customer.email_unverified or "").lower() == customer.email.lower():
        customer.email_unverified = None
    if customer.name and customer.name_unverified == customer.name:
        customer.name_unverified = None
    if customer.email_unverified is None and customer.name_unverified is None:
        customer.unverified_source = None


def _claim(customer: Customer, claim: Unverified) -> None:
    """Keep what the browser said apart from what the shop signed."""
    changed = False
    if claim.email is not None and (customer.email or "").lower() != claim.email.lower():
        customer.email_unverified, changed = claim.email, True
    if claim.name is not None and customer.name != claim.name:
        customer.name_unverified, changed = claim.name, True
    if changed:
        customer.unverified_source = claim.source


async def set_consent(db: AsyncSession, customer: Customer, consent: bool) -> None:
    """Consent lives beside the lifecycle facts; a row without events still counts as new."""
    life = await db.get(CustomerLifecycle, customer.id)
    if life is None:
        life = CustomerLifecycle(customer_id=customer.id, shop_id=customer.shop_id)
        db.add(life)
    life.email_consent = consent


@dataclass(frozen=True, slots=True)
class Identified:
    customer_id: str
    #: The conversation the visitor keeps (``None`` when a different person signed in on a
    #: browser that belonged to someone else).
    conversation_id: str | None
    merged_from: str | None = None


async def identify(
    db: AsyncSession,
    *,
    shop_id: str,
    visitor_id: str,
    ref: CustomerRef,
    conversation_id: str | None,
    now: datetime,
    consent: bool | None = None,
    unverified: Unverified | None = None,
    ids: IdFactory = new_id,
) -> Identified:
    """Attach the visitor to the identified customer. The visitor's anonymous customer is
    either identified itself or merged (conversations, events, orders, cart, actions moved,
    the lifecycle rebuilt from the merged events) into the customer the shop already knows.
    ``ref`` holds only what the shop signed; ``unverified`` what the page added unsigned."""
    assert ref.external_id is not None
    visitor = await db.get(Visitor, (shop_id, visitor_id))
    known = await _by_external_id(db, shop_id, ref.external_id)
    current = await db.get(Customer, visitor.customer_id) if visitor is not None else None
    merged_from = None
    if current is not None and current.external_id not in (None, ref.external_id):
        # Another person's browser: start fresh instead of taking over their history.
        conversation_id = None
        current = None
    if known is None:
        known = current or Customer(id=ids(), shop_id=shop_id, created_at=now, last_seen_at=now)
        db.add(known)
    elif current is not None and current.id != known.id:
        await _merge(db, source=current, target=known)
        merged_from = current.id
    _update(known, ref)
    if unverified is not None:
        _claim(known, unverified)
    known.last_seen_at = now
    await db.flush()
    if visitor is None:
        db.add(Visitor(shop_id=shop_id, id=visitor_id, customer_id=known.id, created_at=now))
    elif visitor.customer_id != known.id:
        visitor.customer_id = known.id
    if merged_from is not None:
        await rebuild_customer(db, known)
    if consent is not None:
        await set_consent(db, known, consent)
    await db.flush()
    return Identified(known.id, conversation_id, merged_from)


async def _merge(db: AsyncSession, *, source: Customer, target: Customer) -> None:
    """Move everything of ``source`` to ``target``, then delete ``source``."""
    await db.flush()
    src, dst = source.id, target.id
    for model in (Visitor, Conversation, Event, Purchase, LifecycleAction, Review):
        await db.exec(update(model).where(col(model.customer_id) == src).values(customer_id=dst))
    await _merge_carts(db, source.shop_id, src, dst)
    await _merge_codes(db, source.shop_id, src, dst)
    # Rows that name the customer without a foreign key: demo-shop orders (so "Wo ist meine
    # Bestellung?" still knows them as the customer's own) and mined baskets.
    await db.exec(
        update(DemoOrder)
        .where(col(DemoOrder.shop_id) == source.shop_id, col(DemoOrder.customer_ref) == src)
        .values(customer_ref=dst)
    )
    await db.exec(
        update(Basket)
        .where(col(Basket.shop_id) == source.shop_id, col(Basket.customer_id) == src)
        .values(customer_id=dst)
    )
    await db.exec(delete(StageTransition).where(col(StageTransition.customer_id) == src))
    await _merge_consent(db, src, dst)
    source_life = await db.get(CustomerLifecycle, src)
    target_life = await db.get(CustomerLifecycle, dst)
    if source_life is not None:
        if source_life.email_consent and target_life is not None:
            target_life.email_consent = True
        if target_life is not None:
            _merge_referral(source_life, target_life)
        await db.delete(source_life)
    # Friends the anonymous customer referred now count for the known one.
    await db.exec(
        update(CustomerLifecycle)
        .where(col(CustomerLifecycle.referred_by) == src)
        .values(referred_by=dst)
    )
    target.email = target.email or source.email
    target.name = target.name or source.name
    if target.email_unverified is None and target.name_unverified is None:
        target.email_unverified = source.email_unverified
        target.name_unverified = source.name_unverified
        target.unverified_source = source.unverified_source
    target.created_at = min(target.created_at, source.created_at)
    await db.flush()
    await db.delete(source)
    await db.flush()


def _merge_referral(source: CustomerLifecycle, target: CustomerLifecycle) -> None:
    """The anonymous side's referral (arrived with a friend's code) moves over unless the
    known customer has one, or is a buyer already (then it was never a first order)."""
    if source.referred_by is None or target.referred_by is not None:
        return
    if target.orders > 0 and source.referral_converted_at is None:
        return
    if source.referred_by == target.customer_id:
        return  # the known customer's own code: no self-referral through a merge
    for name in (
        "referred_by",
        "referred_at",
        "referral_order_id",
        "referral_converted_at",
        "referrer_credit",
        "referred_credit",
    ):
        setattr(target, name, getattr(source, name))


async def _merge_consent(db: AsyncSession, src: str, dst: str) -> None:
    """The anonymous visitor's double opt-in moves to the identified customer; where both
    have one, the identified customer's stays, and an unsubscribe from either wins."""
    source = await db.get(EmailConsent, src)
    if source is None:
        return
    target = await db.get(EmailConsent, dst)
    if target is None:
        db.add(
            EmailConsent(
                **{**source.model_dump(), "customer_id": dst}  # the key moves: a new row
            )
        )
    elif source.status == UNSUBSCRIBED and target.status != UNSUBSCRIBED:
        target.status, target.unsubscribed_at = UNSUBSCRIBED, source.unsubscribed_at
    await db.delete(source)
    await db.flush()


async def _merge_codes(db: AsyncSession, shop_id: str, src: str, dst: str) -> None:
    """Codes a rule gave, their redemptions and the anonymous cart's code go with the
    customer (the known cart's own code, if any, stays)."""
    for model in (DiscountCode, CodeRedemption):
        await db.exec(
            update(model)
            .where(col(model.shop_id) == shop_id, col(model.customer_id) == src)
            .values(customer_id=dst)
        )
    theirs = await db.get(CartCode, (shop_id, src))
    if theirs is not None:
        if await db.get(CartCode, (shop_id, dst)) is None:
            db.add(CartCode(shop_id=shop_id, cart_id=dst, code=theirs.code))
        await db.delete(theirs)


async def _merge_carts(db: AsyncSession, shop_id: str, src: str, dst: str) -> None:
    """The demo shop keys carts by customer: lines only in the anonymous cart move over; a
    product in both keeps the larger quantity (never the sum: it is the same intent twice)."""
    lines = (
        await db.exec(
            select(CartLine).where(
                CartLine.shop_id == shop_id, col(CartLine.cart_id).in_([src, dst])
            )
        )
    ).all()
    target = {line.sku: line for line in lines if line.cart_id == dst}
    for line in lines:
        if line.cart_id != src:
            continue
        kept = target.get(line.sku)
        if kept is None:
            db.add(
                CartLine(
                    shop_id=shop_id,
                    cart_id=dst,
                    sku=line.sku,
                    qty=line.qty,
                    position=line.position + len(target),
                    updated_at=line.updated_at,
                )
            )
        elif line.qty > kept.qty:
            kept.qty = line.qty
        await db.delete(line)
