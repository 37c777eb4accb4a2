"""The HTTP side of the widget protocol (for clients without WebSocket) and the health check."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import BadFrame, OriginNotAllowed, UnknownShop
from assistant.i18n import pick_locale
from assistant.protocol import (
    PROTOCOL_VERSION,
    Hello,
    decode,
    parse_hello,
    parse_message,
)
from assistant.storage.engine import ping
from web.bodies import read_body
from web.keys import bus_key, config_key, conversations_key, engine_key, shops_key
from web.widget.guards import client_ip
from web.widget.origin import check_origin

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


async def json_body(request: web.Request) -> dict[str, Any]:
    return decode(await read_body(request, request.app[config_key].max_frame_bytes))


def cors(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


@routes.options("/api/v1/{tail:.*}")
async def preflight(request: web.Request) -> web.StreamResponse:
    """Preflight is answered generously; every real request checks the shop's origins."""
    response = web.Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "600"
    return cors(request, response)


@routes.get("/api/v1/embed")
async def embed_check(request: web.Request) -> web.StreamResponse:
    """``?shop=&locale=``: may this page embed the shop's assistant? The widget asks when its
    socket is refused before it ever opened (the browser hides the 403 from it), to show the
    clear refusal instead of reconnecting forever. Readable by every page: it tells only
    whether that page's own origin is allowed."""
    locale = pick_locale(request.query.get("locale"))
    try:
        shop = await request.app[shops_key].get(request.query.get("shop", "")[:64])
        check_origin(request, shop)
    except (UnknownShop, OriginNotAllowed) as exc:
        body = {"type": "error", "code": exc.code, "message": exc.user_message(locale)}
        return cors(request, web.json_response(body, status=exc.status))
    return cors(request, web.json_response({"ok": True}))


@routes.post("/api/v1/messages")
async def post_message(request: web.Request) -> web.StreamResponse:
    """One message in, its acknowledgement and reply out; the body is a hello and a message in
    one object: ``{v, shop, visitor, locale, conversation, client_id, text}``."""
    data = await json_body(request)
    hello = parse_hello(data)
    message = parse_message(data)
    engine = request.app[conversations_key]
    shop = await request.app[shops_key].get(hello.shop)
    check_origin(request, shop)
    welcome = await engine.open(hello)
    welcome.session.client_ip = client_ip(request)
    outcome = await engine.handle(welcome.session, message)
    body = {
        "type": "result",
        "v": PROTOCOL_VERSION,
        "visitor": welcome.session.visitor_id,
        "conversation": outcome.conversation_id,
        "ack": {"client_id": outcome.client_id},
        "reply": outcome.reply,
    }
    return cors(request, web.json_response(body))


@routes.get("/api/v1/history")
async def get_history(request: web.Request) -> web.StreamResponse:
    """``?shop=&visitor=&conversation=&after=``: what the HTTP client missed."""
    query = dict(request.query)
    try:
        after = int(query["after"]) if query.get("after") else None
    except ValueError:
        raise BadFrame(detail="after must be a message id") from None
    hello: Hello = parse_hello({**query, "v": PROTOCOL_VERSION, "after": after})
    shop = await request.app[shops_key].get(hello.shop)
    check_origin(request, shop)
    welcome = await request.app[conversations_key].open(hello)
    body = {
        "type": "history",
        "visitor": welcome.session.visitor_id,
        "conversation": welcome.session.conversation_id,
        "locale": welcome.session.locale,
        "messages": welcome.history,
        # What the socket's welcome carries, so a widget without one starts the same way.
        "greeting": welcome.greeting,
        "status": welcome.status,
        "agent": welcome.agent,
    }
    return cors(request, web.json_response(body))


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    """503 only for the database: without Redis an instance still serves its own
    connections, so it stays in the load balancer and says ``degraded``."""
    body: dict[str, str] = {"status": "ok", "database": "ok"}
    redis = request.app[bus_key].health()
    if redis is not None:
        body["redis"] = redis
        if redis != "ok":
            body["status"] = "degraded"
    try:
        await ping(request.app[engine_key], seconds=3)
    except (OSError, SQLAlchemyError, TimeoutError) as exc:
        log.warning("health check: database unreachable (%s)", type(exc).__name__)
        return web.json_response({**body, "status": "error", "database": "unreachable"}, status=503)
    return web.json_response(body)
