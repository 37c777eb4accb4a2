"""Shop server events (``POST /api/v1/webhooks/{shop}``): the payload parser and the unit of
work that stores one. The signature is checked by ``web`` before anything here runs."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock
from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.lifecycle.events import ingest
from assistant.lifecycle.identity import CustomerRef, resolve_customers, set_consent
from assistant.storage.models import Customer, Event
from assistant.storage.rows import EventRow
from assistant.storage.writer import BatchWriter
from assistant.tasks import cancel_and_wait

ORDER_TYPES = ("order_created", "order_paid", "order_refunded", "order_cancelled")
#: The shop delivered an order (``data.order_id``): no order effect, but the review request.
DELIVERED = "order_delivered"
WEBHOOK_TYPES = (
    *ORDER_TYPES,
    DELIVERED,
    "customer_created",
    "review_posted",
    "survey_answered",
)
_EVENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,200}$")
MAX_ITEMS = 500
#: Events in one batch request (``{"events": [...]}``); the body limit applies as well.
MAX_BATCH = 500


class BadWebhook(AssistantError):
    """The shop's developer reads this answer: it names the field that is wrong (the detail,
    in English like the field names it quotes)."""

    code = "bad_webhook"
    status = 400
    message = L10n(
        de="Das Webhook-Ereignis ist ungültig.",
        en="The webhook event is not valid.",
    )

    def user_message(self, locale: str) -> str:
        base = self.message.get(locale)
        return f"{base[:-1]}: {self.detail}." if self.detail else base


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
    elif kind == DELIVERED:
        props = {"order_id": _order_id(body.get("order_id"))}
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


def parse_webhooks(data: dict[str, Any]) -> list[WebhookEvent]:
    """One event, or a batch ``{"events": [event, ...]}`` (up to :data:`MAX_BATCH`) that a
    shop sends to catch up: a bad event anywhere refuses the whole batch, naming its index,
    before anything is stored."""
    if "events" not in data:
        return [parse_webhook(data)]
    events = data["events"]
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_BATCH:
        raise BadWebhook(detail=f"events must be a list of 1-{MAX_BATCH} events")
    hooks = []
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            raise BadWebhook(detail=f"events[{index}] must be an object")
        try:
            hooks.append(parse_webhook(event))
        except BadWebhook as exc:
            raise BadWebhook(detail=f"events[{index}]: {exc.detail}") from None
    return hooks


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


def _order_id(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return _text(value, 200, "data.order_id")


def _order(body: dict[str, Any]) -> dict[str, Any]:
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
        "order_id": _order_id(body.get("order_id")),
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


def store_webhooks(items: list[tuple[str, WebhookEvent]], now: datetime) -> Any:
    """The unit of work for a batch of webhooks (of any shops): idempotent by event id (a
    replay, also within the batch, returns the row stored first), customers resolved in bulk,
    every event through :func:`ingest` at once. An event from the future is dated now."""

    async def work(db: AsyncSession) -> list[Stored]:
        results: list[Stored | None] = [None] * len(items)
        rows: list[tuple[int, EventRow]] = []  # plain rows: no ORM state per event
        first_of: dict[tuple[str, str], int] = {}
        by_shop: dict[str, list[int]] = {}
        for i, (shop_id, _) in enumerate(items):
            by_shop.setdefault(shop_id, []).append(i)
        for shop_id, positions in by_shop.items():
            hooks = [items[i][1] for i in positions]
            earlier = await db.exec(
                select(Event.external_id, Event.id, Event.customer_id).where(
                    Event.shop_id == shop_id,
                    col(Event.external_id).in_(sorted({h.id for h in hooks})),
                )
            )
            stored = {ext: (eid, cid) for ext, eid, cid in earlier.all()}
            fresh = []
            for i in positions:
                hook = items[i][1]
                if hook.id in stored:
                    eid, cid = stored[hook.id]
                    results[i] = Stored(eid or 0, cid or "", duplicate=True)
                elif (shop_id, hook.id) in first_of:
                    results[i] = None  # filled from the first copy below
                else:
                    first_of[(shop_id, hook.id)] = i
                    fresh.append(i)
            refs = await _with_order_owners(db, shop_id, [items[i][1] for i in fresh])
            customers = await resolve_customers(db, shop_id, refs, now)
            for i, customer in zip(fresh, customers, strict=True):
                hook = items[i][1]
                consent = hook.properties.get("email_consent")
                if isinstance(consent, bool):
                    await set_consent(db, customer, consent)
                at = (
                    now
                    if hook.occurred_at is None
                    else min(hook.occurred_at, now + timedelta(minutes=5))
                )
                rows.append(
                    (
                        i,
                        EventRow(
                            shop_id=shop_id,
                            customer_id=customer.id,
                            conversation_id=None,
                            type=hook.type,
                            created_at=at,
                            properties=hook.properties,
                            external_id=hook.id,
                        ),
                    )
                )
        await ingest(db, [row for _, row in rows])
        for i, row in rows:
            results[i] = Stored(row.id or 0, row.customer_id or "", duplicate=False)
        for i, (shop_id, hook) in enumerate(items):
            if results[i] is None:
                first = results[first_of[(shop_id, hook.id)]]
                assert first is not None
                results[i] = Stored(first.event_id, first.customer_id, duplicate=True)
        return [r for r in results if r is not None]

    return work


async def _with_order_owners(
    db: AsyncSession, shop_id: str, hooks: list[WebhookEvent]
) -> list[CustomerRef]:
    """The customers of ``hooks``, where an ``order_delivered`` names its customer only by
    e-mail (a Shopify fulfillment carries no customer id) taken as the shop's customer who
    placed that order: an e-mail alone never claims a customer the shop knows by id
    (:func:`resolve_customers`), so the review request would go to a stranger."""

    def by_email(hook: WebhookEvent) -> bool:
        return hook.type == DELIVERED and hook.customer.external_id is None

    wanted = sorted({str(h.properties["order_id"]) for h in hooks if by_email(h)})
    if not wanted:
        return [h.customer for h in hooks]
    order_id = col(Event.properties)["order_id"].as_string()
    rows = await db.exec(
        select(order_id, Customer.external_id)
        .join(Customer, col(Customer.id) == col(Event.customer_id))
        .where(
            Event.shop_id == shop_id,
            col(Event.type).in_(ORDER_TYPES),
            order_id.in_(wanted),
            col(Customer.external_id).is_not(None),
        )
    )
    owners = {str(oid): str(ext) for oid, ext in rows.all()}
    return [
        replace(h.customer, external_id=owners[h.properties["order_id"]])
        if by_email(h) and h.properties["order_id"] in owners
        else h.customer
        for h in hooks
    ]


class WebhookQueue:
    """Group commit for webhooks: what arrives while a batch is being stored goes into the
    next batch, so a busy shop costs a few statements per batch instead of per event. If a
    batch fails (a race with another instance, say), its webhooks are retried one by one."""

    def __init__(self, writer: BatchWriter, clock: Clock, max_batch: int = 500) -> None:
        self._writer = writer
        self._clock = clock
        self._max = max_batch
        self._queue: asyncio.Queue[tuple[str, WebhookEvent, asyncio.Future[Stored]]] = (
            asyncio.Queue()
        )
        self._task: asyncio.Task[None] | None = None

    async def submit(self, shop_id: str, hook: WebhookEvent) -> Stored:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="webhook-queue")
        future: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((shop_id, hook, future))
        return await future

    async def close(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            await self._store(batch)

    async def _store(self, batch: list[tuple[str, WebhookEvent, asyncio.Future[Stored]]]) -> None:
        items = [(shop_id, hook) for shop_id, hook, _ in batch]
        try:
            results = await self._writer.submit(store_webhooks(items, self._clock()))
        except Exception as exc:  # a failed batch: each webhook gets its own chance
            if len(batch) == 1:
                if not batch[0][2].done():
                    batch[0][2].set_exception(exc)
                return
            for entry in batch:
                await self._store([entry])
            return
        for (_, _, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)
