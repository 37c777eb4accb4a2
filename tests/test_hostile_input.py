"""Hostile input at the edge, over the real HTTP and WebSocket server: deeply nested JSON,
request bodies that arrive in pieces."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.security.signing import webhook_signature
from tests.lifecycle_helpers import order_event, webhook_secret
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
    assert (await ws.receive_json(timeout=20))["type"] == "welcome"
    with caplog.at_level(logging.INFO):
        await ws.send_str(frame)
        error = await ws.receive_json(timeout=20)
    assert (error["type"], error["code"]) == ("error", "bad_frame")
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    await ws.send_json({"type": "message", "client_id": "after", "text": "Versand?"})
    assert (await ws.receive_json(timeout=20))["type"] == "ack"  # the socket stays usable


async def test_frames_that_fail_to_decode_are_still_rate_limited(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    """The attack sent 60 nested frames in 0.05 s and none was counted."""
    client = await _client(aiohttp_client, sqlite_url, frames_per_second=0.01, frame_burst=5)
    ws = await client.ws_connect("/ws?shop=demo")
    for _ in range(8):
        await ws.send_str(NESTED)
    codes = [(await ws.receive_json(timeout=20))["code"] for _ in range(8)]
    assert codes == ["bad_frame"] * 5 + ["rate_limited"] * 3


async def test_rate_limited_message_still_names_its_client_id(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    """The limiter runs before decoding, but the widget still learns which message to resend."""
    client = await _client(aiohttp_client, sqlite_url, frames_per_second=0.01, frame_burst=1)
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(HELLO)
    assert (await ws.receive_json(timeout=20))["type"] == "welcome"
    await ws.send_json({"type": "message", "client_id": "m-1", "text": "Versand?"})
    error = await ws.receive_json(timeout=20)
    assert (error["code"], error["client_id"]) == ("rate_limited", "m-1")


@pytest.mark.parametrize("path", ["/api/v1/messages", "/api/v1/identify"])
async def test_deeply_nested_body_over_http_is_400_not_500(
    aiohttp_client: Any, sqlite_url: str, path: str
) -> None:
    client = await _client(aiohttp_client, sqlite_url)
    resp = await client.post(path, data=NESTED, headers={"Content-Type": "application/json"})
    assert resp.status == 400
    assert (await resp.json())["code"] == "bad_frame"


async def _raw_post(
    port: int, path: str, headers: dict[str, str], parts: list[bytes], pause: float = 0.3
) -> tuple[int, bytes]:
    """POST ``parts`` as separate TCP writes with a pause between them; the status and body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
    for i, part in enumerate(parts):
        if i:
            await asyncio.sleep(pause)  # nothing to await: the segments must arrive apart
        writer.write(part)
        await writer.drain()
    response = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    status_line, _, rest = response.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


async def test_signed_webhook_in_two_tcp_segments_is_accepted(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    client = await _client(aiohttp_client, sqlite_url)
    secret = await webhook_secret(client)
    event = order_event("evt-split", "A-7", "12.50", customer={"id": "c-7", "email": "a@b.de"})
    body = json.dumps(event).encode()
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        "X-ShopAssistant-Timestamp": ts,
        "X-ShopAssistant-Signature": webhook_signature(secret, ts, body),
    }
    half = len(body) // 2
    status, answer = await _raw_post(
        client.port, "/api/v1/webhooks/demo", headers, [body[:half], body[half:]]
    )
    assert status == 200, answer
    assert json.loads(answer)["status"] == "stored"


async def test_widget_message_in_two_tcp_segments_is_answered(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    client = await _client(aiohttp_client, sqlite_url)
    message = {**HELLO, "client_id": "split-1", "text": "Wie lange dauert der Versand?"}
    body = json.dumps(message).encode()
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    status, answer = await _raw_post(
        client.port, "/api/v1/messages", headers, [body[:20], body[20:]]
    )
    assert status == 200, answer
    assert "1-3 Werktage" in json.loads(answer)["reply"]["text"]


@pytest.mark.parametrize("chunked", [False, True])
async def test_webhook_over_the_limit_is_413(
    aiohttp_client: Any, sqlite_url: str, chunked: bool
) -> None:
    """With a Content-Length it is refused before reading; chunked, once the limit is passed."""
    client = await _client(aiohttp_client, sqlite_url)
    body = b'{"pad": "' + b"x" * (256 * 1024) + b'"}'
    headers = {"X-ShopAssistant-Timestamp": "1", "X-ShopAssistant-Signature": "sha256=00"}
    if chunked:

        async def pieces() -> Any:
            for i in range(0, len(body), 64 * 1024):
                yield body[i : i + 64 * 1024]

        resp = await client.post("/api/v1/webhooks/demo", data=pieces(), headers=headers)
    else:
        resp = await client.post("/api/v1/webhooks/demo", data=body, headers=headers)
    assert resp.status == 413
    assert (await resp.json())["code"] == "frame_too_large"
