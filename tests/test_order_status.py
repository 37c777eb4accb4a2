"""Order status in the chat: shown to the customer who ordered, or to whoever knows the
order number and its email; never to anyone else; wrong guesses are rate-limited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col

from assistant.checkout.limits import GuessLimiter
from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Customer, DemoOrder, Visitor
from tests.chat import Shopper, to_step
from tests.clock import CHAT_MORNING, FakeClock
from web.app import create_app
from web.keys import sessions_key


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CHAT_MORNING)


@pytest.fixture
async def client(aiohttp_client: Any, config: Config, clock: FakeClock) -> Any:
    app = create_app(config.replace(order_lookup_attempts=3), clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


@pytest.fixture
async def order(client: Any) -> AsyncIterator[str]:
    """An order placed in the chat by visitor "owner", shipped with a tracking link."""
    owner = await Shopper(client, "owner").connect()
    await to_step(owner, "summary")
    reply = await owner.press("Zahlungspflichtig bestellen")
    await owner.cart_frame()
    order_id = reply["text"].split("Bestellnummer: ")[1].split(".")[0]
    async with client.app[sessions_key]() as db:
        await db.exec(
            update(DemoOrder)
            .where(col(DemoOrder.id) == order_id)
            .values(status="shipped", tracking_url="https://tracking.example/123")
        )
        await db.commit()
    yield order_id
    await owner.close()


async def test_the_customer_who_ordered_sees_it_with_the_number_alone(
    client: Any, order: str
) -> None:
    owner = await Shopper(client, "owner").connect()
    reply = await owner.say("Wo ist meine Bestellung?")
    assert reply["input"] == {"kind": "order_number", "flow": "order_status", "step": "number"}
    reply = await owner.say(order.lower())
    assert reply["text"].startswith(f"Bestellung {order}: versandt.")
    assert "1 × Espresso Hafenblick, 500 g: 11,90 €" in reply["text"]
    assert "Gesamt: 25,70 €" in reply["text"]
    assert reply["cards"] == [
        {"title": "Sendung verfolgen", "url": "https://tracking.example/123", "kind": "link"}
    ]
    await owner.close()


async def test_someone_else_needs_the_orders_email(client: Any, order: str) -> None:
    other = await Shopper(client, "someone-else", locale="en").connect()
    reply = await other.say("Where is my order?")
    reply = await other.say(order)
    assert reply["input"]["step"] == "email"  # same question whether the order exists or not
    reply = await other.say("wrong@example.com")
    assert reply["text"].startswith("I found no order with this order number and email address.")
    assert order not in reply["text"] and "Espresso" not in reply["text"]
    await other.press("Try again")
    await other.say(order)
    reply = await other.say("ERIKA@beispiel.de")
    assert reply["text"].startswith(f"Order {order}: shipped.")
    assert "Tracking: https://tracking.example/123" in reply["text"]
    await other.close()


async def test_an_unknown_number_gets_the_same_answer_as_a_wrong_email(client: Any) -> None:
    shopper = await Shopper(client, "prober").connect()
    await shopper.say("Bestellstatus")
    reply = await shopper.say("BB-00000000")
    assert reply["input"]["step"] == "email"
    reply = await shopper.say("erika@beispiel.de")
    assert reply["text"].startswith("Zu dieser Bestellnummer und E-Mail-Adresse habe ich keine")
    await shopper.close()


async def test_an_identified_customer_is_recognised_by_email(client: Any, order: str) -> None:
    other = await Shopper(client, "erika-on-her-phone").connect()
    await other.say("Hallo")  # stores the (anonymous) customer of this visitor
    async with client.app[sessions_key]() as db:
        visitor = await db.get(Visitor, ("demo", "erika-on-her-phone"))
        assert visitor is not None
        # What identify (the shop telling us who is logged in) leaves behind:
        customer = await db.get(Customer, visitor.customer_id)
        assert customer is not None
        customer.email = "erika@beispiel.de"
        await db.commit()
    await other.say("Wo ist meine Bestellung?")
    reply = await other.say(order)
    assert reply["text"].startswith(f"Bestellung {order}: versandt.")
    await other.close()


async def test_wrong_guesses_are_limited_per_visitor(
    client: Any, order: str, clock: FakeClock
) -> None:
    guesser = await Shopper(client, "guesser").connect()
    for n in range(3):
        await guesser.say("Wo ist meine Bestellung?")
        await guesser.say(f"BB-1234567{n}")
        reply = await guesser.say("erika@beispiel.de")
        assert "keine Bestellung gefunden" in reply["text"]
    reply = await guesser.say("Wo ist meine Bestellung?")
    assert reply["text"].startswith("Das waren zu viele erfolglose Versuche.")
    assert reply.get("input") is None
    # Even the right answer is refused while blocked ...
    clock.advance(minutes=5)
    reply = await guesser.say("Bestellstatus")
    assert "zu viele" in reply["text"]
    # ... and accepted once the window has passed.
    clock.advance(minutes=11)
    await guesser.say("Bestellstatus")
    await guesser.say(order)
    reply = await guesser.say("erika@beispiel.de")
    assert reply["text"].startswith(f"Bestellung {order}: versandt.")
    await guesser.close()


async def test_the_limiter_counts_per_key_and_forgets_after_the_window() -> None:
    clock = FakeClock(CHAT_MORNING)
    limiter = GuessLimiter(2, timedelta(minutes=15), clock)
    await limiter.fail(("visitor:a", "ip:1.2.3.4"))
    await limiter.fail(("visitor:b", "ip:1.2.3.4"))
    assert await limiter.blocked(("visitor:c", "ip:1.2.3.4"))  # same IP, another visitor id
    assert not await limiter.blocked(("visitor:a", "ip:5.6.7.8"))
    clock.advance(minutes=15, seconds=1)
    assert not await limiter.blocked(("visitor:c", "ip:1.2.3.4"))
