"""Shop webhooks: signed, fresh, idempotent; a forged one stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Customer, Event, Purchase
from tests.clock import FakeClock
from tests.lifecycle_helpers import order_event, post_webhook, webhook_secret
from web.app import create_app
from web.keys import sessions_key


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def client(aiohttp_client: Any, database_url: str, clock: FakeClock) -> Any:
    app = create_app(Config(database_url=database_url).validated(), clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


async def _count(client: Any, model: Any) -> int:
    async with client.app[sessions_key]() as db:
        return int((await db.exec(select(func.count()).select_from(model))).one())


ANNA = {"id": "c-1", "email": "Anna@Example.de", "name": "Anna"}


async def test_signed_webhook_is_stored_once(client: Any, clock: FakeClock) -> None:
    secret = await webhook_secret(client)
    event = order_event("evt-1", "A-1001", "25.80", customer=ANNA)
    first = await post_webhook(client, secret, event, now=clock.now)
    assert first.status == 200, await first.text()
    assert (await first.json())["status"] == "stored"
    clock.advance(seconds=30)
    again = await post_webhook(client, secret, event, now=clock.now)
    assert again.status == 200
    assert (await again.json())["status"] == "duplicate"
    assert await _count(client, Event) == 1
    assert await _count(client, Purchase) == 1
    async with client.app[sessions_key]() as db:
        customer = (await db.exec(select(Customer))).one()
        purchase = (await db.exec(select(Purchase))).one()
    assert (customer.external_id, customer.email, customer.stage) == (
        "c-1",
        "anna@example.de",
        "conversion",
    )
    assert str(purchase.total) == "25.80"
    # "paid" for the same order is another event, not another order.
    paid = order_event("evt-2", "A-1001", "25.80", customer=ANNA, kind="order_paid")
    assert (await post_webhook(client, secret, paid, now=clock.now)).status == 200
    assert await _count(client, Purchase) == 1
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(Purchase))).one().status == "paid"


@pytest.mark.parametrize("how", ["wrong", "missing", "stale", "other-body", "other-secret"])
async def test_forged_or_stale_webhook_is_refused_and_stores_nothing(
    client: Any, clock: FakeClock, how: str
) -> None:
    secret = await webhook_secret(client)
    event = order_event("evt-9", "A-9", "10.00", customer=ANNA)
    kwargs: dict[str, Any] = {}
    if how == "wrong":
        kwargs["signature"] = "sha256=" + "0" * 64
    elif how == "stale":
        kwargs["timestamp"] = int(clock.now.timestamp()) - 301
    elif how == "other-secret":
        secret = "not-the-shop-secret"
    if how == "missing":
        response = await client.post("/api/v1/webhooks/demo", json=event)
    elif how == "other-body":
        from assistant.security.signing import webhook_signature

        ts = str(int(clock.now.timestamp()))
        response = await client.post(
            "/api/v1/webhooks/demo",
            data=b'{"id": "evt-9", "type": "order_created", "data": {}}',
            headers={
                "X-ShopAssistant-Timestamp": ts,
                "X-ShopAssistant-Signature": webhook_signature(secret, ts, b"{}"),
            },
        )
    else:
        response = await post_webhook(client, secret, event, now=clock.now, **kwargs)
    assert response.status == 401
    assert (await response.json())["code"] == "bad_signature"
    assert await _count(client, Event) == 0
    assert await _count(client, Customer) == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"order_id": "1", "total": "x", "customer": ANNA}, "data.total"),
        ({"order_id": "1", "total": "1.00", "customer": {}}, "data.customer"),
        ({"order_id": "1", "total": "1.00", "customer": ANNA, "items": [{"qty": 0}]}, "items"),
    ],
)
async def test_bad_webhook_body_says_which_field(
    client: Any, clock: FakeClock, data: dict[str, Any], field: str
) -> None:
    secret = await webhook_secret(client)
    response = await post_webhook(
        client, secret, {"id": "e", "type": "order_created", "data": data}, now=clock.now
    )
    assert response.status == 400
    body = await response.json()
    assert body["code"] == "bad_webhook"
    # The answer names the field, as docs/lifecycle.md promises the shop's developer.
    assert body["message"].startswith("Das Webhook-Ereignis ist ungültig: ")
    assert field in body["message"], body["message"]
    assert await _count(client, Event) == 0


async def test_every_webhook_type_is_accepted(client: Any, clock: FakeClock) -> None:
    secret = await webhook_secret(client)
    events = [
        {"id": "w1", "type": "customer_created", "data": {"customer": ANNA, "email_consent": True}},
        order_event("w2", "B-1", "30.00", customer=ANNA),
        order_event("w3", "B-1", "30.00", customer=ANNA, kind="order_paid"),
        order_event("w4", "B-1", "30.00", customer=ANNA, kind="order_refunded"),
        order_event("w5", "B-2", "12.00", customer=ANNA),
        order_event("w6", "B-2", "12.00", customer=ANNA, kind="order_cancelled"),
        {"id": "w7", "type": "review_posted", "data": {"customer": ANNA, "rating": 5}},
        {
            "id": "w8",
            "type": "survey_answered",
            "data": {"customer": ANNA, "kind": "nps", "score": 9},
        },
    ]
    for event in events:
        response = await post_webhook(client, secret, event, now=clock.now)
        assert response.status == 200, await response.text()
    async with client.app[sessions_key]() as db:
        purchases = {p.order_id: p.status for p in (await db.exec(select(Purchase))).all()}
        customers = (await db.exec(select(Customer))).all()
    assert purchases == {"B-1": "refunded", "B-2": "cancelled"}
    assert len(customers) == 1
    # Both orders were taken back, so the review finds an engaged customer, not a buyer.
    assert customers[0].stage == "engagement"


async def test_a_signed_batch_is_stored_in_order_and_replays_are_duplicates(
    client: Any, clock: FakeClock
) -> None:
    secret = await webhook_secret(client)
    events = [
        order_event(f"b-{i}", f"B-{i}", "10.00", customer={"id": f"c-{i % 3}"}) for i in range(9)
    ]
    events.append(order_event("b-0", "B-0", "10.00", customer={"id": "c-0"}))  # resent inside
    response = await post_webhook(client, secret, {"events": events}, now=clock.now)
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["type"] == "webhooks"
    assert [r["id"] for r in body["results"]] == [e["id"] for e in events]
    assert [r["status"] for r in body["results"]] == ["stored"] * 9 + ["duplicate"]
    assert await _count(client, Purchase) == 9
    assert await _count(client, Customer) == 3
    async with client.app[sessions_key]() as db:
        # Three orders each: every customer went on past their first order.
        stages = {c.external_id: c.stage for c in (await db.exec(select(Customer))).all()}
    assert set(stages.values()) == {"retention"}, stages

    # The whole batch again (a shop retrying after a timeout): nothing is stored twice.
    clock.advance(seconds=10)
    again = await post_webhook(client, secret, {"events": events}, now=clock.now)
    assert {r["status"] for r in (await again.json())["results"]} == {"duplicate"}
    assert await _count(client, Event) == 9


@pytest.mark.parametrize(
    ("batch", "detail"),
    [
        ({"events": []}, "events must be a list of 1-500 events"),
        ({"events": "x"}, "events must be a list"),
        ({"events": [1]}, "events[0] must be an object"),
        ({"events": [None] * 501}, "1-500"),
    ],
)
async def test_a_malformed_batch_is_refused_and_stores_nothing(
    client: Any, clock: FakeClock, batch: dict[str, Any], detail: str
) -> None:
    secret = await webhook_secret(client)
    response = await post_webhook(client, secret, batch, now=clock.now)
    assert response.status == 400
    assert detail in (await response.json())["message"]
    assert await _count(client, Event) == 0


async def test_one_bad_event_refuses_the_whole_batch_naming_it(
    client: Any, clock: FakeClock
) -> None:
    secret = await webhook_secret(client)
    good = order_event("g-1", "G-1", "10.00", customer=ANNA)
    bad = {"id": "g-2", "type": "order_created", "data": {"order_id": "2", "total": "x",
                                                           "customer": ANNA}}  # fmt: skip
    response = await post_webhook(client, secret, {"events": [good, bad]}, now=clock.now)
    assert response.status == 400
    assert "events[1]: data.total" in (await response.json())["message"]
    assert await _count(client, Event) == 0
    assert await _count(client, Customer) == 0
