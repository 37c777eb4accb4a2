"""Done-when 1: one shopper, from the first page view through questions, an order and a
repeat order to a referral, then away long enough to be at risk and won back; all through
the real WebSocket and HTTP endpoints, on a fake clock (no sleeping)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.lifecycle.replay import check_replay
from assistant.metrics.access import rotate_token
from tests.clock import FakeClock
from tests.lifecycle_helpers import (
    identify_frame,
    order_event,
    post_webhook,
    shop_secret,
    webhook_secret,
)
from web.app import create_app
from web.keys import actions_key, sessions_key

CUSTOMER = {"id": "c-100", "email": "lena@example.de", "name": "Lena"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def client(aiohttp_client: Any, database_url: str, clock: FakeClock) -> Any:
    config = Config(database_url=database_url, lifecycle_sweep_s=0).validated()
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


class Shopper:
    def __init__(self, client: Any, token: str) -> None:
        self.client = client
        self.auth = {"Authorization": f"Bearer {token}"}
        self.ws: Any = None

    async def visit(self, url: str) -> list[dict[str, Any]]:
        """A page load: hello, then the page view; returns any proactive frames."""
        if self.ws is not None:
            await self.ws.close()
        self.ws = await self.client.ws_connect("/ws?shop=demo")
        await self.ws.send_json(
            {"type": "hello", "v": 1, "shop": "demo", "visitor": "lena-browser", "locale": "de"}
        )
        assert (await self.ws.receive_json(timeout=20))["type"] == "welcome"
        await self.ws.send_json({"type": "page_view", "url": url})
        return await self.barrier()

    async def barrier(self) -> list[dict[str, Any]]:
        """Frames are handled in order: the answer to an empty cart means all before it are
        done; returns whatever else arrived meanwhile."""
        await self.ws.send_json({"type": "cart", "items": []})
        frames = []
        while (frame := await self.ws.receive_json(timeout=20))["type"] != "cart":
            frames.append(frame)
        return frames

    async def ask(self, text: str, client_id: str) -> dict[str, Any]:
        await self.ws.send_json({"type": "message", "client_id": client_id, "text": text})
        assert (await self.ws.receive_json(timeout=20))["type"] == "ack"
        return await self.ws.receive_json(timeout=20)

    async def profile(self) -> dict[str, Any]:
        response = await self.client.get("/api/v1/customers/c-100/lifecycle", headers=self.auth)
        assert response.status == 200, await response.text()
        return await response.json()


def _stages(profile: dict[str, Any]) -> list[tuple[str | None, str, str]]:
    return [(t["from"], t["to"], t["reason"]) for t in profile["transitions"]]


async def test_a_shopper_from_first_visit_to_advocacy_and_back(
    client: Any, clock: FakeClock
) -> None:
    secret = await shop_secret(client)
    async with client.app[sessions_key]() as db:
        token = await rotate_token(db, "demo", clock.now)
        await db.commit()
    lena = Shopper(client, token)

    # Day 0: the first page view (awareness), then two questions (engagement).
    await lena.visit("https://shop.example/")
    reply = await lena.ask("Wie lange dauert der Versand?", "q1")
    assert reply["type"] == "reply" and reply["text"]
    await lena.ask("Kann ich mit PayPal zahlen?", "q2")
    # She signs in: the shop's page calls ShopAssistant.identify with the server's hash.
    await lena.ws.send_json(identify_frame(secret, "c-100", email="lena@example.de"))
    assert (await lena.ws.receive_json(timeout=20))["type"] == "identified"
    first = await lena.profile()
    assert _stages(first)[:2] == [
        (None, "awareness", "first_contact"),
        ("awareness", "engagement", "engaged"),
    ]
    assert first["transitions"][0]["reason_text"]["de"] == "Erster Kontakt (page_view)"
    assert first["transitions"][1]["reason_text"]["en"] == "Engaged (message_sent)"

    # Day 1: the shop reports the first order (conversion).
    clock.advance(days=1)
    order = order_event("e-1", "A-1", "32.50", customer=CUSTOMER, occurred_at=clock.now)
    assert (
        await post_webhook(client, await webhook_secret(client), order, now=clock.now)
    ).status == 200
    bought = await lena.profile()
    assert bought["stage"] == "conversion" and bought["orders"] == 1
    assert bought["engagement_score"] > first["engagement_score"]

    # Day 21: a repeat order (retention), a good survey answer and a referral (advocacy).
    clock.advance(days=20)
    last_order_at = clock.now
    again = order_event("e-2", "A-2", "18.00", customer=CUSTOMER, occurred_at=clock.now)
    assert (
        await post_webhook(client, await webhook_secret(client), again, now=clock.now)
    ).status == 200
    await lena.visit("https://shop.example/konto")
    await lena.ws.send_json({"type": "survey", "kind": "csat", "score": 5})
    assert (await lena.ws.receive_json(timeout=20))["type"] == "survey"
    await lena.ws.send_json({"type": "track", "name": "referral", "props": {"friend": "x"}})
    await lena.barrier()
    advocate = await lena.profile()
    assert _stages(advocate)[2:] == [
        ("engagement", "conversion", "first_order"),
        ("conversion", "retention", "repeat_order"),
        ("retention", "advocacy", "referral"),
    ]
    peak = advocate["engagement_score"]
    assert peak > bought["engagement_score"]

    # Day 81: nothing happened for 60 days: still an advocate, but the score has decayed.
    clock.advance(days=60)
    quiet = await lena.profile()
    assert quiet["stage"] == "advocacy"
    # Recency and the event sum have faded; her orders (the frequency part) remain.
    assert quiet["engagement_score"] < peak / 3

    # Day 111: 90 days after the last order she is at risk; read before anything is stored.
    clock.advance(days=30)
    risky = await lena.profile()
    assert risky["stage"] == "at_risk"
    assert risky["transitions"][-1] == {
        **risky["transitions"][-1],
        "from": "advocacy",
        "to": "at_risk",
        "reason": "no_order",
        "pending": True,
    }
    assert risky["transitions"][-1]["reason_text"]["en"] == "90 days without an order"
    assert await client.app[actions_key].sweep() == 1  # the background sweeper's job
    stored = await lena.profile()
    assert _stages(stored)[-1] == ("advocacy", "at_risk", "no_order")
    assert "pending" not in stored["transitions"][-1]
    # Dated when it became due: 90 days after the last order.
    due = (last_order_at + timedelta(days=90)).isoformat()
    assert risky["transitions"][-1]["at"] == due
    assert stored["transitions"][-1]["at"] == due

    # She comes back: a win-back message waits for her (a proactive frame), she clicks it,
    # and orders again (retention, "won back").
    frames = await lena.visit("https://shop.example/")
    proactive = [f for f in frames if f["type"] == "proactive"]
    assert [p["rule"] for p in proactive] == ["win_back"]
    # Her own code, stored with the rule and an expiry (see tests/test_codes_chat.py).
    assert re.search(r"\bWIEDERDA-[A-Z0-9]{6}\b", proactive[0]["text"])
    for what in ("shown", "clicked"):
        await lena.ws.send_json({"type": "proactive", "id": proactive[0]["action"], "event": what})
    await lena.barrier()
    clock.advance(days=2)
    back = order_event("e-3", "A-3", "41.00", customer=CUSTOMER, occurred_at=clock.now)
    assert (
        await post_webhook(client, await webhook_secret(client), back, now=clock.now)
    ).status == 200
    final = await lena.profile()
    assert _stages(final)[-1] == ("at_risk", "retention", "won_back")
    assert final["transitions"][-1]["reason_text"]["de"] == (
        "Nach 92 Tagen ohne Bestellung zurückgewonnen"
    )
    assert final["engagement_score"] > quiet["engagement_score"]

    # Replaying every stored event from scratch gives the very same stages and transitions.
    async with client.app[sessions_key]() as db:
        check = await check_replay(db, "demo", clock.now)
    assert check.ok, check

    # And the shop sees it in its metrics.
    response = await client.get("/api/v1/metrics?from=2026-03-01&to=2026-12-31", headers=lena.auth)
    metrics = await response.json()
    assert metrics["orders"] == 3 and metrics["csat"] == 100.0
    assert metrics["actions"]["win_back/widget"]["converted"] == 1
    assert (await client.get("/api/v1/metrics")).status == 401
