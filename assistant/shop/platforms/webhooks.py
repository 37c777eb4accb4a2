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
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any

from assistant.lifecycle.webhooks import BadWebhook, WebhookEvent, parse_webhook

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


def parse(platform: str, headers: Mapping[str, str], data: Any) -> WebhookEvent | None:
    """The lifecycle event in a platform's webhook, ``None`` for one that carries none (a
    ping, a topic about something else), :class:`BadWebhook` for a malformed one."""
    if not isinstance(data, dict):
        raise BadWebhook(detail="expected a JSON object")
    parser: Callable[[Mapping[str, str], dict[str, Any]], dict[str, Any] | None] = {
        "shopware": _shopware,
        "woocommerce": _woocommerce,
        "shopify": _shopify,
    }[platform]
    try:
        generic = parser(headers, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadWebhook(detail=f"{platform} payload: {exc}") from None
    return parse_webhook(generic) if generic is not None else None


def _event(event_id: str, kind: str, order: dict[str, Any], when: str | None) -> dict[str, Any]:
    return {"id": event_id[:200], "type": kind, "occurred_at": when, "data": order}


# -- Shopware ---------------------------------------------------------------------------------

_SHOPWARE_EVENTS = {
    "checkout.order.placed": "order_created",
    "state_enter.order_transaction.state.paid": "order_paid",
    "state_enter.order.state.cancelled": "order_cancelled",
    "state_enter.order_transaction.state.refunded": "order_refunded",
}


def _shopware(headers: Mapping[str, str], data: dict[str, Any]) -> dict[str, Any] | None:
    body = data["data"]
    kind = _SHOPWARE_EVENTS.get(str(body.get("event")))
    payload = body.get("payload") or {}
    order = payload.get("order") if isinstance(payload, dict) else None
    if kind is None or not isinstance(order, dict):
        return None
    customer = order.get("orderCustomer") or {}
    name = f"{customer.get('firstName', '')} {customer.get('lastName', '')}".strip()
    source = data.get("source") or {}
    event_id = str(source.get("eventId") or f"{order['id']}:{kind}")
    return _event(
        f"shopware:{event_id}",
        kind,
        {
            "order_id": str(order["orderNumber"]),
            "customer": {
                "id": customer.get("customerId"),
                "email": customer.get("email"),
                "name": name or None,
            },
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


# -- WooCommerce --------------------------------------------------------------------------------


def _woocommerce(headers: Mapping[str, str], data: dict[str, Any]) -> dict[str, Any] | None:
    topic = headers.get("X-WC-Webhook-Topic", "")
    if not topic.startswith("order.") or "id" not in data or "line_items" not in data:
        return None  # the ping WooCommerce sends when a webhook is saved, other topics
    status = str(data.get("status", ""))
    if topic == "order.created":
        kind = "order_created"
    elif status in ("processing", "completed") and data.get("date_paid_gmt"):
        kind = "order_paid"
    elif status == "cancelled":
        kind = "order_cancelled"
    elif status == "refunded":
        kind = "order_refunded"
    else:
        return None
    billing = data.get("billing") or {}
    name = f"{billing.get('first_name', '')} {billing.get('last_name', '')}".strip()
    customer_id = data.get("customer_id")
    when = data.get("date_modified_gmt") or data.get("date_created_gmt")
    return _event(
        f"woocommerce:{data['id']}:{kind}",
        kind,
        {
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
        },
        f"{when}Z" if isinstance(when, str) and not when.endswith("Z") else when,
    )


# -- Shopify ----------------------------------------------------------------------------------

_SHOPIFY_TOPICS = {
    "orders/create": "order_created",
    "orders/paid": "order_paid",
    "orders/cancelled": "order_cancelled",
}


def _shopify(headers: Mapping[str, str], data: dict[str, Any]) -> dict[str, Any] | None:
    kind = _SHOPIFY_TOPICS.get(headers.get("X-Shopify-Topic", ""))
    if kind is None:
        return None
    customer = data.get("customer") or {}
    name = f"{customer.get('first_name') or ''} {customer.get('last_name') or ''}".strip()
    event_id = headers.get("X-Shopify-Webhook-Id") or headers.get("X-Shopify-Event-Id")
    return _event(
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
