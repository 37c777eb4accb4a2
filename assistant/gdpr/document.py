"""The export document: everything stored about one customer, as JSON (pure: rows in, a
JSON-able dict out). Every table keyed to a customer has its section, so a new table that
is not added here shows up in ``tests/test_gdpr.py`` (it checks the sections against the
models), not in a data subject's complaint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import SQLModel

from assistant.storage.models import (
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
    WebhookDelivery,
)

FORMAT = "shopassist-customer-export"
VERSION = 1
#: The tables whose rows belong to one customer, and where each lands in the document
#: (messages and notes inside their conversation, order and basket lines inside theirs).
SECTIONS: dict[str, type[SQLModel]] = {
    "customer": Customer,
    "lifecycle": CustomerLifecycle,
    "email_consent": EmailConsent,
    "visitors": Visitor,
    "conversations": Conversation,
    "messages": Message,
    "notes": ConversationNote,
    "events": Event,
    "stage_transitions": StageTransition,
    "lifecycle_actions": LifecycleAction,
    "purchases": Purchase,
    "shop_orders": DemoOrder,
    "shop_order_lines": DemoOrderLine,
    "cart_lines": CartLine,
    "cart_sets": CartSet,
    "cart_codes": CartCode,
    "discount_codes": DiscountCode,
    "code_redemptions": CodeRedemption,
    "reviews": Review,
    "baskets": Basket,
    "basket_items": BasketItem,
    "webhook_deliveries": WebhookDelivery,
}
#: Columns left out: agent-side bookkeeping, not data about the customer.
_LEFT_OUT = {"notes": {"agent_id"}}


@dataclass(slots=True)
class CustomerData:
    """The rows :func:`assistant.gdpr.store.collect` found for one customer."""

    shop: Shop
    customer: Customer
    lifecycle: CustomerLifecycle | None = None
    email_consent: EmailConsent | None = None
    visitors: Sequence[Visitor] = ()
    conversations: Sequence[Conversation] = ()
    messages: Sequence[Message] = ()
    notes: Sequence[ConversationNote] = ()
    events: Sequence[Event] = ()
    stage_transitions: Sequence[StageTransition] = ()
    lifecycle_actions: Sequence[LifecycleAction] = ()
    purchases: Sequence[Purchase] = ()
    shop_orders: Sequence[DemoOrder] = ()
    shop_order_lines: Sequence[DemoOrderLine] = ()
    cart_lines: Sequence[CartLine] = ()
    cart_sets: Sequence[CartSet] = ()
    cart_codes: Sequence[CartCode] = ()
    discount_codes: Sequence[DiscountCode] = ()
    code_redemptions: Sequence[CodeRedemption] = ()
    reviews: Sequence[Review] = ()
    baskets: Sequence[Basket] = ()
    basket_items: Sequence[BasketItem] = ()
    webhook_deliveries: Sequence[WebhookDelivery] = ()
    erasure: Event | None = None


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def row(model: SQLModel, section: str = "") -> dict[str, Any]:
    """Every column of ``model``, JSON-able."""
    skip = _LEFT_OUT.get(section, set())
    return {k: jsonable(v) for k, v in model.model_dump().items() if k not in skip}


def _rows(models: Sequence[SQLModel], section: str) -> list[dict[str, Any]]:
    return [row(m, section) for m in models]


def export_document(data: CustomerData, now: datetime) -> dict[str, Any]:
    """The whole document. Shape (version 1)::

    {format, version, exported_at, shop {id, name}, erased (null or {at, by}),
     customer {...}, lifecycle {...} | null, email_consent {...} | null, visitors [...],
     conversations [{..., messages [...], notes [{id, text, created_at, ...}]}],
     events [...], stage_transitions [...], lifecycle_actions [...], purchases [...],
     shop_orders [{..., lines [...]}], cart_lines [...], cart_sets [...], cart_codes [...],
     discount_codes [...], code_redemptions [...], reviews [...], baskets [{..., items [...]}],
     webhook_deliveries [...] (outgoing webhooks about the customer; the payload is kept
     until a delivery is final)}
    """
    messages: dict[str, list[dict[str, Any]]] = {}
    for m in sorted(data.messages, key=lambda m: m.id or 0):
        messages.setdefault(m.conversation_id, []).append(row(m, "messages"))
    notes: dict[str, list[dict[str, Any]]] = {}
    for n in sorted(data.notes, key=lambda n: n.id or 0):
        notes.setdefault(n.conversation_id, []).append(row(n, "notes"))
    lines: dict[str, list[dict[str, Any]]] = {}
    for line in sorted(data.shop_order_lines, key=lambda x: (x.order_id, x.position)):
        lines.setdefault(line.order_id, []).append(row(line))
    items: dict[int, list[dict[str, Any]]] = {}
    for item in data.basket_items:
        items.setdefault(item.basket_id, []).append(row(item))
    erased = None
    if data.erasure is not None:
        erased = {
            "at": data.erasure.created_at.isoformat(),
            "by": data.erasure.properties.get("by"),
        }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "shop": {"id": data.shop.id, "name": data.shop.name},
        "erased": erased,
        "customer": row(data.customer),
        "lifecycle": row(data.lifecycle) if data.lifecycle is not None else None,
        "email_consent": row(data.email_consent) if data.email_consent is not None else None,
        "visitors": _rows(data.visitors, "visitors"),
        "conversations": [
            {**row(c), "messages": messages.get(c.id, []), "notes": notes.get(c.id, [])}
            for c in sorted(data.conversations, key=lambda c: (c.created_at, c.id))
        ],
        "events": [row(e, "events") for e in sorted(data.events, key=lambda e: e.id or 0)],
        "stage_transitions": _rows(data.stage_transitions, "stage_transitions"),
        "lifecycle_actions": _rows(data.lifecycle_actions, "lifecycle_actions"),
        "purchases": _rows(data.purchases, "purchases"),
        "shop_orders": [{**row(o), "lines": lines.get(o.id, [])} for o in data.shop_orders],
        "cart_lines": _rows(data.cart_lines, "cart_lines"),
        "cart_sets": _rows(data.cart_sets, "cart_sets"),
        "cart_codes": _rows(data.cart_codes, "cart_codes"),
        "discount_codes": _rows(data.discount_codes, "discount_codes"),
        "code_redemptions": _rows(data.code_redemptions, "code_redemptions"),
        "reviews": _rows(data.reviews, "reviews"),
        "baskets": [{**row(b), "items": items.get(b.id or 0, [])} for b in data.baskets],
        "webhook_deliveries": _rows(data.webhook_deliveries, "webhook_deliveries"),
    }
