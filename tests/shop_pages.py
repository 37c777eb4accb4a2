"""A shop's own web server on another origin (another port) serving pages that embed the
widget, as every real shop does: for the embed and getting-started browser tests."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from aiohttp import web

from tests.servers import free_port

#: Renders the page; gets the request (a shop's server renders per visitor).
Render = Callable[[web.Request], str]


class ShopPage:
    """An aiohttp server in its own thread and loop, serving ``render`` at ``/``."""

    def __init__(self, render: Render | str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._render = render
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.requests: list[str] = []

    async def _index(self, request: web.Request) -> web.Response:
        self.requests.append(request.path)
        html = self._render if isinstance(self._render, str) else self._render(request)
        return web.Response(text=html, content_type="text/html")

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/", self._index)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def __enter__(self) -> ShopPage:
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(10), "the shop page server did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
