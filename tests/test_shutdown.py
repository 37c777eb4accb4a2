"""Graceful shutdown: on SIGTERM the server tells widgets to go elsewhere (close code 1001,
"going away"), finishes what it acknowledged, and exits cleanly."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import aiohttp
from sqlalchemy import func
from sqlmodel import select

from assistant.storage.engine import create_engine, session_factory
from assistant.storage.models import Message
from tests.servers import LiveServer, shopassist


async def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as db:
            return int((await db.exec(select(func.count()).select_from(Message))).one())
    finally:
        await engine.dispose()


async def test_sigterm_closes_widgets_with_going_away_and_keeps_everything(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'shutdown.db'}"
    assert (await asyncio.to_thread(shopassist, "demo", "load", "--database", db)).returncode == 0
    server = await asyncio.to_thread(LiveServer(db, tmp_path).start)
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.ws_connect(server.url.replace("http", "ws") + "/ws?shop=demo") as ws,
        ):
            await ws.send_json(
                {"type": "hello", "v": 1, "shop": "demo", "visitor": "bye", "locale": "de"}
            )
            await ws.receive_json(timeout=10)
            for i in range(5):
                await ws.send_json({"type": "message", "client_id": f"m{i}", "text": "Versand?"})
            acked = 0
            while acked < 5:
                frame = await ws.receive_json(timeout=10)
                acked += frame["type"] == "ack"
            assert server.proc is not None
            server.proc.send_signal(signal.SIGTERM)
            closing = await ws.receive(timeout=15)
            while closing.type is aiohttp.WSMsgType.TEXT:  # the last replies may still come
                closing = await ws.receive(timeout=15)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert ws.close_code == aiohttp.WSCloseCode.GOING_AWAY
        code = await asyncio.to_thread(server.proc.wait, 20)
        assert code == 0
    finally:
        server.stop()
    assert await _count(db) == 10
    assert "Traceback" not in server.log.read_text()
