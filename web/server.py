"""Running the app as a server process (used by ``shopassist serve``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from aiohttp import web

from assistant.config import Config
from web.app import create_app


def run(config: Config, announce: Callable[[str], None], reuse_port: bool = False) -> None:
    """Serve until SIGINT/SIGTERM; aiohttp then stops accepting, closes the widget sockets
    (they reconnect elsewhere), lets in-flight requests finish and runs the cleanup contexts.
    ``reuse_port``: one of several workers sharing the port (:mod:`web.workers`)."""
    web.run_app(
        create_app(config),
        loop=_event_loop(),
        host=config.host,
        port=config.port,
        print=announce,
        access_log=None,
        shutdown_timeout=10,
        handle_signals=True,
        reuse_port=reuse_port or None,
    )


def _event_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it is installed (Linux, macOS): the same asyncio, with its sockets, timers and
    callbacks in C, for a good part more messages per second; the standard loop elsewhere."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()
