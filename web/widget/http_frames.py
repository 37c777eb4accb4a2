"""The WebSocket's features for a widget that has no WebSocket (a proxy that blocks the
upgrade, an old browser): every client frame over ``POST /api/v1/frames``, and what the server
would have pushed (agent replies, typing, status, the cart) over the long poll
``GET /api/v1/events``. The frames are handled by the same handlers as on the socket."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from aiohttp import web

from assistant.errors import BadFrame
from assistant.live.bus import Event, conversation_topic
from assistant.protocol import PROTOCOL_VERSION, ClientFrame, Hello, parse_frame, parse_hello
from web.keys import bus_key, conversations_key, shops_key
from web.widget.frames import FRAME_HANDLERS
from web.widget.http import cors, json_body
from web.widget.hub import widget_frame
from web.widget.origin import check_origin

routes = web.RouteTableDef()

#: How long a poll waits for something to happen before it answers with nothing.
POLL_SECONDS = 25.0
#: The polls waiting right now, ended at shutdown so that no request holds the server up.
waiters_key = web.AppKey("http_poll_waiters", set[asyncio.Event])


class _NoHub:
    """An HTTP request joins no live conversation: the long poll reads it instead."""

    async def join(self, conversation_id: str, ws: object, origin: str) -> None:
        return None

    async def leave(self, ws: object, conversation_id: str | None) -> None:
        return None


class HttpConnection:
    """What the frame handlers need of a connection, for one HTTP request: the frames they
    send are collected and become the response."""

    def __init__(self, request: web.Request) -> None:
        self.request = request
        self.ws = None
        self.hub = _NoHub()
        self.id = uuid.uuid4().hex
        self.last_typing: datetime | None = None
        self.frames: list[dict[str, Any]] = []

    async def send(self, frame: dict[str, Any]) -> None:
        self.frames.append(frame)


@routes.post("/api/v1/frames")
async def post_frame(request: web.Request) -> web.StreamResponse:
    """``{v, shop, visitor, locale, conversation, frame: {type, ...}}``: one client frame
    (``cart``, ``feedback``, ``identify``, ``track``, ...), answered with the frames the socket
    would have sent back: ``{type: "frames", conversation, frames[]}``."""
    data = await json_body(request)
    frame_data = data.get("frame")
    if not isinstance(frame_data, dict):
        raise BadFrame(detail="frame must be an object")
    frame = parse_frame(frame_data, frozenset(FRAME_HANDLERS))
    if not isinstance(frame, ClientFrame):
        raise BadFrame(detail="hello and message have their own endpoints")
    hello = parse_hello(data)
    engine = request.app[conversations_key]
    shop = await request.app[shops_key].get(hello.shop)
    check_origin(request, shop)
    welcome = await engine.open(hello)
    welcome.session.client_ip = request.remote
    conn = HttpConnection(request)
    welcome.session.origin = conn.id
    await FRAME_HANDLERS[frame.type](conn, welcome.session, frame.data)  # type: ignore[arg-type]
    body = {
        "type": "frames",
        "visitor": welcome.session.visitor_id,
        "conversation": welcome.session.conversation_id,
        "frames": conn.frames,
    }
    return cors(request, web.json_response(body))


def _poll_hello(request: web.Request) -> Hello:
    query = dict(request.query)
    try:
        after = int(query["after"]) if query.get("after") else None
    except ValueError:
        raise BadFrame(detail="after must be a message id") from None
    return parse_hello({**query, "v": PROTOCOL_VERSION, "after": after})


@routes.get("/api/v1/events")
async def poll_events(request: web.Request) -> web.StreamResponse:
    """``?shop=&visitor=&conversation=&after=``: the messages after ``after`` at once if there
    are any, else waits (up to :data:`POLL_SECONDS`) for the next thing the conversation's
    widget would be sent. Answers ``{type: "events", conversation, frames[]}``; messages come
    as ``reply`` frames, as on the socket."""
    hello = _poll_hello(request)
    shop = await request.app[shops_key].get(hello.shop)
    check_origin(request, shop)
    engine = request.app[conversations_key]
    welcome = await engine.open(hello)
    conversation = welcome.session.conversation_id
    if conversation is None:  # nothing said yet: nothing to wait for
        return cors(
            request, web.json_response({"type": "events", "conversation": None, "frames": []})
        )
    frames: list[dict[str, Any]] = []
    history = welcome.history
    if not history:
        async with _listening(request, conversation, frames) as happened:
            # Read again now that nothing can slip between the read and the subscription.
            history = await engine.history(welcome.session, hello.after)
            if not history and not frames:
                try:
                    async with asyncio.timeout(POLL_SECONDS):
                        await happened.wait()
                except TimeoutError:
                    pass
                history = await engine.history(welcome.session, hello.after)
    body = {
        "type": "events",
        "conversation": conversation,
        "frames": [{"type": "reply", **m} for m in history] + frames,
    }
    return cors(request, web.json_response(body))


class _Listening:
    """Collects what the conversation's widget would be pushed, and says that it happened."""

    def __init__(self, frames: list[dict[str, Any]]) -> None:
        self.frames = frames
        self.happened = asyncio.Event()

    async def __call__(self, event: Event) -> None:
        frame = widget_frame(event)
        if frame is None:
            return
        if frame["type"] != "reply":  # messages are read from the database, in order
            self.frames.append(frame)
        self.happened.set()


@asynccontextmanager
async def _listening(
    request: web.Request, conversation: str, frames: list[dict[str, Any]]
) -> AsyncIterator[asyncio.Event]:
    listener = _Listening(frames)
    waiters = request.app[waiters_key]
    waiters.add(listener.happened)
    sub = await request.app[bus_key].subscribe([conversation_topic(conversation)], listener)
    try:
        yield listener.happened
    finally:
        waiters.discard(listener.happened)
        await sub.close()


async def end_polls(app: web.Application) -> None:
    """At shutdown: every waiting poll answers now (with whatever it has)."""
    waiting: set[asyncio.Event] = app[waiters_key]
    for happened in list(waiting):
        happened.set()
