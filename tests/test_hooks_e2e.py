"""Outgoing webhooks driven through the real product paths: a chat checkout, a hand-off
outside business hours with the offline form, a review in the chat. Each reaches a loopback
receiver signed, and verifies with the code docs/lifecycle.md shows."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Shop
from tests.chat import Shopper, to_step
from tests.clock import CHAT_MORNING, FakeClock
from tests.hook_receiver import Received, start_receiver
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from tests.reviews_helpers import KIM, delivered, demo_order, press_stars, visit
from web.app import create_app
from web.keys import hook_sender_key, hooks_key, sessions_key, shops_key


def _docs_verify(secret: str, timestamp: str, signature: str, body: bytes, now: float) -> bool:
    """docs/lifecycle.md's receiver code, with ``now`` for ``time.time()`` (fake clock)."""
    if abs(now - int(timestamp)) > 300:
        return False
    message = b"shopassist:webhook:v2\n" + timestamp.encode() + b"." + body
    expected = "v2=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _body(hit: Received, secret: str, clock: FakeClock) -> dict[str, Any]:
    headers = hit.headers
    ts, sig = headers["X-ShopAssistant-Timestamp"], headers["X-ShopAssistant-Signature"]
    assert _docs_verify(secret, ts, sig, hit.body, clock.now.timestamp())
    assert not _docs_verify("whsec_wrong", ts, sig, hit.body, clock.now.timestamp())
    body = hit.json
    assert headers["X-ShopAssistant-Delivery"] == body["id"]
    assert headers["X-ShopAssistant-Topic"] == body["type"]
    return body


async def _client(aiohttp_client: Any, url: str, clock: FakeClock) -> Any:
    config = Config(
        database_url=url, lifecycle_sweep_s=0, hooks_poll_s=0, password_cost_log2=10
    ).validated()
    client = await aiohttp_client(create_app(config, clock=clock))
    await load_demo(client.app[sessions_key])
    return client


async def test_a_chat_checkout_sends_one_signed_order_placed(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock(CHAT_MORNING)
    receiver = await start_receiver(aiohttp_server)
    client = await _client(aiohttp_client, sqlite_url, clock)
    created = await client.app[hooks_key].add("demo", receiver.url, ["order_placed"])
    shopper = await Shopper(client, "visitor-hooks").connect()
    await to_step(shopper, "summary")
    reply = await shopper.press("Zahlungspflichtig bestellen")
    order_id = reply["text"].split("Bestellnummer: ")[1].split(".")[0]
    await shopper.close()

    assert await client.app[hook_sender_key].run_once() == 1
    assert await client.app[hook_sender_key].run_once() == 0
    (hit,) = receiver.received
    placed = _body(hit, created.secret, clock)
    assert placed["type"] == "order_placed" and placed["shop"] == "demo"
    data = placed["data"]
    assert (data["order_id"], data["total"], data["currency"]) == (order_id, "25.70", "EUR")
    assert data["items"] == [
        {"sku": "BEAN-001", "qty": 1, "price": "11.90"},
        {"sku": "FILT-001", "qty": 1, "price": "8.90"},
    ]
    assert data["conversation_id"] and data["customer"]["id"]
    # A guest is known to the shop by the e-mail typed in the checkout, and nothing else.
    assert data["customer"]["email"] is None
    assert data["email"] == "erika@beispiel.de"


async def test_asking_for_a_person_when_closed_and_the_offline_form_send_leads(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock(CHAT_MORNING)
    receiver = await start_receiver(aiohttp_server)
    client = await _client(aiohttp_client, sqlite_url, clock)
    created = await client.app[hooks_key].add("demo", receiver.url, ["lead"])
    async with client.app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        shop.settings = {**shop.settings, "hours": {"timezone": "Europe/Berlin", "days": {}}}
        db.add(shop)  # no day has hours: closed all week
        await db.commit()
    client.app[shops_key].forget("demo")  # what the console's settings page does

    shopper = await Shopper(client, "visitor-lead").connect()
    closed = await shopper.say("Ich möchte mit einem Mitarbeiter sprechen")
    assert closed.get("form") is not None, closed
    await shopper.say("Bitte ruft mich zurück", {"offline": {"email": "lea@example.com"}})
    await shopper.close()

    await client.app[hook_sender_key].run_once()
    leads = [_body(hit, created.secret, clock) for hit in receiver.of("lead")]
    assert [lead["data"]["kind"] for lead in leads] == ["handoff_outside_hours", "offline_form"]
    assert leads[1]["data"]["email"] == "lea@example.com"
    assert {lead["data"]["conversation_id"] for lead in leads} == {
        leads[0]["data"]["conversation_id"]
    }


async def test_a_review_in_the_chat_sends_one_review(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _client(aiohttp_client, sqlite_url, clock)
    created = await client.app[hooks_key].add("demo", receiver.url, ["review"])
    await demo_order(client, "B-1001", clock)
    order = order_event("o1", "B-1001", "17.80", customer=KIM, occurred_at=clock.now)
    assert (await post_webhook(client, await webhook_secret(client), order, now=clock.now)).ok
    await delivered(client, clock, "B-1001", "d1")
    clock.advance(days=2, minutes=1)
    shopper, proactive = await visit(client, "kim-browser")
    assert proactive is not None and proactive["rule"] == "ask_review"
    await shopper.say(proactive["cta"]["text"], {"action": proactive["action"]})
    await press_stars(shopper, 4)
    await shopper.say("Guter Kaffee <b>top</b>")
    await shopper.close()

    assert await client.app[hook_sender_key].run_once() == 1
    (hit,) = receiver.received
    review = _body(hit, created.secret, clock)
    assert review["type"] == "review"
    assert review["data"]["rating"] == 4
    assert review["data"]["text"] == "Guter Kaffee <b>top</b>"
    assert review["data"]["order_id"] == "B-1001"
    assert review["data"]["customer"]["external_id"] == "c-kim"
    assert review["data"]["customer"]["email"] == KIM["email"]
