"""Live widget connections by conversation, so a message from elsewhere (another tab of the
same shopper, later an agent) reaches every open window of that conversation."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)


class Hub:
    def __init__(self) -> None:
        self._by_conversation: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.sockets: set[web.WebSocketResponse] = set()

    def add(self, ws: web.WebSocketResponse) -> None:
        self.sockets.add(ws)

    def join(self, conversation_id: str, ws: web.WebSocketResponse) -> None:
        self._by_conversation[conversation_id].add(ws)

    def remove(self, ws: web.WebSocketResponse, conversation_id: str | None) -> None:
        self.sockets.discard(ws)
        if conversation_id is not None:
            members = self._by_conversation.get(conversation_id)
            if members is not None:
                members.discard(ws)
                if not members:
                    del self._by_conversation[conversation_id]

    async def publish(
        self, conversation_id: str, frame: dict[str, Any], skip: web.WebSocketResponse | None = None
    ) -> int:
        """Send ``frame`` to the conversation's other open windows; returns how many got it."""
        targets = [ws for ws in self._by_conversation.get(conversation_id, ()) if ws is not skip]
        sent = 0
        for ws in targets:
            if ws.closed:
                continue
            try:
                await ws.send_json(frame)
                sent += 1
            except (ConnectionError, RuntimeError):
                log.debug("dropping a closed socket of conversation %s", conversation_id)
        return sent

    async def close_all(self, code: int, message: bytes) -> None:
        await asyncio.gather(
            *(ws.close(code=code, message=message) for ws in list(self.sockets)),
            return_exceptions=True,
        )
