"""Referrals and loyalty in the database: a personal code per customer, the arrival of a
new shopper with someone's code (from the page's address: untrusted, so it only ever
attributes, never identifies), the first order that converts it and credits both sides, and
a customer's points and tier.

The code in a link proves nothing about who clicked it: arriving with it changes nothing
but ``referred_by`` on the arriving customer, and only for a customer without orders who is
not the code's owner and was not referred before."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.hooks.topics import Conversion
from assistant.lifecycle.loyalty import (
    Standing,
    loyalty_settings,
    order_points,
    referral_settings,
    standing,
)
from assistant.lifecycle.rules import REVERSED, OrderEffect
from assistant.storage.models import Customer, CustomerLifecycle, Event, Purchase, Shop

#: The page-address parameter a referral link carries.
PARAM = "sa_ref"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed
_CODE_CHARS = frozenset(_ALPHABET)


def _new_code() -> str:
    return "F-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


def code_in(url: str) -> str | None:
    """The referral code in a page address, if it has the shape of one (anything else in
    the parameter is ignored, never looked up)."""
    raw = parse_qs(urlsplit(url).query).get(PARAM, [""])[0].strip().upper()
    if len(raw) != 10 or not raw.startswith("F-") or not set(raw[2:]) <= _CODE_CHARS:
        return None
    return raw


async def _life(db: AsyncSession, customer: Customer) -> CustomerLifecycle:
    life = await db.get(CustomerLifecycle, customer.id)
    if life is None:
        life = CustomerLifecycle(customer_id=customer.id, shop_id=customer.shop_id)
        db.add(life)
    return life


async def code_for(db: AsyncSession, customer: Customer) -> str:
    """The customer's personal code, made on first use."""
    life = await _life(db, customer)
    if life.referral_code is None:
        while True:
            code = _new_code()
            taken = await db.exec(
                select(CustomerLifecycle.customer_id).where(
                    CustomerLifecycle.shop_id == customer.shop_id,
                    CustomerLifecycle.referral_code == code,
                )
            )
            if taken.first() is None:
                break
        life.referral_code = code
        await db.flush()
    return life.referral_code


def link_for(shop: Shop, code: str) -> str | None:
    """The shop page a friend should open, with the code; ``None`` if the shop has no
    address we know (then the shopper passes the code on)."""
    base = referral_settings(shop.settings).landing_url
    if base is None:
        base = next((o for o in shop.allowed_origins if o.startswith("https://")), None)
    if base is None and "self" in shop.allowed_origins:
        base = "/demo"  # the built-in demo shop's page, on the assistant's own origin
    if base is None:
        return None
    joiner = "&" if urlsplit(base).query else "?"
    return f"{base}{joiner}{urlencode({PARAM: code})}"


async def arrive(db: AsyncSession, shop_id: str, customer_id: str, url: str, now: datetime) -> bool:
    """Attribute ``customer_id`` to the owner of the code in ``url``, if that is allowed (see
    the module's doc). Returns whether it was."""
    code = code_in(url)
    if code is None:
        return False
    owner = (
        await db.exec(
            select(CustomerLifecycle.customer_id).where(
                CustomerLifecycle.shop_id == shop_id, CustomerLifecycle.referral_code == code
            )
        )
    ).first()
    customer = await db.get(Customer, customer_id)
    if owner is None or owner == customer_id or customer is None or customer.shop_id != shop_id:
        return False
    life = await _life(db, customer)
    if life.referred_by is not None or life.orders > 0 or life.referral_code is not None:
        return False  # referred before, a buyer already, or a referrer themselves
    life.referred_by, life.referred_at = owner, now
    await db.flush()
    return True


async def convert_referrals(
    db: AsyncSession, events: Sequence[Event], effects: Mapping[int, OrderEffect]
) -> list[Conversion]:
    """Inside the ingest: a referred customer's first new order converts the referral and
    credits both sides (the shop's settings now); returns the conversions (for the
    ``referral`` webhook). No statement unless the batch has a new order."""
    first: dict[str, Event] = {}
    for event in events:
        if event.customer_id and effects.get(event.id or 0) is OrderEffect.NEW:
            first.setdefault(event.customer_id, event)
    if not first:
        return []
    pending = (
        await db.exec(
            select(
                CustomerLifecycle.customer_id,
                CustomerLifecycle.shop_id,
                CustomerLifecycle.referred_by,
            ).where(
                col(CustomerLifecycle.customer_id).in_(sorted(first)),
                col(CustomerLifecycle.referred_by).is_not(None),
                col(CustomerLifecycle.referral_converted_at).is_(None),
            )
        )
    ).all()
    converted = []
    for customer_id, shop_id, referrer in pending:
        shop = await db.get(Shop, shop_id)
        settings = referral_settings(shop.settings if shop else None)
        if not settings.enabled:
            continue
        event = first[customer_id]
        order_id = str(event.properties.get("order_id") or f"event-{event.id}")[:200]
        await db.exec(
            update(CustomerLifecycle)
            .where(col(CustomerLifecycle.customer_id) == customer_id)
            .values(
                referral_order_id=order_id,
                referral_converted_at=event.created_at,
                referrer_credit=settings.referrer_credit,
                referred_credit=settings.referred_credit,
            )
        )
        converted.append(
            Conversion(
                shop_id=shop_id,
                referred_id=customer_id,
                referrer_id=str(referrer),
                order_id=order_id,
                at=event.created_at,
                referrer_credit=str(settings.referrer_credit),
                referred_credit=str(settings.referred_credit),
            )
        )
    return converted


