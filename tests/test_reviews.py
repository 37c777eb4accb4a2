"""Reviews from the chat: the shop says an order was delivered, two days later the shopper's
next visit brings the review request, the stars and a few words are stored once, recorded as
a ``review`` event, handed to the shop (the demo shop's product ratings), and answered with a
referral invitation; a detractor's review goes to the agents' queue instead. Through the real
webhook and WebSocket, on SQLite and PostgreSQL, on a fake clock."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.lifecycle.reviews import send_to_shop
from assistant.shop.adapter import ShopReview
from assistant.shop.http import HttpShopAdapter
from assistant.storage.models import (
    Conversation,
    Customer,
    Event,
    LifecycleAction,
    Product,
    Review,
)
from flows.review import is_skip, looks_like_question, parse_rating
from tests.chat import Shopper
from tests.clock import FakeClock
from tests.lifecycle_helpers import (
    order_event,
    post_webhook,
    review_requests,
    webhook_secret,
)
from tests.reviews_helpers import KIM, delivered, demo_order, press_stars, visit
from tests.shop_server import TOKEN, ShopState, make_shop
from web.app import create_app
from web.keys import sessions_key


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


async def _reviews(client: Any) -> list[Review]:
    async with client.app[sessions_key]() as db:
        return list((await db.exec(select(Review).order_by(col(Review.id)))).all())


async def _events(client: Any, kind: str) -> list[Event]:
    async with client.app[sessions_key]() as db:
        return list((await db.exec(select(Event).where(Event.type == kind))).all())


async def test_delivered_order_is_reviewed_in_the_chat_and_the_shop_gets_it(
    client: Any, clock: FakeClock
) -> None:
    await demo_order(client, "B-1001", clock)
    order = order_event("o1", "B-1001", "17.80", customer=KIM, occurred_at=clock.now)
    assert (await post_webhook(client, await webhook_secret(client), order, now=clock.now)).ok
    await delivered(client, clock, "B-1001", "d1")
    shopper, proactive = await visit(client, "kim-browser")
    assert proactive is None  # not before the rule's delay (two days)
    await shopper.close()

    clock.advance(days=2, minutes=1)
    shopper, proactive = await visit(client, "kim-browser")
    assert proactive is not None and proactive["rule"] == "ask_review"
    assert "Bewertung" in proactive["text"]
    stars = await shopper.say(proactive["cta"]["text"], {"action": proactive["action"]})
    assert "B-1001" in stars["text"]
    assert shopper.buttons() == ["★★★★★", "★★★★", "★★★", "★★", "★"]

    ask_text = await press_stars(shopper, 5)
    assert "5 Sterne" in ask_text["text"] and shopper.buttons() == ["Überspringen"]
    thanks = await shopper.say("Sehr guter Kaffee, schnell geliefert <b>top</b>")
    assert "Vielen Dank für Ihre Bewertung" in thanks["text"]
    assert shopper.buttons() == ["Freunde einladen"]  # the referral invitation
    invite = await shopper.press("Freunde einladen")
    assert "Empfehlungs" in invite["text"]

    (review,) = await _reviews(client)
    assert (review.order_id, review.rating, review.channel) == ("B-1001", 5, "chat")
    assert review.text == "Sehr guter Kaffee, schnell geliefert <b>top</b>"
    assert review.shop_status == "sent"
    (event,) = await _events(client, "review")
    assert event.properties == {
        "rating": 5,
        "text": review.text,
        "order_id": "B-1001",
        "channel": "chat",
    }
    async with client.app[sessions_key]() as db:
        bean = (await db.exec(select(Product).where(Product.sku == "BEAN-001"))).one()
        customer = (await db.exec(select(Customer).where(Customer.external_id == "c-kim"))).one()
    assert bean.rating_count is not None and bean.rating is not None  # the shop got it
    assert customer.stage == "advocacy"  # a buyer's positive review (the rules' table)

    # The same order cannot be reviewed twice, and the request does not come back.
    again = await shopper.say("Bestellung bewerten")
    assert "keine zugestellte Bestellung" in again["text"]
    stale = await shopper.say("1 Stern", {"review": {"action": proactive["action"], "rating": 1}})
    assert "schon bewertet" in stale["text"]
    assert len(await _reviews(client)) == 1
    assert len(await _events(client, "review")) == 1
    await shopper.close()


async def test_a_detractor_gets_an_agent_and_no_referral(client: Any, clock: FakeClock) -> None:
    await delivered(client, clock, "X-7", "d7")
    clock.advance(days=2, minutes=1)
    shopper, proactive = await visit(client, "kim-browser")
    assert proactive is not None
    await shopper.say(proactive["cta"]["text"], {"action": proactive["action"]})
    sorry_ask = await press_stars(shopper, 1)
    assert "tut uns leid" in sorry_ask["text"]
    await shopper.ws.send_json(
        {"type": "message", "client_id": "bad-1", "text": "Die Maschine kam kaputt an"}
    )
    frames = []
    while not frames or frames[-1]["type"] != "reply":
        frames.append(await shopper.ws.receive_json(timeout=20))
    assert {"type": "status", "status": "waiting", "agent": None} in frames  # in the queue
    assert "an unser Team weitergegeben" in frames[-1]["text"]
    assert frames[-1]["quick_replies"] == []  # no referral invitation

    (review,) = await _reviews(client)
    assert (review.rating, review.text, review.shop_status) == (
        1,
        "Die Maschine kam kaputt an",
        "unknown_order",  # the demo shop has no order X-7
    )
    async with client.app[sessions_key]() as db:
        conversation = await db.get(Conversation, review.conversation_id)
    assert conversation is not None and conversation.status == "waiting"
    (handoff,) = await _events(client, "handoff_requested")
    assert handoff.properties == {"reason": "review", "rating": 1}
    assert await _events(client, "referral_invited") == []
    await shopper.close()


async def test_a_question_after_the_stars_is_answered_not_taken_as_the_review(
    client: Any, clock: FakeClock
) -> None:
    await delivered(client, clock, "Q-1", "dq")
    clock.advance(days=2, minutes=1)
    shopper, proactive = await visit(client, "kim-browser")
    assert proactive is not None
    await shopper.say(proactive["cta"]["text"], {"action": proactive["action"]})
    await shopper.say("4 Sterne")  # typed instead of pressed
    answer = await shopper.say("Wie lange dauert der Versand nach Österreich?")
    assert "Bewertung" not in answer["text"]  # the FAQ answered
    (review,) = await _reviews(client)
    assert (review.rating, review.text) == (4, "")
    later = await shopper.say("Danke, schönen Tag noch")
    assert "Bewertung" not in later["text"]
    assert len(await _reviews(client)) == 1
    await shopper.close()


async def test_a_review_request_for_another_customers_action_is_refused(
    client: Any, clock: FakeClock
) -> None:
    await delivered(client, clock, "K-1", "dk")
    clock.advance(days=2, minutes=1)
    kim, proactive = await visit(client, "kim-browser")
    assert proactive is not None
    stranger = await Shopper(client, "stranger").connect()
    await stranger.say("Hallo")
    reply = await stranger.say("5 Sterne", {"review": {"action": proactive["action"], "rating": 5}})
    assert "Bewertung" not in reply["text"]
    assert await _reviews(client) == []
    await kim.close()
    await stranger.close()


@pytest.mark.parametrize(
    ("text", "stars"),
    [("5", 5), ("4 Sterne", 4), ("★★★", 3), ("vier Sterne", 4), ("2/5", 2), ("1 star", 1),
     ("6", None), ("super", None), ("5 von 5", 5), ("", None)],
)  # fmt: skip
def test_ratings_are_read_from_what_shoppers_type(text: str, stars: int | None) -> None:
    assert parse_rating(text) == stars


def test_questions_and_skips_are_told_apart_from_review_texts() -> None:
    assert looks_like_question("Wann kommt meine nächste Lieferung")
    assert looks_like_question("Wo ist meine Bestellung")
    assert looks_like_question("do you ship to Austria?")
    assert not looks_like_question("Sehr guter Kaffee, gerne wieder")
    assert not looks_like_question("Great coffee, fast delivery")
    assert is_skip("Überspringen") and is_skip("no thanks") and not is_skip("Nein, war schlecht")


async def test_an_nps_detractor_is_handed_to_the_team_a_promoter_is_asked_to_refer(
    client: Any, clock: FakeClock
) -> None:
    async def answer(visitor: str, score: int) -> list[dict[str, Any]]:
        shopper = await Shopper(client, visitor).connect()
        await shopper.say("Wie lange dauert der Versand?")
        await shopper.ws.send_json({"type": "survey", "kind": "nps", "score": score})
        await shopper.ws.send_json({"type": "cart", "items": []})
        frames = []
        while (frame := await shopper.ws.receive_json(timeout=20))["type"] != "cart":
            frames.append(frame)
        await shopper.close()
        return frames

    detractor = await answer("unhappy", 4)
    assert sorted(f["type"] for f in detractor) == ["reply", "status", "survey"]
    assert {"type": "status", "status": "waiting", "agent": None} in detractor
    assert "meldet sich hier im Chat" in detractor[-1]["text"]
    promoter = await answer("happy", 10)
    assert [f["type"] for f in promoter] == ["survey"]

    (handoff,) = await _events(client, "handoff_requested")
    assert handoff.properties == {"reason": "nps", "score": 4}
    async with client.app[sessions_key]() as db:
        waiting = (
            await db.exec(select(Conversation).where(Conversation.status == "waiting"))
        ).all()
        referral_for = {
            a.customer_id
            for a in (await db.exec(select(LifecycleAction))).all()
            if a.rule == "referral"
        }
    assert [c.customer_id for c in waiting] == [handoff.customer_id]
    assert handoff.customer_id not in referral_for and len(referral_for) == 1


async def test_the_http_shop_gets_reviews_at_post_orders_id_reviews(aiohttp_server: Any) -> None:
    state = ShopState()
    state.orders["T-1000"] = {"key": "k", "placed": {}, "body": {}}
    server = await aiohttp_server(make_shop(state), host="127.0.0.1")
    adapter = HttpShopAdapter(str(server.make_url("")).rstrip("/"), TOKEN, timeout=0.5)
    review = ShopReview("T-1000", 4, "Gut <b>verpackt</b>", "de", "c-kim", FakeClock().now)
    try:
        assert await send_to_shop(adapter, review, 1.0) == "sent"
        assert state.reviews["T-1000"] == [
            {
                "rating": 4,
                "text": "Gut <b>verpackt</b>",
                "locale": "de",
                "customer_ref": "c-kim",
                "created_at": review.created_at.isoformat(),
            }
        ]
        unknown = ShopReview("T-9", 4, "", "de", None, review.created_at)
        assert await send_to_shop(adapter, unknown, 1.0) == "unknown_order"
        state.fail_status = 503
        assert await send_to_shop(adapter, review, 1.0) == "failed"  # kept here, not lost
    finally:
        await adapter.close()


async def test_a_delivered_webhook_needs_an_order_id(client: Any, clock: FakeClock) -> None:
    event = {"id": "bad", "type": "order_delivered", "data": {"customer": KIM}}
    response = await post_webhook(client, await webhook_secret(client), event, now=clock.now)
    assert response.status == 400
    assert "data.order_id" in (await response.json())["message"]


async def test_stars_are_read_only_right_after_they_were_asked_for(
    client: Any, clock: FakeClock
) -> None:
    await delivered(client, clock, "S-1", "ds")
    clock.advance(days=2, minutes=1)
    shopper, proactive = await visit(client, "kim-browser")
    assert proactive is not None
    await shopper.say(proactive["cta"]["text"], {"action": proactive["action"]})
    answer = await shopper.say("Welche Zahlungsarten gibt es?")
    assert "Sterne" not in answer["text"]
    await shopper.say("2")  # e.g. a quantity later on: not a 2-star review
    assert await _reviews(client) == []
    await shopper.close()


async def test_a_delivery_named_by_email_reaches_the_customer_who_ordered(
    client: Any, clock: FakeClock
) -> None:
    """A delivery that names the buyer only by e-mail (as a Shopify fulfillment does) asks
    the shop's customer who placed that order, not a new one with the same address."""
    order = order_event("o1", "B-2002", "17.80", customer=KIM, occurred_at=clock.now)
    assert (await post_webhook(client, await webhook_secret(client), order, now=clock.now)).ok
    event = {
        "id": "d-email",
        "type": "order_delivered",
        "data": {"order_id": "B-2002", "customer": {"email": KIM["email"]}},
    }
    response = await post_webhook(client, await webhook_secret(client), event, now=clock.now)
    assert response.status == 200, await response.text()
    async with client.app[sessions_key]() as db:
        kims = (await db.exec(select(Customer).where(Customer.email == KIM["email"]))).all()
    assert [c.external_id for c in kims] == ["c-kim"]
    requests = await review_requests(client.app)
    assert requests and {(email, order) for _, email, order in requests} == {
        (KIM["email"], "B-2002")
    }
