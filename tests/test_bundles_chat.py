"""Suggestions through the real WebSocket on the demo shop: pushed after a cart change (and not
over and over), asked for, accepted, declined, sold out in between; order events feeding the
mined pairs; the checkout offer; the greeting A/B test."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from assistant.bundles.checkout import CheckoutOffers
from assistant.conversation.engine import ChatSession
from assistant.conversation.replies import EventDraft
from assistant.conversation.turns import Turn
from assistant.lifecycle.experiments import assign, with_experiment
from assistant.protocol import UserMessage
from assistant.storage.models import Basket, BasketItem, Event, Product, Shop
from web.keys import adapters_key, bundles_key, conversations_key, sessions_key, shops_key


async def _ws(client: Any, visitor: str = "bundle-visitor", locale: str = "de") -> Any:
    ws = await client.ws_connect("/ws?shop=demo")
    await ws.send_json(
        {"type": "hello", "v": 1, "shop": "demo", "visitor": visitor, "locale": locale}
    )
    welcome = await ws.receive_json(timeout=20)
    assert welcome["type"] == "welcome"
    ws.welcome = welcome
    return ws


async def _cart(ws: Any, *skus: str) -> dict[str, Any]:
    await ws.send_json({"type": "cart", "items": [{"sku": s, "qty": 1} for s in skus]})
    frame = await ws.receive_json(timeout=20)
    assert frame["type"] == "cart"
    return frame


async def _say(ws: Any, text: str, client_id: str) -> dict[str, Any]:
    await ws.send_json({"type": "message", "client_id": client_id, "text": text})
    assert (await ws.receive_json(timeout=20))["type"] == "ack"
    reply = await ws.receive_json(timeout=20)
    assert reply["type"] == "reply"
    return reply


async def _events(client: Any, type_: str) -> list[Event]:
    async with client.app[sessions_key]() as db:
        return list(
            (await db.exec(select(Event).where(Event.type == type_).order_by(col(Event.id)))).all()
        )


async def test_added_product_gets_a_fitting_set_once(demo_client: Any) -> None:
    ws = await _ws(demo_client)
    await _cart(ws, "MACH-001")
    offer = await ws.receive_json(timeout=20)
    assert offer["type"] == "reply" and offer["reply_to"] is None
    assert offer["text"] == "Passend zu Ihrem Warenkorb:"
    card = offer["cards"][0]
    assert card["type"] == "offer" and card["offer"] == "bundle:espresso-starter"
    assert card["kind"] == "bundle" and card["title"] == "Espresso-Starterset"
    assert [i["sku"] for i in card["items"]] == ["ACC-001", "ACC-004", "BEAN-001"]
    assert (card["amount"], card["bundle_amount"]) == ("288.70", "259.83")
    assert (card["price"], card["bundle_price"]) == ("288,70 €", "259,83 €")
    assert card["reason"].startswith("Passt zu Siebträgermaschine Piccola")
    assert card["image"] == "/demo/img/ACC-001.svg"
    assert [a["name"] for a in card["actions"]] == ["bundle_accept", "bundle_decline"]
    assert len(offer["cards"]) <= 2  # a push stays short
    shown = await _events(demo_client, "bundle_shown")
    assert [e.properties["bundle"] for e in shown] == [c["offer"] for c in offer["cards"]]
    assert shown[0].properties["context"] == "cart" and shown[0].conversation_id
    # More of the same is no reason to speak up again; the next frame answers the message.
    await _cart(ws, "MACH-001", "MACH-001")
    await ws.send_json({"type": "message", "client_id": "m1", "text": "Hallo"})
    assert (await ws.receive_json(timeout=20))["type"] == "ack"


async def test_pushes_stop_after_three_and_never_repeat_a_card(demo_client: Any) -> None:
    ws = await _ws(demo_client)
    seen: list[str] = []
    cart: list[str] = []
    for sku in ("MACH-001", "FILT-002", "TEA-002", "GRND-005"):
        cart.append(sku)
        await _cart(ws, *cart)
        if sku != "GRND-005":
            offer = await ws.receive_json(timeout=20)
            seen += [c["offer"] for c in offer["cards"]]
    assert len(seen) == len(set(seen))
    # The fourth addition after three offers stays quiet: the next frame is the ack.
    await ws.send_json({"type": "message", "client_id": "m1", "text": "Hallo"})
    assert (await ws.receive_json(timeout=20))["type"] == "ack"


async def test_accepting_a_set_fills_the_cart_through_the_shop(any_db_client: Any) -> None:
    ws = await _ws(any_db_client)
    await _cart(ws, "MACH-001")
    offer = await ws.receive_json(timeout=20)
    await ws.send_json(
        {"type": "action", "name": "bundle_click", "offer": "bundle:espresso-starter"}
    )
    await ws.send_json(
        {"type": "action", "name": "bundle_accept", "offer": "bundle:espresso-starter"}
    )
    cart = await ws.receive_json(timeout=20)
    assert cart["type"] == "cart"
    assert [i["sku"] for i in cart["items"]] == ["MACH-001", "ACC-001", "ACC-004", "BEAN-001"]
    confirmation = await ws.receive_json(timeout=20)
    assert confirmation["type"] == "reply"
    assert confirmation["text"].startswith("Erledigt: Tamper Aluminium 58 mm")
    assert confirmation["id"] > offer["id"]
    app = any_db_client.app
    shop = await app[shops_key].get("demo")
    customer = (await _events(any_db_client, "bundle_accepted"))[0].customer_id
    assert customer is not None
    stored = await app[adapters_key].get(shop).get_cart(customer)
    assert [line.sku for line in stored.lines] == ["MACH-001", "ACC-001", "ACC-004", "BEAN-001"]
    accepted = await _events(any_db_client, "bundle_accepted")
    assert accepted[0].properties["skus"] == ["ACC-001", "ACC-004", "BEAN-001"]
    assert len(await _events(any_db_client, "bundle_clicked")) == 1
    updates = await _events(any_db_client, "cart_updated")
    assert updates[-1].properties["items"][-1] == ["BEAN-001", 1]


async def test_declined_offer_never_comes_back_in_this_conversation(demo_client: Any) -> None:
    ws = await _ws(demo_client)
    await _cart(ws, "MACH-001")
    offer = await ws.receive_json(timeout=20)
    keys = [c["offer"] for c in offer["cards"]]
    for key in keys:
        await ws.send_json({"type": "action", "name": "bundle_decline", "offer": key})
    reply = await _say(ws, "Was passt dazu?", "ask-1")
    assert reply["text"] == "Dazu passt zum Beispiel:"
    assert reply["cards"]
    assert not {c["offer"] for c in reply["cards"]} & set(keys)
    declined = await _events(demo_client, "bundle_declined")
    assert [e.properties["bundle"] for e in declined] == keys
    # Asked again after a reconnect: still not there.
    ws2 = await _ws(demo_client)
    again = await _say(ws2, "What goes with this?", "ask-2")
    assert not {c["offer"] for c in again["cards"]} & set(keys)


async def test_sold_out_between_showing_and_accepting(demo_client: Any) -> None:
    ws = await _ws(demo_client)
    await _cart(ws, "MACH-001")
    await ws.receive_json(timeout=20)
    async with demo_client.app[sessions_key]() as db:
        await db.exec(update(Product).where(col(Product.sku) == "ACC-004").values(stock=0))
        await db.commit()
    await ws.send_json(
        {"type": "action", "name": "bundle_accept", "offer": "bundle:espresso-starter"}
    )
    error = await ws.receive_json(timeout=20)
    assert (error["type"], error["code"]) == ("error", "out_of_stock")
    assert "ausverkauft" in error["message"]
    # Nothing was added, and the set is not suggested any more.
    reply = await _say(ws, "Was passt dazu?", "ask")
    assert "bundle:espresso-starter" not in [c["offer"] for c in reply["cards"]]
    assert all("ACC-004" not in [i["sku"] for i in c["items"]] for c in reply["cards"])
    assert await _events(demo_client, "bundle_accepted") == []


async def test_bad_and_unknown_actions(demo_client: Any) -> None:
    ws = await demo_client.ws_connect("/ws?shop=demo")
    await ws.send_json({"type": "action", "name": "bundle_accept", "offer": "product:ACC-001"})
    assert (await ws.receive_json(timeout=20))["code"] == "not_ready"
    ws = await _ws(demo_client)
    for frame, code in (
        ({"type": "action", "name": "bundle_accept", "offer": "product:ACC-001"}, "unknown_offer"),
        ({"type": "action", "name": "buy_everything", "offer": "product:ACC-001"}, "bad_frame"),
        ({"type": "action", "name": "bundle_accept", "offer": "<b>x</b>"}, "bad_frame"),
        ({"type": "action", "name": "bundle_accept"}, "bad_frame"),
    ):
        await ws.send_json(frame)
        assert (await ws.receive_json(timeout=20))["code"] == code


async def test_price_doubt_gets_a_cheaper_variant_that_replaces_the_item(demo_client: Any) -> None:
    ws = await _ws(demo_client, locale="en")
    await _cart(ws, "MACH-003")
    await ws.receive_json(timeout=20)  # the offer after adding
    reply = await _say(ws, "That is too expensive for me", "c1")
    assert reply["text"] == "There are cheaper options, too:"
    card = reply["cards"][0]
    assert (card["kind"], card["offer"], card["replaces"]) == (
        "down_sell",
        "product:MACH-002",
        "MACH-003",
    )
    assert card["reason"] == "A cheaper alternative to Doppio Pro Dual Boiler"
    assert card["actions"][0]["label"] == "Take this instead"
    await ws.send_json({"type": "action", "name": "bundle_accept", "offer": "product:MACH-002"})
    cart = await ws.receive_json(timeout=20)
    assert [i["sku"] for i in cart["items"]] == ["MACH-002"]
    done = await ws.receive_json(timeout=20)
    assert (
        done["text"]
        == "Done: Classica PID Espresso Machine instead of Doppio Pro Dual Boiler in your cart."
    )
    # With an empty cart a price question is the FAQ's.
    ws2 = await _ws(demo_client, visitor="other", locale="en")
    faq = await _say(ws2, "That is too expensive", "c2")
    assert not faq["cards"]


async def test_order_events_become_baskets_and_reach_the_model(any_db_client: Any) -> None:
    app = any_db_client.app
    service = app[bundles_key].service
    before = (await service.model("demo")).counts
    pair_before = before.together("TEA-003", "CUP-002")
    shop = await app[shops_key].get("demo")
    session = ChatSession(shop, "buyer", "de", True)
    engine = app[conversations_key]
    items = [
        {"sku": "TEA-003", "qty": 1, "price": "89.00"},
        {"sku": "CUP-002", "qty": 2, "price": "69.00"},
    ]
    await engine.record(
        session,
        (EventDraft("order_placed", {"order_id": "A-1", "items": items, "total": "227.00"}),),
    )
    # The shop's webhook for the same order, and junk that is still stored as an event.
    await engine.record(
        session, (EventDraft("order_created", {"order_id": "A-1", "items": items}),)
    )
    await engine.record(
        session, (EventDraft("order_created", {"order_id": "A-2", "items": "nope"}),)
    )
    async with app[sessions_key]() as db:
        baskets = (await db.exec(select(Basket).where(Basket.source == "event"))).all()
        lines = (
            await db.exec(select(BasketItem).where(BasketItem.basket_id == baskets[0].id))
        ).all()
    assert [b.external_id for b in baskets] == ["A-1"]
    assert sorted((line.sku, line.qty, str(line.price)) for line in lines) == [
        ("CUP-002", 2, "69.00"),
        ("TEA-003", 1, "89.00"),
    ]
    assert await service.refresh() == 1
    after = (await service.model("demo")).counts
    assert after.together("TEA-003", "CUP-002") == pair_before + 1
    assert after.baskets == before.baskets + 1
    assert await service.refresh() == 0
    assert await service.refresh(rebuild=True) == after.baskets


async def test_checkout_offer_is_the_best_fit_once_and_never_a_declined_one(
    demo_client: Any,
) -> None:
    ws = await _ws(demo_client)
    await _cart(ws, "FILT-002")
    pushed = await ws.receive_json(timeout=20)
    assert pushed["cards"][0]["offer"] == "bundle:pour-over-set"
    app = demo_client.app
    shop = await app[shops_key].get("demo")
    shown = await _events(demo_client, "bundle_shown")
    turn = Turn(
        shop=shop,
        message=UserMessage("c", "zur Kasse"),
        locale="de",
        locale_given=True,
        visitor_id="bundle-visitor",
        customer_id=shown[0].customer_id,
        conversation_id=shown[0].conversation_id,
    )
    offers = CheckoutOffers(app[bundles_key])
    # Shown after the cart change but left alone: checkout is the last chance for it.
    offer = await offers.propose(turn)
    assert offer is not None and offer.key == "bundle:pour-over-set"
    assert offer.skus == ("FILT-004", "FILT-005", "BEAN-005")
    assert offer.text.de.startswith("Bevor Sie bestellen – das passt noch dazu:\n")
    assert "Pour-Over-Set für Einsteiger (" in offer.text.de
    assert "Pour-over starter set (" in offer.text.en
    [card] = offer.cards
    assert card["offer"] == offer.key and "actions" not in card  # yes/no are the step's
    assert [e.properties["context"] for e in offer.events] == ["checkout"]
    # Declined (on the card, before checkout): the checkout offers something else.
    await ws.send_json({"type": "action", "name": "bundle_decline", "offer": offer.key})
    await _say(ws, "Hallo", "m1")
    other = await offers.propose(turn)
    assert other is not None and other.key != "bundle:pour-over-set"
    session = ChatSession(
        shop, "bundle-visitor", "de", True, shown[0].customer_id, shown[0].conversation_id
    )
    await app[conversations_key].record(session, other.events)
    assert await offers.propose(turn) is None  # once per conversation


async def test_greeting_ab_test_splits_visitors(demo_client: Any) -> None:
    app = demo_client.app
    async with app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        shop.settings = with_experiment(shop.settings, "greeting", True)
        db.add(shop)
        await db.commit()
    app[shops_key].forget("demo")
    texts = {}
    for visitor in ("visitor-a", "visitor-b", "visitor-c", "visitor-d", "visitor-e"):
        ws = await _ws(demo_client, visitor=visitor)
        texts[visitor] = ws.welcome["greeting"]
    for visitor, greeting in texts.items():
        if assign("greeting", visitor) == "bundles":
            assert "was zu Ihrem Warenkorb passt" in greeting["text"]
            assert greeting["quick_replies"][0]["text"] == "Was passt zu meinem Warenkorb?"
        else:
            assert greeting["text"].endswith("Wie kann ich helfen?")
    assert len({g["text"] for g in texts.values()}) == 2
    # The bundle quick reply leads to suggestions (the set, as the cart is empty).
    bundle_visitor = next(v for v in texts if assign("greeting", v) == "bundles")
    ws = await _ws(demo_client, visitor=bundle_visitor)
    reply = await _say(ws, "Was passt zu meinem Warenkorb?", "q1")
    assert reply["cards"] and reply["cards"][0]["kind"] == "bundle"
