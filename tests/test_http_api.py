"""The HTTP fallback of the widget protocol, the health check and what a dead database does."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Message
from web.app import create_app
from web.keys import sessions_key

BODY = {
    "v": 1,
    "shop": "demo",
    "visitor": "http-visitor",
    "locale": "de",
    "client_id": "h1",
    "text": "Wie lange dauert der Versand?",
}


async def _messages(client: Any) -> int:
    async with client.app[sessions_key]() as db:
        return int((await db.exec(select(func.count()).select_from(Message))).one())


async def test_post_message_answers_and_is_idempotent(any_db_client: Any) -> None:
    first = await any_db_client.post("/api/v1/messages", json=BODY)
    assert first.status == 200
    body = await first.json()
    assert body["ack"] == {"client_id": "h1"}
    assert "1-3 Werktage" in body["reply"]["text"]
    again = await (await any_db_client.post("/api/v1/messages", json=BODY)).json()
    assert again == body
    assert await _messages(any_db_client) == 2


async def test_history_endpoint(demo_client: Any) -> None:
    body = await (await demo_client.post("/api/v1/messages", json=BODY)).json()
    resp = await demo_client.get(
        "/api/v1/history",
        params={"shop": "demo", "visitor": "http-visitor", "conversation": body["conversation"]},
    )
    history = await resp.json()
    assert [m["direction"] for m in history["messages"]] == ["in", "out"]
    resp = await demo_client.get(
        "/api/v1/history",
        params={"shop": "demo", "visitor": "http-visitor", "after": str(body["reply"]["id"])},
    )
    assert (await resp.json())["messages"] == []


async def test_http_errors_have_stable_codes(demo_client: Any) -> None:
    cases = [
        (b"{nope", 400, "bad_frame"),
        (b'{"v": 1, "shop": "demo", "client_id": "x", "text": ""}', 400, "empty_text"),
        (b'{"v": 1, "shop": "zzz", "client_id": "x", "text": "hi"}', 404, "unknown_shop"),
        (b'{"v": 3, "shop": "demo", "client_id": "x", "text": "hi"}', 400, "unsupported_version"),
        (b"x" * 100_000, 413, "frame_too_large"),
    ]
    for raw, status, code in cases:
        resp = await demo_client.post(
            "/api/v1/messages", data=raw, headers={"Content-Type": "application/json"}
        )
        assert resp.status == status, (raw[:40], await resp.text())
        assert (await resp.json())["code"] == code
    assert await _messages(demo_client) == 0


async def test_http_origin_check_and_cors(demo_client: Any) -> None:
    resp = await demo_client.post(
        "/api/v1/messages", json=BODY, headers={"Origin": "https://evil.example"}
    )
    assert resp.status == 403
    assert (await resp.json())["code"] == "origin_not_allowed"
    own = str(demo_client.make_url("/")).rstrip("/")
    resp = await demo_client.post("/api/v1/messages", json=BODY, headers={"Origin": own})
    assert resp.status == 200
    assert resp.headers["Access-Control-Allow-Origin"] == own


async def test_healthz(demo_client: Any) -> None:
    resp = await demo_client.get("/healthz")
    assert resp.status == 200
    assert await resp.json() == {"status": "ok", "database": "ok"}


async def test_locked_database_gives_storage_unavailable_and_loses_nothing(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    """While another process holds the write lock, the message is refused with a retryable
    error (not acknowledged); once the lock is gone the resend is stored exactly once."""
    config = Config(database_url=sqlite_url, db_timeout_s=0.5).validated()
    app = create_app(config)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json({"type": "hello", "v": 1, "shop": "demo", "visitor": "v", "locale": "de"})
    await ws.receive_json(timeout=20)

    blocker = sqlite3.connect(make_url(sqlite_url).database, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        await ws.send_json({"type": "message", "client_id": "m1", "text": "Versandkosten?"})
        # Within about the configured 0.5 s, not SQLite's own wait for the lock (was 10 s).
        error = await ws.receive_json(timeout=6)
        assert (error["code"], error["client_id"]) == ("storage_unavailable", "m1")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    await asyncio.sleep(0)  # the widget retries after a pause; the test just resends
    await ws.send_json({"type": "message", "client_id": "m1", "text": "Versandkosten?"})
    frames = [await ws.receive_json(timeout=15) for _ in range(2)]
    assert [f["type"] for f in frames] == ["ack", "reply"]
    assert await _messages(client) == 2


async def test_a_page_learns_why_its_origin_is_refused_and_only_that(demo_client: Any) -> None:
    """The widget asks this when its socket was refused: the answer is readable by the page
    (CORS), in the page's language, and says nothing but whether the origin is allowed."""
    foreign = {"Origin": "https://elsewhere.example"}
    resp = await demo_client.get("/api/v1/embed?shop=demo&locale=en", headers=foreign)
    assert resp.status == 403
    assert resp.headers["Access-Control-Allow-Origin"] == "https://elsewhere.example"
    body = await resp.json()
    assert body == {
        "type": "error",
        "code": "origin_not_allowed",
        "message": "This website may not embed this shop's assistant.",
    }
    resp = await demo_client.get("/api/v1/embed?shop=nope", headers=foreign)
    assert resp.status == 404 and (await resp.json())["code"] == "unknown_shop"
    own = str(demo_client.make_url("")).rstrip("/")
    resp = await demo_client.get("/api/v1/embed?shop=demo", headers={"Origin": own})
    assert resp.status == 200 and await resp.json() == {"ok": True}


async def test_a_new_visitors_messages_at_once_share_one_conversation(any_db_client: Any) -> None:
    """Two tabs of a first-time visitor send at once, one of them its message twice: each
    message is answered once, in one conversation of one customer."""
    first = {**BODY, "visitor": "two-tabs", "client_id": "t1"}
    second = {**first, "client_id": "t2", "text": "Kann ich mit PayPal zahlen?"}
    posts = [any_db_client.post("/api/v1/messages", json=b) for b in (first, second, first)]
    replies = await asyncio.gather(*posts)
    assert [r.status for r in replies] == [200, 200, 200]
    bodies = [await r.json() for r in replies]
    assert len({b["conversation"] for b in bodies}) == 1
    assert bodies[2] == bodies[0]
    assert [b["ack"]["client_id"] for b in bodies] == ["t1", "t2", "t1"]
    assert await _messages(any_db_client) == 4
