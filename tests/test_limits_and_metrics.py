"""Abuse limits, request ids, Prometheus metrics and structured logs."""

from __future__ import annotations

import json
import logging
from typing import Any

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.logs import JsonFormatter, setup_logging
from assistant.security.ratelimit import ConnectionCounter, RateLimiter
from web.app import create_app
from web.keys import sessions_key

HELLO = {"type": "hello", "v": 1, "shop": "demo", "visitor": "lim", "locale": "de"}


def test_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2, burst=3, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("a") == 0.5
    now[0] = 0.5
    assert limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b")  # keys are independent


def test_token_bucket_memory_stays_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=1, burst=1, clock=lambda: now[0], max_keys=100)
    for i in range(1000):
        now[0] += 0.001
        limiter.allow(f"ip-{i}")
    assert len(limiter._buckets) <= 100


def test_connection_counter() -> None:
    counter = ConnectionCounter(limit=2)
    assert counter.acquire("ip") and counter.acquire("ip") and not counter.acquire("ip")
    counter.release("ip")
    assert counter.acquire("ip") and counter.total() == 2


async def _client(aiohttp_client: Any, sqlite_url: str, **limits: Any) -> Any:
    app = create_app(Config(database_url=sqlite_url, **limits).validated())
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def test_flooding_frames_is_rate_limited_and_nothing_is_lost(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    client = await _client(aiohttp_client, sqlite_url, frames_per_second=1.0, frame_burst=3)
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(HELLO)
    await ws.receive_json(timeout=20)
    for i in range(3):
        await ws.send_json({"type": "message", "client_id": f"m{i}", "text": "Versand?"})
    frames = [await ws.receive_json(timeout=20) for _ in range(5)]
    errors = [f for f in frames if f["type"] == "error"]
    assert [(e["code"], e.get("client_id")) for e in errors] == [("rate_limited", "m2")]
    assert [f["client_id"] for f in frames if f["type"] == "ack"] == ["m0", "m1"]
    # hello took the first token; the widget keeps m2 and resends it a little later


async def test_too_many_connections_from_one_ip(aiohttp_client: Any, sqlite_url: str) -> None:
    client = await _client(aiohttp_client, sqlite_url, max_connections_per_ip=2)
    first = await client.ws_connect("/ws?shop=demo")
    await client.ws_connect("/ws?shop=demo")
    resp = await client.get(
        "/ws?shop=demo",
        headers={
            "Connection": "Upgrade",
            "Upgrade": "websocket",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
    )
    assert resp.status == 429
    assert (await resp.json())["code"] == "too_many_connections"
    await first.close()
    third = await client.ws_connect("/ws?shop=demo")  # a slot is free again
    await third.send_json(HELLO)
    assert (await third.receive_json(timeout=20))["type"] == "welcome"


async def test_http_api_rate_limit_has_retry_after(aiohttp_client: Any, sqlite_url: str) -> None:
    client = await _client(aiohttp_client, sqlite_url, http_requests_per_second=1.0, http_burst=2)
    statuses = []
    for _ in range(3):
        resp = await client.get("/api/v1/history", params={"shop": "demo", "visitor": "x"})
        statuses.append(resp.status)
    assert statuses == [200, 200, 429]
    assert int(resp.headers["Retry-After"]) >= 1
    assert (await resp.json())["code"] == "rate_limited"


async def test_request_id_is_echoed_or_made(demo_client: Any) -> None:
    resp = await demo_client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert resp.headers["X-Request-Id"] == "abc-123"
    resp = await demo_client.get("/healthz", headers={"X-Request-Id": "<script>"})
    assert len(resp.headers["X-Request-Id"]) == 32


async def test_prometheus_metrics(demo_client: Any) -> None:
    ws = await demo_client.ws_connect("/ws?shop=demo")
    await ws.send_json(HELLO)
    await ws.receive_json(timeout=20)
    await ws.send_json(
        {"type": "message", "client_id": "a", "text": "Wie lange dauert der Versand?"}
    )
    await ws.receive_json(timeout=20)
    await ws.receive_json(timeout=20)
    await ws.send_str("nope")
    await ws.receive_json(timeout=20)
    text = await (await demo_client.get("/metrics")).text()
    assert "shopassist_ws_connections 1.0" in text
    assert "shopassist_messages_total 1.0" in text
    assert 'shopassist_faq_decisions_total{decision="answer"} 1.0' in text
    assert 'shopassist_errors_total{code="bad_frame"} 1.0' in text
    assert "shopassist_message_seconds_bucket" in text
    text = await (await demo_client.get("/metrics")).text()
    assert 'route="/metrics",status="200"' in text


def test_json_logs_carry_ids_and_hide_secrets(capsys: Any) -> None:
    setup_logging("INFO", "json")
    from assistant import logs

    token = logs.conversation_id.set("conv-1")
    try:
        logging.getLogger("t").info("stored", extra={"shop_secret": "s3cr3t", "text": "Hallo Welt"})
    finally:
        logs.conversation_id.reset(token)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["msg"] == "stored" and line["conversation_id"] == "conv-1"
    assert line["shop_secret"] == "***" and line["text"] == "<10 chars>"
    assert isinstance(JsonFormatter().format(logging.makeLogRecord({"msg": "x"})), str)
