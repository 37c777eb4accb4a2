"""The deliveries table as a queue: rows written inside the event's transaction, claimed by a
sender after the commit, finished with the receiver's answer."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import IdFactory, new_id
from assistant.hooks.topics import REFERRAL, Happening, customer_ref, envelope, next_attempt
from assistant.storage.bulk import insert_dicts
from assistant.storage.models import Customer, WebhookDelivery, WebhookSubscription

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
#: How long a sender holds a claimed row: longer than a post may take (its timeout), so a
#: row is never taken twice while it is being sent, and short enough that the rows of a
#: sender that died go out again soon.
CLAIM = timedelta(minutes=2)
MAX_ERROR = 300


async def queue_hooks(
    db: AsyncSession, hits: Sequence[Happening], *, new_id: IdFactory = new_id
) -> int:
    """One pending delivery per happening and enabled subscription of its shop to its topic,
    in the caller's transaction; returns how many. No statement when ``hits`` is empty, one
    (the subscriptions) when no one subscribed."""
    if not hits:
        return 0
    shops = sorted({h.shop_id for h in hits})
    subs = (
        await db.exec(
            select(WebhookSubscription.id, WebhookSubscription.shop_id, WebhookSubscription.topics)
            .where(col(WebhookSubscription.shop_id).in_(shops), WebhookSubscription.enabled)
            .order_by(col(WebhookSubscription.created_at))
        )
    ).all()
    wanted = [
        (h, sid)
        for h in hits
        for sid, shop, topics in subs
        if shop == h.shop_id and h.topic in topics
    ]
    if not wanted:
        return 0
    names = {h.customer_id for h, _ in wanted if h.customer_id} | {
        cid for h, _ in wanted for _, cid in h.others
    }
    customers = (
        {
            c.id: c
            for c in (
                await db.exec(select(Customer).where(col(Customer.id).in_(sorted(names))))
            ).all()
        }
        if names
        else {}
    )
    rows = []
    for hit, subscription in wanted:
        data: dict[str, Any] = {
            "customer": customer_ref(customers.get(hit.customer_id or ""), hit.customer_id)
        }
        for name, other in hit.others:
            data[name] = customer_ref(customers.get(other), other)
        data.update(hit.data)
        delivery = new_id()
        rows.append(
            _row(
                delivery,
                subscription,
                hit,
                envelope(delivery, hit.shop_id, hit.topic, hit.at, data),
            )
        )
    await insert_dicts(db, WebhookDelivery, rows)
    return len(rows)


def _row(
    delivery: str, subscription: str, hit: Happening, payload: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": delivery,
        "subscription_id": subscription,
        "shop_id": hit.shop_id,
        "customer_id": hit.customer_id,
        "topic": hit.topic,
        "payload": payload,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": hit.at,
        "claimed_until": None,
        "last_status": None,
        "last_error": None,
        "created_at": hit.at,
        "finished_at": None,
    }


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery a sender took: where to, signed with what (still sealed), the body."""

    id: str
    subscription_id: str
    shop_id: str
    topic: str
    url: str
    secret: dict[str, Any]
    body: bytes
    attempts: int


async def claim_due(
    db: AsyncSession, now: datetime, limit: int, hold: timedelta = CLAIM
) -> list[Claimed]:
    """Take up to ``limit`` due deliveries of enabled subscriptions: each is held until
    ``now + hold``. On PostgreSQL the rows other senders are taking are skipped."""
    rows = (
        await db.exec(
            select(WebhookDelivery, WebhookSubscription)
            .join(
                WebhookSubscription,
                col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
            )
            .where(
                WebhookDelivery.status == PENDING,
                col(WebhookDelivery.next_attempt_at) <= now,
                or_(
                    col(WebhookDelivery.claimed_until).is_(None),
                    col(WebhookDelivery.claimed_until) <= now,
                ),
                WebhookSubscription.enabled,
            )
            .order_by(col(WebhookDelivery.next_attempt_at))
            .limit(limit)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        )
    ).all()
    out = []
    for delivery, subscription in rows:
        delivery.claimed_until = now + hold
        db.add(delivery)
        out.append(
            Claimed(
                id=delivery.id,
                subscription_id=subscription.id,
                shop_id=delivery.shop_id,
                topic=delivery.topic,
                url=subscription.url,
                secret=dict(subscription.secret),
                body=body_of(delivery.payload),
                attempts=delivery.attempts,
            )
        )
    return out


def body_of(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are signed and posted (the same on every attempt)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt gave: the HTTP status (``None``: no answer) and, if it failed, why."""

    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


async def finish(db: AsyncSession, delivery_id: str, outcome: Outcome, now: datetime) -> str | None:
    """Record an attempt: delivered, pending again (after the backoff) or failed. Returns the
    new status (``None`` when the row is gone: erased or its subscription removed)."""
    row = await db.get(WebhookDelivery, delivery_id)
    if row is None:
        return None
    row.attempts += 1
    row.claimed_until = None
    row.last_status = outcome.status
    row.last_error = (outcome.error or "")[:MAX_ERROR] or None
    if outcome.ok:
        row.status, row.finished_at, row.payload = DELIVERED, now, {}
    else:
        due = next_attempt(row.attempts, now)
        if due is None:
            row.status, row.finished_at = FAILED, now
        else:
            row.next_attempt_at = due
    db.add(row)
    return row.status


async def release(db: AsyncSession, delivery_ids: Sequence[str]) -> None:
    """Give claimed rows back untried (the sender is stopping)."""
    if delivery_ids:
        await db.exec(
            update(WebhookDelivery)
            .where(
                col(WebhookDelivery.id).in_(list(delivery_ids)),
                col(WebhookDelivery.status) == PENDING,
            )
            .values(claimed_until=None)
        )


async def about_customer(db: AsyncSession, customer_id: str) -> list[WebhookDelivery]:
    """Every delivery about the customer: theirs, and the referrals not yet final that name
    them as the referrer (those payloads carry their id and e-mail too)."""
    own = (
        await db.exec(
            select(WebhookDelivery)
            .where(WebhookDelivery.customer_id == customer_id)
            .order_by(col(WebhookDelivery.created_at), col(WebhookDelivery.id))
        )
    ).all()
    referrals = (
        await db.exec(
            select(WebhookDelivery).where(
                WebhookDelivery.topic == REFERRAL,
                col(WebhookDelivery.status) == PENDING,
                col(WebhookDelivery.customer_id) != customer_id,
            )
        )
    ).all()
    named = [d for d in referrals if _referrer(d.payload) == customer_id]
    return [*own, *named]


def _referrer(payload: dict[str, Any]) -> str | None:
    data = payload.get("data")
    referrer = data.get("referrer") if isinstance(data, dict) else None
    return referrer.get("id") if isinstance(referrer, dict) else None


async def forget_customer(db: AsyncSession, customer_id: str) -> int:
    """GDPR erasure: every delivery about the customer goes (pending ones are never sent)."""
    rows = await about_customer(db, customer_id)
    if rows:
        await db.exec(
            delete(WebhookDelivery).where(col(WebhookDelivery.id).in_([r.id for r in rows]))
        )
    return len(rows)
