"""``GET /ws``: the widget's WebSocket, protocol version 1 (see the README).

Frames are handled one after another per connection, so a shopper's messages are stored and
answered in the order they were typed; many connections run concurrently.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from datetime import datetime
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from assistant.conversation.engine import ChatSession, ConversationEngine
from assistant.errors import AssistantError, BadFrame, UnknownShop
from assistant.i18n import pick_locale
from assistant.protocol import (
    PROTOCOL_VERSION,
    ClientFrame,
    FrameTooLarge,
    Hello,
    NotReady,
    RateLimited,
    TooManyConnections,
    UserMessage,
    decode,
    parse_frame,
)
from web.keys import config_key, conversations_key, flows_key, hub_key, shops_key
from web.middleware import request_locale
from web.observability import FAQ_EVENTS, metrics_key
from web.widget.frames import FRAME_HANDLERS, after_message
from web.widget.guards import client_ip, guards_key
from web.widget.hub import Hub
from web.widget.origin import check_origin

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

EXTRA_FRAMES = frozenset(FRAME_HANDLERS)
#: Hard limit where aiohttp closes the socket; below it, oversized frames get an error frame.
HARD_FRAME_LIMIT = 1024 * 1024


@routes.get("/ws")
async def widget_ws(request: web.Request) -> web.WebSocketResponse:
    shop_id = request.query.get("shop")
    if shop_id:
        try:
            shop = await request.app[shops_key].get(shop_id)
        except UnknownShop:
            pass  # reported as an error frame, where the widget can show it
        else:
            check_origin(request, shop)  # a foreign page gets 403 before the upgrade
    guards, metrics = request.app[guards_key], request.app[metrics_key]
    ip = client_ip(request)
    if not await guards.connections.acquire(ip):
        raise TooManyConnections(detail=ip)
    try:
        ws = web.WebSocketResponse(heartbeat=30, max_msg_size=HARD_FRAME_LIMIT)
        await ws.prepare(request)
        hub = request.app[hub_key]
        hub.add(ws)
        metrics.ws_connections.inc()
        connection = Connection(request, ws, hub)
        watchdog = asyncio.create_task(
            _close_without_hello(connection, request.app[config_key].hello_timeout_s)
        )
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await connection.on_text(msg.data)
                elif msg.type is WSMsgType.BINARY:
                    await connection.send_error(BadFrame(detail="binary frame"))
        finally:
            watchdog.cancel()
            await hub.remove(ws, connection.conversation_id)
            metrics.ws_connections.dec()
    finally:
        await guards.connections.release(ip)
    return ws


async def _close_without_hello(connection: Connection, seconds: float) -> None:
    """A socket that has not said hello in time is closed: an idle socket costs a slot of
    the per-IP limit and memory, and a widget says hello at once."""
    await asyncio.sleep(seconds)
    if connection.session is None and not connection.ws.closed:
        await connection.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"no hello")


#: A message's ``client_id`` read without decoding the frame (for the rate-limited error).
_CLIENT_ID = re.compile(r'"client_id"\s*:\s*"([A-Za-z0-9_.:-]{1,64})"')


def _client_id_only(raw: str) -> dict[str, Any] | None:
    found = _CLIENT_ID.search(raw, 0, 16 * 1024)
    return {"client_id": found.group(1)} if found else None


def frame_type(frame: object) -> str:
    if isinstance(frame, ClientFrame):
        return frame.type
    return "hello" if isinstance(frame, Hello) else "message"


class Connection:
    def __init__(self, request: web.Request, ws: web.WebSocketResponse, hub: Hub) -> None:
        self.request = request
        self.ws = ws
        self.hub = hub
        self.engine: ConversationEngine = request.app[conversations_key]
        self.max_bytes = request.app[config_key].max_frame_bytes
        self.session: ChatSession | None = None
        self.locale = request_locale(request)
        self.limiter = request.app[guards_key].frame_limiter()
        self.metrics = request.app[metrics_key]
        #: Names this connection on the live bus, so it does not get its own events back.
        self.id = uuid.uuid4().hex
        self.last_typing: datetime | None = None

    @property
    def conversation_id(self) -> str | None:
        return self.session.conversation_id if self.session else None

    async def on_text(self, raw: str) -> None:
        data: dict[str, Any] | None = None
        try:
            # Every frame costs a token before any parsing, whatever it holds: a flood of
            # frames that fail to decode is throttled like any other.
            if not self.limiter.allow("frames"):
                data = _client_id_only(raw)  # so the widget knows which message to resend
                raise RateLimited(detail="frames per second")
            if len(raw) > self.max_bytes:
                raise FrameTooLarge(detail=f"{len(raw)} characters")
            data = decode(raw)
            frame = parse_frame(data, EXTRA_FRAMES)
            self.metrics.frames.labels(frame_type(frame)).inc()
            if isinstance(frame, Hello):
                await self._hello(frame)
            elif isinstance(frame, UserMessage):
                await self._message(frame)
            elif isinstance(frame, ClientFrame):
                if self.session is None:
                    raise NotReady()
                await FRAME_HANDLERS[frame.type](self, self.session, frame.data)
        except AssistantError as exc:
            await self.send_error(exc, data)
        except Exception:
            log.exception("widget frame failed", extra={"conversation_id": self.conversation_id})
            await self.send_error(AssistantError(), data)

    async def _hello(self, hello: Hello) -> None:
        query_shop = self.request.query.get("shop")
        if query_shop and query_shop != hello.shop:
            raise BadFrame(detail="hello.shop differs from the shop in the URL")
        shop = await self.engine.shops.get(hello.shop)
        check_origin(self.request, shop)
        previous = self.conversation_id
        welcome = await self.engine.open(hello)
        welcome.session.origin = self.id
        self.session = welcome.session
        self.session.client_ip = client_ip(self.request)
        self.locale = welcome.session.locale
        if previous and previous != self.conversation_id:
            await self.hub.leave(self.ws, previous)
        if self.conversation_id:
            await self.hub.join(self.conversation_id, self.ws, self.id)
        frame = {
            "type": "welcome",
            "v": PROTOCOL_VERSION,
            "shop": welcome.session.shop.id,
            "visitor": welcome.session.visitor_id,
            "conversation": welcome.session.conversation_id,
            "locale": welcome.session.locale,
            "history": welcome.history,
            "greeting": welcome.greeting,
            "status": welcome.status,
            "agent": welcome.agent,
        }
        resume = await self.request.app[flows_key].resume_offer(
            self.conversation_id, welcome.session.locale
        )
        if resume is not None:
            frame["resume"] = resume  # a checkout left earlier: offer to continue
        await self.send(frame)

    async def _message(self, message: UserMessage) -> None:
        if self.session is None:
            raise NotReady()
        started = time.perf_counter()
        before = self.session.conversation_id
        outcome = await self.engine.handle(self.session, message)
        self.metrics.message_seconds.observe(time.perf_counter() - started)
        if not outcome.duplicate:
            self.metrics.messages.inc()
            for event in outcome.events:
                if event.type in FAQ_EVENTS:
                    self.metrics.faq_decisions.labels(FAQ_EVENTS[event.type]).inc()
        if before != outcome.conversation_id:
            # A first message, or the old conversation was closed and this one is new.
            await self.hub.leave(self.ws, before)
            await self.hub.join(outcome.conversation_id, self.ws, self.id)
        await self.send(
            {"type": "ack", "client_id": outcome.client_id, "conversation": outcome.conversation_id}
        )
        if outcome.reply is not None:
            await self.send({"type": "reply", **outcome.reply})
        await after_message(self, self.session, outcome)

    async def send(self, frame: dict[str, Any]) -> None:
        if not self.ws.closed:
            await self.ws.send_json(frame)

    async def send_error(self, exc: AssistantError, data: dict[str, Any] | None = None) -> None:
        self.metrics.errors.labels(exc.code).inc()
        frame: dict[str, Any] = {
            "type": "error",
            "code": exc.code,
            "message": exc.user_message(pick_locale(self.locale)),
        }
        client_id = data.get("client_id") if isinstance(data, dict) else None
        if isinstance(client_id, str) and len(client_id) <= 64:
            frame["client_id"] = client_id
        if not self.ws.closed:
            await self.ws.send_json(frame)
