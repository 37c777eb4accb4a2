"""A subscriber's endpoint for the outgoing webhook tests: a real aiohttp server on the loopback
that records every request and answers with the statuses a test queues (then 200)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


@dataclass
class Receiver:
    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(Received(dict(request.headers), await request.read()))
        self.arrived.set()
        return web.Response(status=self.answers.pop(0) if self.answers else 200, text="ok")

    def of(self, topic: str) -> list[Received]:
        return [r for r in self.received if r.json["type"] == topic]


async def start_receiver(aiohttp_server: Any, *answers: int) -> Receiver:
    receiver = Receiver(answers=list(answers))
    app = web.Application()
    app.router.add_post("/hooks", receiver.handle)
    server = await aiohttp_server(app, host="127.0.0.1")
    receiver.url = f"http://127.0.0.1:{server.port}/hooks"
    return receiver
