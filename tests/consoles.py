"""Helpers for console tests: agents, signing in, the widget side, and reading the live
stream (server-sent events) of ``/console/live``."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from typing import Any

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.security.passwords import Cost
from assistant.storage.models import Conversation, Customer, Shop
from assistant.support.accounts import AgentAccount, create_agent
from tests.clock import FakeClock
from web.app import create_app
from web.keys import config_key, sessions_key

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


async def add_agent(
    app: Any,
    email: str,
    *,
    shops: tuple[str, ...] = ("demo",),
    admin: bool = False,
    name: str | None = None,
    locale: str = "de",
) -> AgentAccount:
    return await create_agent(
        app[sessions_key],
        email,
        PASSWORD,
        shops=shops,
        admin=admin,
        name=name,
        locale=locale,
        cost=Cost.of(app[config_key].password_cost_log2),
    )


def csrf_in(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def sign_in(client: Any, email: str, password: str = PASSWORD) -> str:
    """Signs in and returns the CSRF token of the signed-in session."""
    page = await client.get("/console/login")
    token = csrf_in(await page.text())
    resp = await client.post(
        "/console/login",
        data={"_csrf": token, "email": email, "password": password, "next": "/console/"},
        allow_redirects=False,
    )
    assert resp.status == 303, await resp.text()
    inbox = await client.get("/console/")
    assert inbox.status == 200
    return csrf_in(await inbox.text())


async def act(client: Any, token: str, path: str, **form: str) -> Any:
    """A console action as console.js sends it (fetch, JSON answer)."""
    return await client.post(
        path,
        data={"_csrf": token, **form},
        headers={"Accept": "application/json", "X-CSRF-Token": token},
    )


HELLO = {"type": "hello", "v": 1, "shop": "demo", "locale": "de"}


async def widget(client: Any, visitor: str, **hello: Any) -> tuple[Any, dict[str, Any]]:
    ws = await client.ws_connect("/ws?shop=" + hello.get("shop", "demo"))
    await ws.send_json({**HELLO, "visitor": visitor, **hello})
    welcome = await ws.receive_json(timeout=20)
    assert welcome["type"] == "welcome", welcome
    return ws, welcome


async def say(ws: Any, client_id: str, text: str, **extra: Any) -> dict[str, Any]:
    """Send a message; returns the ack (the reply, if any, is left on the socket)."""
    await ws.send_json({"type": "message", "client_id": client_id, "text": text, **extra})
    ack = await ws.receive_json(timeout=20)
    assert ack["type"] == "ack", ack
    return ack


async def frames_until(ws: Any, kind: str, limit: int = 10) -> list[dict[str, Any]]:
    """Frames up to and including the first of type ``kind``."""
    seen = []
    for _ in range(limit):
        frame = await ws.receive_json(timeout=20)
        seen.append(frame)
        if frame["type"] == kind:
            return seen
    raise AssertionError(f"no {kind} frame in {seen}")


async def no_frame(ws: Any, wait: float = 0.3) -> None:
    """Nothing arrives (a bot that stays silent)."""
    try:
        frame = await ws.receive_json(timeout=wait)
    except TimeoutError:
        return
    raise AssertionError(f"unexpected frame {frame}")


class Stream:
    """``GET /console/live`` read event by event."""

    def __init__(self, resp: Any) -> None:
        self.resp = resp

    @classmethod
    async def open(cls, client: Any, conversation: str | None = None) -> Stream:
        url = "/console/live" + (f"?conversation={conversation}" if conversation else "")
        resp = await client.get(url, headers={"Accept": "text/event-stream"})
        assert resp.status == 200, await resp.text()
        stream = cls(resp)
        await stream.next("ready")
        return stream

    async def event(self) -> tuple[str, dict[str, Any]]:
        name, data = "", ""
        async with asyncio.timeout(5):
            while True:
                line = (await self.resp.content.readline()).decode()
                if line.startswith("event: "):
                    name = line[7:].strip()
                elif line.startswith("data: "):
                    data = line[6:].strip()
                elif line == "\n" and name:
                    return name, json.loads(data)

    async def next(self, name: str, limit: int = 20) -> dict[str, Any]:
        for _ in range(limit):
            got, data = await self.event()
            if got == name:
                return data
        raise AssertionError(f"no {name} event")

    def close(self) -> None:
        self.resp.close()


async def other_shop_conversation(app: Any, shop_id: str = "other") -> str:
    """A second shop with one conversation in it (stored the way the engine stores them)."""
    now = datetime.now(UTC)
    async with app[sessions_key]() as db:
        db.add(Shop(id=shop_id, name="Anderer Laden", allowed_origins=["self"], created_at=now))
        await db.flush()
        db.add(Customer(id=f"cust-{shop_id}", shop_id=shop_id, created_at=now, last_seen_at=now))
        await db.flush()
        db.add(
            Conversation(
                id=f"conv-{shop_id}",
                shop_id=shop_id,
                customer_id=f"cust-{shop_id}",
                status="waiting",
                created_at=now,
                updated_at=now,
                last_message_at=now,
            )
        )
        await db.commit()
    return f"conv-{shop_id}"


async def mailing_admin(
    aiohttp_client: Any, database_url: str, smtp_port: int, clock: FakeClock
) -> tuple[Any, Any, str]:
    """The demo shop on ``clock``, its e-mail going to the test SMTP server on ``smtp_port``
    (sent only by an explicit sweep), and an admin signed in: the app, the client and the
    admin's CSRF token."""
    config = Config(
        database_url=database_url,
        lifecycle_sweep_s=0,
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        password_cost_log2=10,
    ).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    await add_agent(app, "admin@example.com", admin=True)
    return app, client, await sign_in(client, "admin@example.com")
