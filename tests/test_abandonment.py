"""A checkout left alone for 30 minutes is paused and recorded as abandoned (on SQLite and
PostgreSQL); the widget's welcome then offers to continue at the same step."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import Event
from tests.chat import Shopper, to_step
from tests.clock import CHAT_MORNING, FakeClock
from web.app import create_app
from web.keys import sessions_key, sweeper_key


async def test_an_idle_checkout_is_abandoned_and_offered_again(
    aiohttp_client: Any, database_url: str
) -> None:
    clock = FakeClock(CHAT_MORNING)
    app = create_app(Config(database_url=database_url).validated(), clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    sweeper = app[sweeper_key]

    shopper = await Shopper(client, "leaves-for-lunch").connect()
    await to_step(shopper, "address")
    await Shopper(client, "just-asks").connect()  # a conversation without a checkout
    clock.advance(minutes=29)
    assert await sweeper.run_once() == 0
    clock.advance(minutes=2)
    assert await sweeper.run_once() == 1
    assert await sweeper.run_once() == 0  # once only
    async with app[sessions_key]() as db:
        events = (
            await db.exec(
                select(Event).where(Event.type == "checkout_abandoned").order_by(col(Event.id))
            )
        ).all()
    assert [e.properties for e in events] == [{"step": "address", "reason": "idle"}]
    await shopper.close()

    # Coming back: the widget offers to continue where the shopper stopped.
    back = await Shopper(client, "leaves-for-lunch").connect()
    resume = back.welcome["resume"]
    assert resume["text"] == (
        "Sie waren beim Bestellen stehen geblieben (bei: Lieferadresse). Möchten Sie weitermachen?"
    )
    assert [q["label"] for q in resume["quick_replies"]] == ["Weiter bestellen", "Nein, danke"]
    # A question meanwhile goes to the FAQ, not into the address step.
    reply = await back.say("Wie lange dauert der Versand?")
    assert "1-3 Werktage" in reply["text"] and reply.get("input") is None
    back.last = {"quick_replies": resume["quick_replies"]}
    reply = await back.press("Weiter bestellen")
    assert reply["text"].startswith("Schön, dass Sie wieder da sind!")
    assert reply["input"]["step"] == "address"
    reply = await back.say("Erika Mustermann\nHeidestraße 17\n51147 Köln")
    assert reply["input"]["step"] == "shipping"
    await back.close()
    again = await Shopper(client, "leaves-for-lunch").connect()
    assert "resume" not in again.welcome  # running again: nothing to offer
    await again.close()


async def test_no_thanks_ends_the_paused_checkout(aiohttp_client: Any, config: Config) -> None:
    clock = FakeClock(CHAT_MORNING)
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    shopper = await Shopper(client, "changes-mind").connect()
    await to_step(shopper, "shipping")
    clock.advance(minutes=45)
    assert await app[sweeper_key].run_once() == 1
    back = await Shopper(client, "changes-mind").connect()
    back.last = {"quick_replies": back.welcome["resume"]["quick_replies"]}
    reply = await back.press("Nein, danke")
    assert reply["text"].startswith("Alles klar.")
    again = await Shopper(client, "changes-mind").connect()
    assert "resume" not in again.welcome
    for s in (shopper, back, again):
        await s.close()
