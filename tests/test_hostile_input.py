"""Hostile input at the edge, over the real HTTP and WebSocket server: deeply nested JSON,
request bodies that arrive in pieces."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from web.app import create_app
from web.keys import sessions_key

HELLO = {"type": "hello", "v": 1, "shop": "demo", "visitor": "hostile", "locale": "de"}
#: The attack's frame: 3 KB of opening brackets (json.loads raises RecursionError on it).
NESTED = "[" * 3000


async def _client(aiohttp_client: Any, sqlite_url: str, **limits: Any) -> Any:
    app = create_app(Config(database_url=sqlite_url, password_cost_log2=10, **limits).validated())
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


@pytest.mark.parametrize("frame", [NESTED, '{"a":' * 3000, '{"type": "message", "x": ' + NESTED])
async def test_deeply_nested_frame_is_a_bad_frame_without_traceback(
    aiohttp_client: Any, sqlite_url: str, frame: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = await _client(aiohttp_client, sqlite_url)
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=5))["type"] == "welcome"
    with caplog.at_level(logging.INFO):
        await ws.send_str(frame)
        error = await ws.receive_json(timeout=5)
    assert (error["type"], error["code"]) == ("error", "bad_frame")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    await ws.send_json({"type": "message", "client_id": "after", "text": "Versand?"})
    assert (await ws.receive_json(timeout=5))["type"] == "ack"  # the socket stays usable


async def test_frames_that_fail_to_decode_are_still_rate_limited(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    """The attack sent 60 nested frames in 0.05 s and none was counted."""
    client = await _client(aiohttp_client, sqlite_url, frames_per_second=0.01, frame_burst=5)
    ws = await client.ws_connect("/ws?shop=demo")
    for _ in range(8):
        await ws.send_str(NESTED)
    codes = [(await ws.receive_json(timeout=5))["code"] for _ in range(8)]
    assert codes == ["bad_frame"] * 5 + ["rate_limited"] * 3


async def test_rate_limited_message_still_names_its_client_id(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    """The limiter runs before decoding, but the widget still learns which message to resend."""
    client = await _client(aiohttp_client, sqlite_url, frames_per_second=0.01, frame_burst=1)
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=5))["type"] == "welcome"
    await ws.send_json({"type": "message", "client_id": "m-1", "text": "Versand?"})
    error = await ws.receive_json(timeout=5)
    assert (error["code"], error["client_id"]) == ("rate_limited", "m-1")


@pytest.mark.parametrize("path", ["/api/v1/messages", "/api/v1/identify"])
async def test_deeply_nested_body_over_http_is_400_not_500(
    aiohttp_client: Any, sqlite_url: str, path: str
) -> None:
    client = await _client(aiohttp_client, sqlite_url)
    resp = await client.post(path, data=NESTED, headers={"Content-Type": "application/json"})
    assert resp.status == 400
    assert (await resp.json())["code"] == "bad_frame"
