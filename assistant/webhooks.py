"""Shop server events (``POST /api/v1/webhooks/{shop}``): the payload parser and the unit of
work that stores one. The signature is checked by ``web`` before anything here runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.errors import AssistantError
from assistant.events import ingest
from assistant.i18n import L10n
from assistant.identity import CustomerRef, resolve_customer
from assistant.storage.models import Event

ORDER_TYPES = ("order_created", "order_paid", "order_refunded", "order_cancelled")
WEBHOOK_TYPES = (*ORDER_TYPES, "customer_created", "review_posted", "survey_answered")
_EVENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")
MAX_ITEMS = 500


class BadWebhook(AssistantError):
    code = "bad_webhook"
    status = 400
    message = L10n(
        de="Das Webhook-Ereignis ist ungültig.",
        en="The webhook event is not valid.",
    )


class BadSignature(AssistantError):
    code = "bad_signature"
    status = 401
    message = L10n(
        de="Die Signatur fehlt, ist falsch oder zu alt.",
        en="The signature is missing, wrong or too old.",
    )


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    id: str
    type: str
    occurred_at: datetime | None
    customer: CustomerRef
    properties: dict[str, Any] = field(default_factory=dict)


def parse_webhook(data: dict[str, Any]) -> WebhookEvent:
    """``{id, type, occurred_at?, data: {...}}`` -> :class:`WebhookEvent`, or :class:`BadWebhook`
    naming the field."""
    event_id, kind, body = data.get("id"), data.get("type"), data.get("data")
    if not isinstance(event_id, str) or not _EVENT_ID.match(event_id):
        raise BadWebhook(detail="id must be 1-200 letters, digits or _.:-")
    if kind not in WEBHOOK_TYPES:
        raise BadWebhook(detail=f"type must be one of {', '.join(WEBHOOK_TYPES)}")
    if not isinstance(body, dict):
        raise BadWebhook(detail="data must be an object")
    customer = _customer(body.get("customer"))
    if kind in ORDER_TYPES:
        props = _order(body)
    elif kind == "customer_created":
        props = {}
        if "email_consent" in body:
            props["email_consent"] = _bool(body["email_consent"], "data.email_consent")
    elif kind == "review_posted":
        props = {"rating": _score(body.get("rating"), 1, 5, "data.rating")}
        if body.get("sku") is not None:
            props["sku"] = _text(body["sku"], 64, "data.sku")
    else:
        survey = body.get("kind")
        if survey not in ("nps", "csat"):
            raise BadWebhook(detail="data.kind must be nps or csat")
        low, high = (0, 10) if survey == "nps" else (1, 5)
        props = {"kind": survey, "score": _score(body.get("score"), low, high, "data.score")}
    return WebhookEvent(
        id=event_id,
        type=str(kind),
        occurred_at=_time(data.get("occurred_at")),
        customer=customer,
        properties=props,
    )


def _customer(raw: Any) -> CustomerRef:
    if not isinstance(raw, dict):
        raise BadWebhook(detail="data.customer must be an object with id and/or email")
    ext = raw.get("id")
    email = raw.get("email")
    name = raw.get("name")
    ref = CustomerRef(
        external_id=_text(ext, 200, "data.customer.id") if ext not in (None, "") else None,
        email=_email(email) if email not in (None, "") else None,
        name=_text(name, 200, "data.customer.name") if name not in (None, "") else None,
    )
    if ref.external_id is None and ref.email is None:
        raise BadWebhook(detail="data.customer needs an id or an email")
    return ref


def _order(body: dict[str, Any]) -> dict[str, Any]:
    order_id = body.get("order_id")
    if isinstance(order_id, int) and not isinstance(order_id, bool):
        order_id = str(order_id)
    items_raw = body.get("items", [])
    if not isinstance(items_raw, list) or len(items_raw) > MAX_ITEMS:
        raise BadWebhook(detail=f"data.items must be a list of at most {MAX_ITEMS}")
    items = []
    for item in items_raw:
        if not isinstance(item, dict):
            raise BadWebhook(detail="data.items[] must be objects {sku, qty, price}")
        qty = item.get("qty", 1)
        if not isinstance(qty, int) or isinstance(qty, bool) or not 0 < qty <= 10_000:
            raise BadWebhook(detail="data.items[].qty must be a whole number from 1")
        items.append(
            {
                "sku": _text(item.get("sku"), 64, "data.items[].sku"),
                "qty": qty,
                "price": str(_money(item.get("price", "0"), "data.items[].price")),
            }
        )
    currency = body.get("currency", "EUR")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Za-z]{3}", currency):
        raise BadWebhook(detail="data.currency must be a three-letter code")
    return {
        "order_id": _text(order_id, 200, "data.order_id"),
        "items": items,
        "total": str(_money(body.get("total"), "data.total")),
        "currency": currency.upper(),
    }


def _text(value: Any, limit: int, name: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise BadWebhook(detail=f"{name} must be a text of 1-{limit} characters")
    return value.strip()


def _email(value: Any) -> str:
    text = _text(value, 320, "data.customer.email")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise BadWebhook(detail="data.customer.email is not an email address")
    return text.lower()


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise BadWebhook(detail=f"{name} must be true or false")
    return value


def _score(value: Any, low: int, high: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadWebhook(detail=f"{name} must be a whole number from {low} to {high}")
    return value


def _money(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadWebhook(detail=f'{name} must be an amount like "12.90"')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise BadWebhook(detail=f'{name} must be an amount like "12.90"') from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("1e10"):
        raise BadWebhook(detail=f"{name} must be an amount of at least 0")
    return amount.quantize(Decimal("0.01"))


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadWebhook(detail="occurred_at must be an ISO 8601 time")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadWebhook(detail="occurred_at must be an ISO 8601 time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Stored:
    event_id: int
    customer_id: str
    duplicate: bool


def store_webhook(shop_id: str, hook: WebhookEvent, now: datetime) -> Any:
    """The unit of work for one webhook: idempotent by the event id (a replay returns the row
    stored the first time). An event from the future is dated now, never later."""
    at = now if hook.occurred_at is None else min(hook.occurred_at, now + timedelta(minutes=5))

    async def work(db: AsyncSession) -> Stored:
        earlier = (
            await db.exec(
                select(Event).where(Event.shop_id == shop_id, Event.external_id == hook.id)
            )
        ).first()
        if earlier is not None and earlier.id is not None:
            return Stored(earlier.id, earlier.customer_id or "", duplicate=True)
        consent = hook.properties.get("email_consent")
        customer = await resolve_customer(
            db, shop_id, hook.customer, at, consent=consent if isinstance(consent, bool) else None
        )
        row = Event(
            shop_id=shop_id,
            customer_id=customer.id,
            type=hook.type,
            properties=hook.properties,
            external_id=hook.id,
            created_at=at,
        )
        await ingest(db, [row])
        assert row.id is not None
        return Stored(row.id, customer.id, duplicate=False)

    return work
