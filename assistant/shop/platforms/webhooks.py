"""Order webhooks as each platform sends them, checked with the platform's own signature and
turned into the lifecycle's :class:`~assistant.lifecycle.webhooks.WebhookEvent` (through
:func:`~assistant.lifecycle.webhooks.parse_webhook`, so they are validated like our own format).

Signatures, each an HMAC-SHA256 over the raw body with the shop's webhook secret:

* Shopware (app system): header ``shopware-shop-signature``, hex digest, secret = the app
  secret (https://developer.shopware.com/docs/guides/plugins/apps/webhook.html);
* WooCommerce: header ``X-WC-Webhook-Signature``, base64 digest, secret = the webhook's secret
  (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks);
* Shopify: header ``X-Shopify-Hmac-Sha256``, base64 digest, secret = the app's client secret
  (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook).
* Vendure has no built-in webhooks; a Vendure shop sends our own signed format.

Each platform's "delivered" state becomes an ``order_delivered`` event (which asks for a
review): Shopware's delivery state ``delivered`` or order state ``completed``, WooCommerce's
status ``completed``, a Shopify fulfillment whose ``shipment_status`` is ``delivered``. Its id
is made from the order, not from the delivery, so a redelivered webhook or a second signal for
the same order (two fulfillments, a later edit of a completed order) is stored once. A
Vendure shop sends ``order_delivered`` itself on its order state ``Delivered``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any

from assistant.lifecycle.webhooks import DELIVERED, BadWebhook, WebhookEvent, parse_webhook

PLATFORMS = ("shopware", "woocommerce", "shopify")


def _digest(secret: str, raw: bytes) -> bytes:
    return hmac.new(secret.encode(), raw, hashlib.sha256).digest()


def signature(platform: str, secret: str, raw: bytes) -> tuple[str, str]:
    """The header a platform signs ``raw`` with: (name, value). Tests sign with it, too."""
    digest = _digest(secret, raw)
    if platform == "shopware":
        return "shopware-shop-signature", digest.hex()
    if platform == "woocommerce":
        return "X-WC-Webhook-Signature", base64.b64encode(digest).decode()
    return "X-Shopify-Hmac-Sha256", base64.b64encode(digest).decode()


def verify(platform: str, secrets: tuple[str, ...], headers: Mapping[str, str], raw: bytes) -> bool:
    """Constant-time check against each of the shop's webhook secrets."""
    name = signature(platform, "x", b"")[0]
    given = headers.get(name)
    if not given:
        return False
    for secret in secrets:
        expected = signature(platform, secret, raw)[1]
        if hmac.compare_digest(expected.encode(), given.strip().encode()):
            return True
    return False