async def loyalty_standing(db: AsyncSession, customer: Customer, shop: Shop) -> Standing | None:
    """Points and tier (``None`` when the shop has no loyalty programme): points per order
    (refunds and cancellations left out) plus each converted referral, on either side."""
    settings = loyalty_settings(shop.settings)
    if not settings.enabled:
        return None
    totals = (
        await db.exec(
            select(Purchase).where(
                Purchase.customer_id == customer.id, col(Purchase.status).not_in(sorted(REVERSED))
            )
        )
    ).all()
    points = sum(order_points(Decimal(p.total), settings) for p in totals)
    referred = (
        await db.exec(
            select(func.count())
            .select_from(CustomerLifecycle)
            .where(
                CustomerLifecycle.referred_by == customer.id,
                col(CustomerLifecycle.referral_converted_at).is_not(None),
            )
        )
    ).one()
    life = await db.get(CustomerLifecycle, customer.id)
    own = int(life is not None and life.referral_converted_at is not None)
    points += settings.referral_points * (int(referred) + own)
    return standing(points, settings)


@dataclass(frozen=True, slots=True)
class Friend:
    customer_id: str
    label: str
    arrived_at: datetime | None
    converted_at: datetime | None
    credit: Decimal | None


@dataclass(frozen=True, slots=True)
class Referrals:
    """One customer's side of referrals, for the console's customer card."""

    code: str | None
    referred_by: Friend | None
    friends: list[Friend]
    #: Credits this customer earned: as referrer, plus their own as a referred friend.
    credits: Decimal
    currency: str


def _label(customer: Customer | None, customer_id: str) -> str:
    if customer is None:
        return f"#{customer_id[:6]}"
    return customer.name or customer.email or f"#{customer.id[:6]}"


async def referrals_of(db: AsyncSession, customer: Customer, shop: Shop) -> Referrals:
    life = await db.get(CustomerLifecycle, customer.id)
    rows = (
        await db.exec(
            select(CustomerLifecycle, Customer)
            .join(Customer, col(Customer.id) == col(CustomerLifecycle.customer_id))
            .where(CustomerLifecycle.referred_by == customer.id)
            .order_by(col(CustomerLifecycle.referred_at))
        )
    ).all()
    friends = [
        Friend(c.id, _label(c, c.id), f.referred_at, f.referral_converted_at, f.referrer_credit)
        for f, c in rows
    ]
    by: Friend | None = None
    credits = sum((f.credit or Decimal(0) for f in friends), Decimal(0))
    if life is not None and life.referred_by is not None:
        referrer = await db.get(Customer, life.referred_by)
        by = Friend(
            life.referred_by,
            _label(referrer, life.referred_by),
            life.referred_at,
            life.referral_converted_at,
            life.referred_credit,
        )
        credits += life.referred_credit or Decimal(0)
    return Referrals(
        code=life.referral_code if life else None,
        referred_by=by,
        friends=friends,
        credits=credits,
        currency=referral_settings(shop.settings).currency,
    )


def referral_metrics(rows: Sequence[Any], cac: Decimal | None) -> dict[str, Any]:
    """``rows``: (referrer credit, referred credit) of the referrals converted in the period.
    CAC saved: what acquiring these customers would have cost at the period's CAC, less the
    credits given for them (``None`` without a CAC)."""
    credits = sum((Decimal(a or 0) + Decimal(b or 0) for a, b in rows), Decimal(0))
    saved = None if cac is None else (cac * len(rows) - credits).quantize(Decimal("0.01"))
    return {
        "referral_conversions": len(rows),
        "referral_credits": credits.quantize(Decimal("0.01")),
        "referral_cac_saved": saved,
    }
