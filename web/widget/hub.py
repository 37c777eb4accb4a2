"""Live widget connections by conversation, fed by the live bus.

The hub subscribes to ``conversation:<id>`` while at least one widget of that conversation is
connected here, and turns bus events into widget frames: messages from elsewhere (an agent,
a system notice, the shopper's other tab) become ``reply`` frames, an agent's typing becomes
``typing``, a change of owner becomes ``status``. Private events (notes) never reach a widget.
A connection does not get back what it caused itself (``origin``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

from assistant.live.bus import Event, LiveBus, Subscription, conversation_topic

log = logging.getLogger(__name__)


def widget_frame(event: Event) -> dict[str, Any] | None:
    """The frame a shopper's widget gets for a bus event, or ``None`` (not for shoppers)."""
    kind = event.get("kind")
    if kind == "message":
        return {"type": "reply", **event["message"]}
    if kind == "typing" and event.get("author") == "agent":
        agent = event.get("agent") or {}
        return {"type": "typing", "author": "agent", "name": agent.get("name")}
    if kind == "status":
        return {"type": "status", "status": event["status"], "agent": event.get("agent")}
    if kind == "frame":  # a ready-made widget frame, e.g. the cart after a checkout changed it
        return dict(event["frame"])
    return None


class Hub:
    def __init__(self, bus: LiveBus) -> None:
        self._bus = bus
        self._members: dict[str, dict[web.WebSocketResponse, str]] = {}
        self._subs: dict[str, Subscription] = {}
        self._subscribing: set[str] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    def add(self, ws: web.WebSocketResponse) -> None:
        self.sockets.add(ws)

    async def join(self, conversation_id: str, ws: web.WebSocketResponse, origin: str) -> None:
        self._members.setdefault(conversation_id, {})[ws] = origin
        if conversation_id in self._subs or conversation_id in self._subscribing:
            return
        self._subscribing.add(conversation_id)
        try:
            sub = await self._bus.subscribe([conversation_topic(conversation_id)], self._deliver)
        finally:
            self._subscribing.discard(conversation_id)
        if self._members.get(conversation_id):
            self._subs[conversation_id] = sub
        else:  # everyone left while we subscribed
            await sub.close()

    async def leave(self, ws: web.WebSocketResponse, conversation_id: str | None) -> None:
        if conversation_id is None:
            return
        members = self._members.get(conversation_id)
        if members is None:
            return
        members.pop(ws, None)
        if not members:
            del self._members[conversation_id]
            sub = self._subs.pop(conversation_id, None)
            if sub is not None:
                await sub.close()

    async def remove(self, ws: web.WebSocketResponse, conversation_id: str | None) -> None:
        self.sockets.discard(ws)
        await self.leave(ws, conversation_id)

    def watching(self, conversation_id: str) -> int:
        return len(self._members.get(conversation_id, ()))

    async def _deliver(self, event: Event) -> None:
        frame = widget_frame(event)
        if frame is None:
            return
        origin = event.get("origin")
        members = self._members.get(event.get("conversation", ""), {})
        for ws, ws_origin in list(members.items()):
            if ws.closed or (origin is not None and ws_origin == origin):
                continue
            try:
                await ws.send_json(frame)
            except (ConnectionError, RuntimeError):
                log.debug("dropping a closed socket of conversation %s", event.get("conversation"))

    async def close_all(self, code: int, message: bytes) -> None:
        await asyncio.gather(
            *(ws.close(code=code, message=message) for ws in list(self.sockets)),
            return_exceptions=True,
        )
