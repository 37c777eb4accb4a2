"""Outgoing webhooks end to end: events stored by the app arrive at a real loopback receiver,
signed so the receiver can verify them the way docs/lifecycle.md shows; failures are retried
with backoff on the fake clock; pending deliveries survive a restart; GDPR sees them."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from assistant.config import Config
from assistant.conversation.replies import EventDraft
from assistant.demo.loader import load_demo
from assistant.gdpr.document import export_document
from assistant.gdpr.store import collect, erase
from assistant.hooks.outbox import CLAIM, claim_due
from assistant.hooks.subscriptions import BadSubscription
from assistant.hooks.topics import MAX_ATTEMPTS
from assistant.lifecycle.events import store_events
from assistant.lifecycle.referrals import arrive, code_for
from assistant.security.signing import verify_webhook
from assistant.storage.models import Customer, StageTransition, WebhookDelivery
from tests.clock import FakeClock
from tests.consoles import say, widget
from tests.hook_receiver import Received, start_receiver
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from web.app import create_app
from web.keys import actions_key, hook_sender_key, hooks_key, sessions_key, writer_key

KIM = {"id": "c-kim", "email": "kim@example.com"}


def _config(database_url: str, **changes: Any) -> Config:
    changes.setdefault("hooks_poll_s", 0)
    return Config(
        database_url=database_url, lifecycle_sweep_s=0, password_cost_log2=10, **changes
    ).validated()


async def _app(aiohttp_client: Any, config: Config, clock: FakeClock, *, seed: bool = True) -> Any:
    client = await aiohttp_client(create_app(config, clock=clock))
    if seed:
        await load_demo(client.app[sessions_key])
    return client


def _verified(hit: Received, secret: str, clock: FakeClock) -> dict[str, Any]:
    """The receiver's check: a fresh v2 signature over the raw body, the delivery id in the
    header and the body."""
    problem = verify_webhook(
        secret,
        hit.headers.get("X-ShopAssistant-Timestamp"),
        hit.headers.get("X-ShopAssistant-Signature"),
        hit.body,
        clock.now.timestamp(),
    )
    assert problem is None
    body = hit.json
    assert hit.headers["X-ShopAssistant-Delivery"] == body["id"]
    assert hit.headers["X-ShopAssistant-Topic"] == body["type"]
    return body


async def _order(client: Any, clock: FakeClock, event_id: str = "e1", order: str = "A-1") -> None:
    event = order_event(event_id, order, "24.90", customer=KIM)
    resp = await post_webhook(client, await webhook_secret(client), event, now=clock.now)
    assert resp.status == 200, await resp.text()


async def test_stage_change_and_lead_arrive_signed(
    aiohttp_client: Any, aiohttp_server: Any, database_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _app(aiohttp_client, _config(database_url), clock)
    created = await client.app[hooks_key].add("demo", receiver.url, ["stage_changed", "lead"])

    await _order(client, clock)
    ws, _ = await widget(client, "lead-browser")
    await say(ws, "o1", "Bitte ruft mich zurück", payload={"offline": {"email": "lea@example.com"}})
    await ws.close()
    assert await client.app[hook_sender_key].run_once() >= 2

    async with client.app[sessions_key]() as db:
        moved = (await db.exec(select(StageTransition).order_by(col(StageTransition.id)))).all()
    changes = [_verified(hit, created.secret, clock) for hit in receiver.of("stage_changed")]
    assert [(c["data"]["from"], c["data"]["to"]) for c in changes] == [
        (t.from_stage, t.to_stage) for t in moved
    ]
    kims = [c for c in changes if c["data"]["customer"]["external_id"] == "c-kim"]
    assert kims and kims[-1]["data"]["to"] == "conversion"
    assert kims[-1]["data"]["customer"]["email"] == "kim@example.com"
    assert {c["shop"] for c in changes} == {"demo"}

    (lead,) = [_verified(hit, created.secret, clock) for hit in receiver.of("lead")]
    assert lead["data"]["kind"] == "offline_form"
    assert lead["data"]["email"] == "lea@example.com"
    assert lead["data"]["conversation_id"]
    # Nothing is sent twice: the next round finds nothing due.
    assert await client.app[hook_sender_key].run_once() == 0
    assert len(receiver.received) == len(changes) + 1


async def test_an_unsubscribed_topic_queues_nothing(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _app(aiohttp_client, _config(sqlite_url), clock)
    await client.app[hooks_key].add("demo", receiver.url, ["referral"])
    await _order(client, clock)
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(WebhookDelivery))).all() == []


async def test_a_receiver_failing_twice_gets_it_on_the_third_attempt(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server, 500, 500)
    client = await _app(aiohttp_client, _config(sqlite_url), clock)
    hooks, sender = client.app[hooks_key], client.app[hook_sender_key]
    created = await hooks.add("demo", receiver.url, ["order_placed", "review"])
    await client.app[writer_key].submit(_review_work(clock))

    assert await sender.run_once() == 1
    (entry,) = await hooks.log("demo")
    assert (entry.status, entry.attempts, entry.last_status) == ("pending", 1, 500)
    assert entry.next_attempt_at == clock.now + timedelta(minutes=1)
    assert entry.last_error is not None and "500" in entry.last_error
    assert await sender.run_once() == 0  # not due yet

    clock.advance(minutes=1)
    assert await sender.run_once() == 1
    (entry,) = await hooks.log("demo")
    assert (entry.attempts, entry.next_attempt_at) == (2, clock.now + timedelta(minutes=2))

    clock.advance(minutes=2)
    assert await sender.run_once() == 1
    (entry,) = await hooks.log("demo")
    assert (entry.status, entry.attempts, entry.last_status) == ("delivered", 3, 200)
    first, _, third = receiver.received
    assert first.json == third.json  # the same delivery, the same id and body each time
    assert [r.headers["X-ShopAssistant-Attempt"] for r in receiver.received] == ["1", "2", "3"]
    review = _verified(third, created.secret, clock)
    assert review["type"] == "review"
    assert review["data"]["rating"] == 5
    assert review["data"]["text"] == "Sehr guter Kaffee <3"
    assert review["data"]["order_id"] == "A-7"


def _review_work(clock: FakeClock) -> Any:
    """A ``review`` event as the review flow stores it, ingested directly."""

    async def work(db: Any) -> None:
        customer = Customer(id="kim", shop_id="demo", external_id="c-kim", email="kim@example.com")
        db.add(customer)
        await store_events(
            db,
            shop_id="demo",
            customer_id="kim",
            conversation_id=None,
            drafts=[
                EventDraft(
                    "review", {"rating": 5, "text": "Sehr guter Kaffee <3", "order_id": "A-7"}
                )
            ],
            now=clock.now,
        )

    return work


async def test_attempts_are_bounded(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server, *([503] * MAX_ATTEMPTS))
    client = await _app(aiohttp_client, _config(sqlite_url), clock)
    hooks, sender = client.app[hooks_key], client.app[hook_sender_key]
    await hooks.add("demo", receiver.url, ["review"])
    await client.app[writer_key].submit(_review_work(clock))
    for _ in range(MAX_ATTEMPTS + 2):
        await sender.run_once()
        clock.advance(hours=3)
    (entry,) = await hooks.log("demo")
    assert (entry.status, entry.attempts, entry.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
    assert len(receiver.received) == MAX_ATTEMPTS


async def test_pending_deliveries_resume_after_a_restart(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    """The first process queues two deliveries and dies: one never tried, one claimed by a
    sender that stopped mid-post. The next process sends both, on its own, once the claim
    has run out."""
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    first = await _app(aiohttp_client, _config(sqlite_url), clock)
    created = await first.app[hooks_key].add("demo", receiver.url, ["review", "stage_changed"])
    await first.app[writer_key].submit(_review_work(clock))
    async with first.app[sessions_key]() as db:
        taken = await claim_due(db, clock.now, 1)
        await db.commit()
        pending = (await db.exec(select(WebhookDelivery))).all()
    assert len(taken) == 1 and len(pending) >= 2
    await first.close()
    assert receiver.received == []

    clock.advance(seconds=CLAIM.total_seconds())
    second = await _app(aiohttp_client, _config(sqlite_url, hooks_poll_s=0.01), clock, seed=False)
    async with asyncio.timeout(10):
        while len(receiver.received) < len(pending):
            receiver.arrived.clear()
            await receiver.arrived.wait()
    assert {r.json["id"] for r in receiver.received} == {p.id for p in pending}
    for hit in receiver.received:
        _verified(hit, created.secret, clock)
    await second.close()


async def test_postgres_senders_never_take_the_same_row(
    aiohttp_client: Any, aiohttp_server: Any, pg_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _app(aiohttp_client, _config(pg_url), clock)
    await client.app[hooks_key].add("demo", receiver.url, ["review", "stage_changed"])
    await client.app[writer_key].submit(_review_work(clock))
    sessions = client.app[sessions_key]
    async with sessions() as one, sessions() as two:
        first = await claim_due(one, clock.now, 1)
        second = await claim_due(two, clock.now, 10)  # while the first holds its row
        await one.commit()
        await two.commit()
    assert len(first) == 1 and second
    assert first[0].id not in {c.id for c in second}


async def test_gdpr_export_shows_pending_deliveries_and_erase_deletes_them(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _app(aiohttp_client, _config(sqlite_url), clock)
    await client.app[hooks_key].add("demo", receiver.url, ["review"])
    await client.app[writer_key].submit(_review_work(clock))
    async with client.app[sessions_key]() as db:
        customer = await db.get(Customer, "kim")
        assert customer is not None
        doc = export_document(await collect(db, customer), clock.now)
        (delivery,) = doc["webhook_deliveries"]
        assert delivery["status"] == "pending"
        assert delivery["payload"]["data"]["text"] == "Sehr guter Kaffee <3"
        erased = await erase(db, "kim", "test", clock.now)
        await db.commit()
        assert erased.counts["webhook_deliveries"] == 1
        assert (await db.exec(select(WebhookDelivery))).all() == []
    assert await client.app[hook_sender_key].run_once() == 0
    assert receiver.received == []


async def test_subscriptions_refuse_what_we_do_not_post_to(
    aiohttp_client: Any, sqlite_url: str
) -> None:
    client = await _app(aiohttp_client, _config(sqlite_url), FakeClock())
    hooks = client.app[hooks_key]
    for url in ("http://crm.example/hook", "ftp://crm.example", "https://u:p@crm.example/x", ""):
        with pytest.raises(BadSubscription):
            await hooks.add("demo", url, ["lead"])
    with pytest.raises(BadSubscription):
        await hooks.add("demo", "https://crm.example/hook", ["orders"])
    with pytest.raises(BadSubscription):
        await hooks.add("demo", "https://crm.example/hook", [])
    assert await hooks.subscriptions("demo") == []
    ok = await hooks.add("demo", "https://crm.example/hook", ["lead", "lead"])
    assert ok.subscription.topics == ("lead",)


async def test_orders_placed_in_the_chat_and_referrals_are_delivered_once(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    """Ola arrives with Kim's referral link and orders in the chat: the shop hears of the
    order once (a repeated order event is no new order) and of the converted referral."""
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _app(aiohttp_client, _config(sqlite_url), clock)
    created = await client.app[hooks_key].add("demo", receiver.url, ["order_placed", "referral"])
    order = {"order_id": "D-1", "total": "30.00", "currency": "EUR", "items": []}

    async def work(db: Any) -> None:
        db.add(Customer(id="kim", shop_id="demo", external_id="c-kim", email="kim@example.com"))
        db.add(Customer(id="ola", shop_id="demo"))
        await db.flush()
        code = await code_for(db, await db.get(Customer, "kim"))
        assert await arrive(db, "demo", "ola", f"https://shop.example/?sa_ref={code}", clock.now)
        for _ in range(2):
            await store_events(
                db,
                shop_id="demo",
                customer_id="ola",
                conversation_id=None,
                drafts=[EventDraft("order_placed", order)],
                now=clock.now,
            )

    await client.app[writer_key].submit(work)
    async with client.app[sessions_key]() as db:  # the referrer's export shows it too
        kim = await db.get(Customer, "kim")
        assert kim is not None
        doc = export_document(await collect(db, kim), clock.now)
    assert [d["topic"] for d in doc["webhook_deliveries"]] == ["referral"]
    assert await client.app[hook_sender_key].run_once() == 2
    (placed,) = [_verified(hit, created.secret, clock) for hit in receiver.of("order_placed")]
    assert placed["data"]["order_id"] == "D-1" and placed["data"]["total"] == "30.00"
    assert placed["data"]["conversation_id"] is None
    (referral,) = [_verified(hit, created.secret, clock) for hit in receiver.of("referral")]
    assert referral["data"]["customer"]["id"] == "ola"
    assert referral["data"]["referrer"]["external_id"] == "c-kim"
    assert referral["data"]["order_id"] == "D-1"
    assert referral["data"]["referrer_credit"] == "5.00"


async def test_stage_changes_found_by_the_sweeper_are_delivered(
    aiohttp_client: Any, aiohttp_server: Any, sqlite_url: str
) -> None:
    """A customer who never comes back turns at risk (and lapsed) by the sweeper alone."""
    clock = FakeClock()
    receiver = await start_receiver(aiohttp_server)
    client = await _app(aiohttp_client, _config(sqlite_url), clock)
    created = await client.app[hooks_key].add("demo", receiver.url, ["stage_changed"])
    await _order(client, clock)
    await client.app[hook_sender_key].run_once()
    before = len(receiver.received)
    clock.advance(days=400)
    assert await client.app[actions_key].sweep() == 1
    await client.app[hook_sender_key].run_once()
    later = [_verified(hit, created.secret, clock) for hit in receiver.received[before:]]
    assert [c["data"]["to"] for c in later] == ["at_risk", "lapsed"]
    assert {c["data"]["customer"]["external_id"] for c in later} == {"c-kim"}
