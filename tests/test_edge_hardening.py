"""Hardening at the edge: /metrics protected, sockets without hello closed, widget ids from
the browser's cryptographic random source. Over the real HTTP/WebSocket server."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from web.app import create_app
from web.keys import sessions_key

HELLO = {"type": "hello", "v": 1, "shop": "demo", "visitor": "hard", "locale": "de"}
TOKEN = "metrics-token-0123456789"


async def _client(aiohttp_client: Any, config: Config, **changes: Any) -> Any:
    app = create_app(config.replace(**changes))
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def test_metrics_without_a_token_only_for_this_machine(
    aiohttp_client: Any, config: Config
) -> None:
    client = await _client(aiohttp_client, config)
    local = await client.get("/metrics")
    assert local.status == 200 and "shopassist_" in await local.text()
    # The same request passed on by a reverse proxy on this machine: someone else's.
    proxied = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.1"})
    assert proxied.status == 403


async def test_metrics_with_a_token_need_it(aiohttp_client: Any, config: Config) -> None:
    client = await _client(aiohttp_client, config, metrics_token=TOKEN)
    assert (await client.get("/metrics")).status == 401
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer " + "x" * 24})
    assert wrong.status == 401 and wrong.headers["WWW-Authenticate"].startswith("Bearer")
    right = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status == 200 and "shopassist_" in await right.text()
    forwarded = {"Authorization": f"Bearer {TOKEN}", "X-Forwarded-For": "203.0.113.1"}
    assert (await client.get("/metrics", headers=forwarded)).status == 200  # from anywhere


async def test_a_socket_without_hello_is_closed_and_one_with_hello_stays(
    aiohttp_client: Any, config: Config
) -> None:
    client = await _client(aiohttp_client, config, hello_timeout_s=0.5)
    talker = await client.ws_connect("/ws?shop=demo")
    silent = await client.ws_connect("/ws?shop=demo")
    await talker.send_json(HELLO)
    assert (await talker.receive_json(timeout=20))["type"] == "welcome"
    closing = await silent.receive(timeout=10)
    assert closing.type is aiohttp.WSMsgType.CLOSE
    assert closing.data == aiohttp.WSCloseCode.POLICY_VIOLATION
    # The talker opened first, so its deadline has passed too: it stays open and answers.
    await talker.send_json({"type": "message", "client_id": "late", "text": "Versand?"})
    assert (await talker.receive_json(timeout=20))["type"] == "ack"
    await talker.close()


async def test_a_bad_hello_does_not_keep_a_socket_open(aiohttp_client: Any, config: Config) -> None:
    client = await _client(aiohttp_client, config, hello_timeout_s=0.5)
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json({**HELLO, "v": 99})
    assert (await ws.receive_json(timeout=20))["code"] == "unsupported_version"
    assert (await ws.receive(timeout=10)).type is aiohttp.WSMsgType.CLOSE


@pytest.fixture
async def widget_js(demo_client: Any) -> str:
    page = await (await demo_client.get("/demo")).text()
    src = re.search(r'src="(/widget\.js)"', page)
    assert src, "the demo page loads no widget.js"
    resp = await demo_client.get(src.group(1))
    assert resp.status == 200
    return str(await resp.text())


async def test_widget_ids_come_from_crypto_get_random_values(widget_js: str) -> None:
    uid = re.search(r"function uid\(\) \{(.*?)\n  \}", widget_js, re.S)
    assert uid, "no uid() in the served widget.js"
    assert "crypto.getRandomValues" in uid.group(1)
    assert "Math.random" not in uid.group(1)
    # Math.random is left only for timing jitter, never for an id.
    for line in widget_js.splitlines():
        if "Math.random" in line:
            assert "delay" in line or "setTimeout" in line, line
