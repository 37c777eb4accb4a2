"""Helpers for the lifecycle tests: a fake clock, signed webhooks, the demo shop's secret."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from assistant.lifecycle.review_orders import order_of
from assistant.security.signing import identity_hash, webhook_signature
from assistant.storage.models import Customer, LifecycleAction, Shop
from web.keys import sessions_key


async def shop_secret(client: Any, shop_id: str = "demo") -> str:
    """The identity secret (what ``identify`` hashes are made with)."""
    async with client.app[sessions_key]() as db:
        shop = await db.get(Shop, shop_id)
    assert shop is not None
    return shop.secret


async def webhook_secret(client: Any, shop_id: str = "demo") -> str:
    """The webhook secret: the shop's own one, or the single secret of a shop without."""
    async with client.app[sessions_key]() as db:
        shop = await db.get(Shop, shop_id)
    assert shop is not None
    own = shop.settings.get("secrets", {}).get("webhook", {}).get("current")
    return str(own or shop.secret)


async def review_requests(app: Any) -> list[tuple[str, str | None, str | None]]:
    """The scheduled ``ask_review`` actions as (channel, customer's e-mail, order id): whom a
    shop's ``order_delivered`` asks for a review of which order."""
    async with app[sessions_key]() as db:
        query = select(LifecycleAction).where(LifecycleAction.rule == "ask_review")
        actions = (await db.exec(query.order_by(col(LifecycleAction.id)))).all()
        requests = []
        for action in actions:
            customer = await db.get(Customer, action.customer_id)
            email = customer.email if customer else None
            requests.append((action.channel, email, await order_of(db, action)))
    return requests


async def post_webhook(
    client: Any,
    secret: str,
    event: dict[str, Any],
    *,
    now: datetime,
    shop: str = "demo",
    signature: str | None = None,
    timestamp: int | None = None,
) -> Any:
    body = json.dumps(event).encode()
    ts = str(timestamp if timestamp is not None else int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "X-ShopAssistant-Timestamp": ts,
        "X-ShopAssistant-Signature": signature or webhook_signature(secret, ts, body),
    }
    return await client.post(f"/api/v1/webhooks/{shop}", data=body, headers=headers)


def order_event(
    event_id: str,
    order_id: str,
    total: str,
    *,
    customer: dict[str, Any],
    kind: str = "order_created",
    occurred_at: datetime | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": event_id,
        "type": kind,
        "data": {
            "order_id": order_id,
            "items": [{"sku": "BEAN-001", "qty": 1, "price": total}],
            "total": total,
            "currency": "EUR",
            "customer": customer,
        },
    }
    if occurred_at is not None:
        event["occurred_at"] = occurred_at.isoformat()
    return event


def identify_frame(secret: str, external_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "identify",
        "id": external_id,
        "hash": identity_hash(secret, external_id),
        **extra,
    }


def signed_identify_frame(
    secret: str, external_id: str, *, email: str = "", name: str = "", **extra: Any
) -> dict[str, Any]:
    """``identify`` with e-mail and name signed by the shop, computed the way docs/security.md
    tells a shop's developer to (independently of ``assistant.security.signing``)."""
    message = f"shopassist:identify:v2\n{external_id}\n{email}\n{name}".encode()
    frame: dict[str, Any] = {
        "type": "identify",
        "id": external_id,
        "hash": hmac.new(secret.encode(), message, hashlib.sha256).hexdigest(),
        **extra,
    }
    if email:
        frame["email"] = email
    if name:
        frame["name"] = name
    return frame
