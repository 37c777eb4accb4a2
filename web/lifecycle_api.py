"""HTTP endpoints of the lifecycle: shop webhooks (signed), identify (for clients without a
WebSocket and for shops' tests) and the metrics API (bearer token)."""

from __future__ import annotations

import logging
import math

from aiohttp import web

from assistant.lifecycle.profile import lifecycle_profile
from assistant.lifecycle.tracking import parse_identify
from assistant.lifecycle.webhooks import (
    BadSignature,
    BadWebhook,
    Stored,
    WebhookEvent,
    parse_webhooks,
)
from assistant.metrics.access import period, shop_for_token
from assistant.metrics.report import compute
from assistant.protocol import RateLimited, decode, parse_hello
from assistant.security.signing import verify_webhook_any
from assistant.shop.platforms import webhooks as platform_hooks
from web.bodies import read_body
from web.keys import (
    adapters_key,
    clock_key,
    conversations_key,
    lifecycle_key,
    sessions_key,
    shops_key,
)
from web.widget.guards import client_ip, guards_key
from web.widget.http import cors, json_body
from web.widget.origin import check_origin

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

TIMESTAMP_HEADER = "X-ShopAssistant-Timestamp"
SIGNATURE_HEADER = "X-ShopAssistant-Signature"
MAX_WEBHOOK_BYTES = 256 * 1024


async def _not_refused_too_often(request: web.Request) -> None:
    """A client whose webhooks were refused many times waits (429) before it may try again."""
    wait = await request.app[guards_key].webhook_refusals.retry_after(client_ip(request))
    if wait is not None:
        error = RateLimited(detail="refused webhooks")
        error.retry_after = max(1, math.ceil(wait.total_seconds()))  # type: ignore[attr-defined]
        raise error


def _batch_answer(hooks: list[WebhookEvent], results: list[Stored]) -> web.Response:
    """Each event of a batch and whether it was new."""
    return web.json_response(
        {
            "type": "webhooks",
            "results": [
                {"id": hook.id, "status": "duplicate" if one.duplicate else "stored"}
                for hook, one in zip(hooks, results, strict=True)
            ],
        }
    )


@routes.post("/api/v1/webhooks/{shop}")
async def webhook(request: web.Request) -> web.Response:
    """One signed event from the shop's server, or a signed batch ``{"events": [...]}``. The
    signature is checked on the raw bytes before they are parsed; a replay of an event id is
    answered 200 and stored once."""
    shop = await request.app[shops_key].get(request.match_info["shop"])
    await _not_refused_too_often(request)
    raw = await read_body(request, MAX_WEBHOOK_BYTES, "webhook")
    now = request.app[clock_key]()
    problem = verify_webhook_any(
        shop.webhook_secrets(now),
        request.headers.get(TIMESTAMP_HEADER),
        request.headers.get(SIGNATURE_HEADER),
        raw,
        now.timestamp(),
        legacy=shop.legacy_signatures,
    )
    if problem is not None:
        log.info("webhook refused (%s)", problem, extra={"shop": shop.id, "ip": client_ip(request)})
        await request.app[guards_key].webhook_refusals.fail(client_ip(request))
        raise BadSignature(detail=problem)
    data = decode(raw)
    hooks = parse_webhooks(data)
    if "events" in data:
        results = await request.app[lifecycle_key].webhooks(shop, hooks)
        return _batch_answer(hooks, results)
    stored = await request.app[lifecycle_key].webhook(shop, hooks[0])
    return web.json_response(
        {
            "type": "webhook",
            "status": "duplicate" if stored.duplicate else "stored",
            "id": hooks[0].id,
        }
    )


@routes.post("/api/v1/webhooks/{shop}/{platform}")
async def platform_webhook(request: web.Request) -> web.Response:
    """An order webhook as Shopware, WooCommerce or Shopify send it, signed their way with the
    shop's ``webhook_secret``. Topics that carry no order event are acknowledged and dropped,
    so the platform does not retry them."""
    platform = request.match_info["platform"]
    shop = await request.app[shops_key].get(request.match_info["shop"])
    if platform not in platform_hooks.PLATFORMS or shop.settings.get("adapter") != platform:
        raise BadWebhook(detail=f"this shop receives no {platform[:20]} webhooks")
    await _not_refused_too_often(request)
    raw = await read_body(request, MAX_WEBHOOK_BYTES, "webhook")
    secrets = request.app[adapters_key].webhook_secrets(shop)
    if not platform_hooks.verify(platform, secrets, request.headers, raw):
        log.info("platform webhook refused", extra={"shop": shop.id, "platform": platform})
        await request.app[guards_key].webhook_refusals.fail(client_ip(request))
        raise BadSignature(detail="mismatch" if secrets else "no webhook_secret set")
    if raw.startswith(b"webhook_id="):  # WooCommerce's form-encoded ping on saving a webhook
        return web.json_response({"type": "webhook", "status": "ignored"})
    data = decode(raw)
    hooks = platform_hooks.parse(platform, request.headers, data)
    if not hooks:
        return web.json_response({"type": "webhook", "status": "ignored"})
    if len(hooks) > 1:  # a WooCommerce order completed: paid and delivered, stored together
        results = await request.app[lifecycle_key].webhooks(shop, hooks)
        return _batch_answer(hooks, results)
    stored = await request.app[lifecycle_key].webhook(shop, hooks[0])
    return web.json_response(
        {
            "type": "webhook",
            "status": "duplicate" if stored.duplicate else "stored",
            "id": hooks[0].id,
        }
    )


@routes.post("/api/v1/identify")
async def identify(request: web.Request) -> web.StreamResponse:
    """``{shop, visitor, id, email?, name?, hash, consent?, conversation?}``: the same as the
    widget's ``identify`` frame."""
    data = await json_body(request)
    hello = parse_hello({**data, "v": 1})
    wanted = parse_identify(data)
    shop = await request.app[shops_key].get(hello.shop)
    check_origin(request, shop)
    welcome = await request.app[conversations_key].open(hello)
    done = await request.app[lifecycle_key].identify(welcome.session, wanted)
    body = {
        "type": "identified",
        "visitor": welcome.session.visitor_id,
        "customer": wanted.external_id,
        "conversation": done.conversation_id,
    }
    return cors(request, web.json_response(body))


@routes.get("/api/v1/metrics")
async def metrics(request: web.Request) -> web.Response:
    """``Authorization: Bearer <token>`` (``shopassist metrics token``); ``?from=&to=`` as
    dates, both included. The token decides the shop."""
    now = request.app[clock_key]()
    start, end = period(request.query.get("from"), request.query.get("to"), now)
    async with request.app[sessions_key]() as db:
        shop_id = await shop_for_token(db, request.headers.get("Authorization"))
        report = await compute(db, shop_id, start, end)
    return web.json_response(report.as_dict())


@routes.get("/api/v1/customers/{customer}/lifecycle")
async def customer_lifecycle(request: web.Request) -> web.Response:
    """Stage now, engagement score now and the stage history of one customer (bearer token;
    the customer is the shop's id as given to identify/webhooks, or ours)."""
    now = request.app[clock_key]()
    async with request.app[sessions_key]() as db:
        shop_id = await shop_for_token(db, request.headers.get("Authorization"))
        body = await lifecycle_profile(db, shop_id, request.match_info["customer"], now)
    return web.json_response(body)