def parse(platform: str, headers: Mapping[str, str], data: Any) -> list[WebhookEvent]:
    """The lifecycle events in a platform's webhook, in order: none for one that carries none
    (a ping, a topic about something else), two for a WooCommerce order completed and paid
    (paid, then delivered); :class:`BadWebhook` for a malformed one."""
    if not isinstance(data, dict):
        raise BadWebhook(detail="expected a JSON object")
    parser: Callable[[Mapping[str, str], dict[str, Any]], list[dict[str, Any]]] = {
        "shopware": _shopware,
        "woocommerce": _woocommerce,
        "shopify": _shopify,
    }[platform]
    try:
        generic = parser(headers, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadWebhook(detail=f"{platform} payload: {exc}") from None
    return [parse_webhook(event) for event in generic]


def _event(event_id: str, kind: str, order: dict[str, Any], when: str | None) -> dict[str, Any]:
    return {"id": event_id[:200], "type": kind, "occurred_at": when, "data": order}


def _delivered(platform: str, order_key: str, order: dict[str, Any], when: Any) -> dict[str, Any]:
    """The ``order_delivered`` event, the shape of our own webhook (``order_id``,
    ``customer``), with one id per order (``order_key``: the platform's order id)."""
    body = {"order_id": order["order_id"], "customer": order["customer"]}
    return _event(f"{platform}:{order_key}:{DELIVERED}", DELIVERED, body, when)


# -- Shopware ---------------------------------------------------------------------------------

_SHOPWARE_EVENTS = {
    "checkout.order.placed": "order_created",
    "state_enter.order_transaction.state.paid": "order_paid",
    "state_enter.order.state.cancelled": "order_cancelled",
    "state_enter.order_transaction.state.refunded": "order_refunded",
    # Delivered: the delivery state ``delivered`` (OrderDeliveryStates::STATE_DELIVERED, added
    # in Shopware 6.7; ``shipped`` is only handed to the carrier), or, for shops without it,
    # the order state ``completed`` ("Done", OrderStates::STATE_COMPLETED). Both are state
    # machine transitions the app system sends as ``state_enter.<machine>.state.<state>``
    # with the order in the payload, like the ones above
    # (https://developer.shopware.com/docs/resources/references/app-reference/webhook-events-reference.html).
    "state_enter.order_delivery.state.delivered": DELIVERED,
    "state_enter.order.state.completed": DELIVERED,
}


def _shopware(headers: Mapping[str, str], data: dict[str, Any]) -> list[dict[str, Any]]:
    body = data["data"]
    kind = _SHOPWARE_EVENTS.get(str(body.get("event")))
    payload = body.get("payload") or {}
    order = payload.get("order") if isinstance(payload, dict) else None
    if kind is None or not isinstance(order, dict):
        return []
    customer = order.get("orderCustomer") or {}
    name = f"{customer.get('firstName', '')} {customer.get('lastName', '')}".strip()
    who = {"id": customer.get("customerId"), "email": customer.get("email"), "name": name or None}
    if kind == DELIVERED:
        arrived = {"order_id": str(order["orderNumber"]), "customer": who}
        return [_delivered("shopware", str(order["id"]), arrived, None)]
    source = data.get("source") or {}
    event_id = str(source.get("eventId") or f"{order['id']}:{kind}")
    event = _event(
        f"shopware:{event_id}",
        kind,
        {
            "order_id": str(order["orderNumber"]),
            "customer": who,
            "items": [
                {
                    "sku": str((x.get("payload") or {}).get("productNumber") or x.get("label")),
                    "qty": int(x["quantity"]),
                    "price": str(x["unitPrice"]),
                }
                for x in order.get("lineItems") or []
                if x.get("type", "product") == "product"
            ],
            "total": str(order["amountTotal"]),
            "currency": (order.get("currency") or {}).get("isoCode", "EUR"),
        },
        None,
    )
    return [event]


# -- WooCommerce --------------------------------------------------------------------------------

#: "Order fulfilled and complete" (https://woocommerce.github.io/code-reference/classes/Automattic-WooCommerce-Enums-OrderStatus.html),
#: sent with the topic ``order.updated`` like every status change.
_WOO_DELIVERED = "completed"


def _woo_kinds(topic: str, status: str, paid: bool) -> list[str]:
    """The lifecycle events of a WooCommerce order webhook, in order: an order completed
    after payment is paid (stored once, so a duplicate) and then delivered."""
    if topic == "order.created":
        return ["order_created"]
    delivered = [DELIVERED] if status == _WOO_DELIVERED else []
    if status in ("processing", _WOO_DELIVERED) and paid:
        return ["order_paid", *delivered]
    if status == "cancelled":
        return ["order_cancelled"]
    if status == "refunded":
        return ["order_refunded"]
    return delivered  # completed without a payment date (paid outside WooCommerce)


def _woocommerce(headers: Mapping[str, str], data: dict[str, Any]) -> list[dict[str, Any]]:
    topic = headers.get("X-WC-Webhook-Topic", "")
    if not topic.startswith("order.") or "id" not in data or "line_items" not in data:
        return []  # the ping WooCommerce sends when a webhook is saved, other topics
    kinds = _woo_kinds(topic, str(data.get("status", "")), bool(data.get("date_paid_gmt")))
    if not kinds:
        return []
    billing = data.get("billing") or {}
    name = f"{billing.get('first_name', '')} {billing.get('last_name', '')}".strip()
    customer_id = data.get("customer_id")
    when = data.get("date_modified_gmt") or data.get("date_created_gmt")
    when = f"{when}Z" if isinstance(when, str) and not when.endswith("Z") else when
    order = {
        "order_id": str(data.get("number") or data["id"]),
        "customer": {
            "id": str(customer_id) if customer_id else None,
            "email": billing.get("email"),
            "name": name or None,
        },
        "items": [
            {
                "sku": str(x.get("sku") or x.get("product_id")),
                "qty": int(x["quantity"]),
                "price": str(x.get("price", "0")),
            }
            for x in data["line_items"]
        ],
        "total": str(data["total"]),
        "currency": str(data.get("currency") or "EUR"),
    }
    return [
        _delivered("woocommerce", str(data["id"]), order, when)
        if kind == DELIVERED
        else _event(f"woocommerce:{data['id']}:{kind}", kind, order, when)
        for kind in kinds
    ]


# -- Shopify ----------------------------------------------------------------------------------

_SHOPIFY_TOPICS = {
    "orders/create": "order_created",
    "orders/paid": "order_paid",
    "orders/cancelled": "order_cancelled",
}
#: A fulfillment (one shipment of the order) reports the carrier's state in
#: ``shipment_status``; ``delivered`` is its last one. Its ``name`` is the order's name, a dot
#: and the fulfillment's number ("#1001.1"); the webhook carries the buyer's ``email``
#: (https://shopify.dev/docs/api/admin-rest/latest/resources/fulfillment,
#: https://shopify.dev/docs/api/webhooks/latest?reference=toml#list-fulfillments/update).
_SHOPIFY_FULFILLMENT_TOPICS = ("fulfillments/create", "fulfillments/update")


def _shopify(headers: Mapping[str, str], data: dict[str, Any]) -> list[dict[str, Any]]:
    topic = headers.get("X-Shopify-Topic", "")
    if topic in _SHOPIFY_FULFILLMENT_TOPICS:
        return _shopify_fulfillment(data)
    kind = _SHOPIFY_TOPICS.get(topic)
    if kind is None:
        return []
    customer = data.get("customer") or {}
    name = f"{customer.get('first_name') or ''} {customer.get('last_name') or ''}".strip()
    event_id = headers.get("X-Shopify-Webhook-Id") or headers.get("X-Shopify-Event-Id")
    event = _event(
        f"shopify:{event_id or str(data['id']) + ':' + kind}",
        kind,
        {
            "order_id": str(data.get("name") or data["id"]).lstrip("#"),
            "customer": {
                "id": str(customer["id"]) if customer.get("id") else None,
                "email": data.get("email") or customer.get("email"),
                "name": name or None,
            },
            "items": [
                {
                    "sku": str(x.get("sku") or x.get("variant_id")),
                    "qty": int(x["quantity"]),
                    "price": str(x.get("price", "0")),
                }
                for x in data.get("line_items") or []
            ],
            "total": str(data["total_price"]),
            "currency": str(data.get("currency") or "EUR"),
        },
        data.get("updated_at") if kind != "order_created" else data.get("created_at"),
    )
    return [event]


def _shopify_fulfillment(data: dict[str, Any]) -> list[dict[str, Any]]:
    if data.get("shipment_status") != "delivered":
        return []  # label printed, in transit, out for delivery, failed, ...
    name = str(data.get("name") or "")
    order_name = name.rsplit(".", 1)[0].lstrip("#") if "." in name else ""
    order = {
        "order_id": order_name or str(data["order_id"]),
        "customer": {"id": None, "email": data.get("email"), "name": None},
    }
    return [_delivered("shopify", str(data["order_id"]), order, data.get("updated_at"))]
