"""A set's card promises a set price; the shopper pays exactly that: the cart carries the set
discount once the set is accepted (on its card or in checkout), the cart frame shows it, it
goes when the set is broken, and the checkout summary and the order include it, with the VAT
worked out by hand (on SQLite and PostgreSQL, through the real WebSocket)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import col, select

from assistant.storage.models import CartSet, DemoOrder, Event, Product
from tests.chat import ADDRESS_DE, Shopper
from web.keys import sessions_key

ESPRESSO_SET = ["MACH-001", "ACC-001", "ACC-004", "BEAN-001"]


def _items(frame: dict[str, Any]) -> list[tuple[str, int]]:
    return [(i["sku"], i["qty"]) for i in frame["items"]]


async def _events(client: Any, kind: str) -> list[Event]:
    async with client.app[sessions_key]() as db:
        return list(
            (await db.exec(select(Event).where(Event.type == kind).order_by(col(Event.id)))).all()
        )


async def test_an_accepted_set_keeps_its_price_until_it_is_broken(any_db_client: Any) -> None:
    shopper = await Shopper(any_db_client, "set-visitor").connect()
    cart = await shopper.set_cart(("MACH-001", 1))
    assert (cart["subtotal"], cart["discounts"], cart["discount"], cart["total"]) == (
        "249.00",
        [],
        "0",
        "249.00",
    )
    offer = await shopper.ws.receive_json(timeout=10)
    card = offer["cards"][0]
    assert (card["offer"], card["bundle_amount"]) == ("bundle:espresso-starter", "259.83")
    await shopper.ws.send_json(
        {"type": "action", "name": "bundle_accept", "offer": "bundle:espresso-starter"}
    )
    cart = await shopper.cart_frame()
    assert sorted(_items(cart)) == sorted((sku, 1) for sku in ESPRESSO_SET)
    # The total is the card's set price.
    assert (cart["subtotal"], cart["discount"], cart["total"]) == ("288.70", "28.87", "259.83")
    [applied] = cart["discounts"]
    assert applied == {
        "id": "espresso-starter",
        "skus": ESPRESSO_SET,
        "discount_pct": "10.00",
        "title_de": "Espresso-Starterset",
        "title_en": "Espresso starter set",
        "discount": "28.87",
    }
    done = await shopper.ws.receive_json(timeout=10)
    assert done["text"].endswith("Als Set zahlen Sie 28,87 € weniger.")
    [cart_event] = (await _events(any_db_client, "cart_updated"))[-1:]
    assert cart_event.properties["value"] == "259.83"
    # The page sends its cart: a second machine leaves the set complete, so it stays.
    cart = await shopper.set_cart(("MACH-001", 2), *((sku, 1) for sku in ESPRESSO_SET[1:]))
    assert (cart["discount"], cart["total"]) == ("28.87", "508.83")
    # Without the milk jug the set is broken: regular prices, and the set price is gone ...
    cart = await shopper.set_cart(("MACH-001", 1), ("ACC-001", 1), ("BEAN-001", 1))
    assert (cart["discounts"], cart["total"]) == ([], "275.80")
    # ... for good: putting the jug back does not bring it back (accept the set again).
    cart = await shopper.set_cart(*((sku, 1) for sku in ESPRESSO_SET))
    assert (cart["discounts"], cart["total"]) == ([], "288.70")
    async with any_db_client.app[sessions_key]() as db:
        assert (await db.exec(select(CartSet))).all() == []
    await shopper.close()


async def test_checkout_offer_accepted_the_order_has_the_set_price(any_db_client: Any) -> None:
    client = any_db_client
    shopper = await Shopper(client, "set-checkout").connect()
    await shopper.set_cart(("MACH-001", 1))
    await shopper.say("Zur Kasse")
    reply = await shopper.press("Weiter")
    assert reply["input"]["step"] == "offer"
    assert (
        "Espresso-Starterset (Tamper Aluminium 58 mm, Milchkännchen 350 ml, Espresso Hafenblick, "
        "500 g): als Set 259,83 € statt 288,70 €" in reply["text"]
    )
    assert "Passt zu Siebträgermaschine Piccola – als Set 10 % günstiger" in reply["text"]
    [card] = reply["cards"]
    assert card["offer"] == "bundle:espresso-starter" and "actions" not in card
    reply = await shopper.press("Ja")
    assert reply["text"].startswith(
        "Erledigt: Tamper Aluminium 58 mm, Milchkännchen 350 ml, Espresso Hafenblick, 500 g "
        "liegen jetzt im Warenkorb. Als Set zahlen Sie 28,87 € weniger."
    )
    assert reply["input"]["step"] == "email"
    cart = await shopper.cart_frame()  # the shop page hears about it
    assert (cart["total"], cart["discounts"][0]["id"]) == ("259.83", "espresso-starter")
    await shopper.say("erika@beispiel.de")
    await shopper.say(ADDRESS_DE)
    # Free shipping from 49 €: what counts is the set price.
    assert shopper.buttons()[0] == "Standard (DHL), 1–3 Werktage: 0,00 €"
    await shopper.press("Standard (DHL)")
    reply = await shopper.press("Rechnung")
    # 288.70 less 10 %: 259.83. The discount comes off the goods it applies to, per rate:
    # 27.68 off the 19 % goods (276.80 -> 249.12), 1.19 off the beans (11.90 -> 10.71).
    # 249.12 x 19/119 = 39.7753 -> 39.78; 10.71 x 7/107 = 0.7007 -> 0.70.
    for line in (
        "1 × Siebträgermaschine Piccola: 249,00 €",
        "1 × Espresso Hafenblick, 500 g: 11,90 €",
        "Set-Rabatt Espresso-Starterset: −28,87 €",
        "Versand, Standard (DHL): 0,00 €",
        "Gesamt: 259,83 €",
        "darin 19 % MwSt.: 39,78 €",
        "darin 7 % MwSt.: 0,70 €",
    ):
        assert line in reply["text"], reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Gesamtbetrag: 259,83 €" in reply["text"]
    order_id = reply["text"].split("Bestellnummer: ")[1].split(".")[0]
    async with client.app[sessions_key]() as db:
        order = await db.get(DemoOrder, order_id)
        left = (await db.exec(select(CartSet))).all()
    assert order is not None
    assert (order.subtotal, order.discount, order.shipping_price, order.total) == (
        Decimal("288.70"),
        Decimal("28.87"),
        Decimal("0.00"),
        Decimal("259.83"),
    )
    assert order.vat == [
        {"rate": "19", "gross": "249.12", "vat": "39.78"},
        {"rate": "7", "gross": "10.71", "vat": "0.70"},
    ]
    assert [(d["id"], d["discount"]) for d in order.discounts] == [("espresso-starter", "28.87")]
    assert left == []  # the order took the cart and its set with it
    [placed] = await _events(client, "order_placed")
    assert (placed.properties["total"], placed.properties["discount"]) == ("259.83", "28.87")
    assert placed.properties["sets"] == [{"id": "espresso-starter", "discount": "28.87"}]
    accepted = await _events(client, "bundle_accepted")
    assert [(e.properties["bundle"], e.properties["context"]) for e in accepted] == [
        ("bundle:espresso-starter", "checkout")
    ]
    # Order status shows what was paid.
    await shopper.cart_frame()  # the order emptied the cart
    await shopper.say("Wo ist meine Bestellung?")
    reply = await shopper.say(order_id)
    assert "Set-Rabatt: −28,87 €" in reply["text"] and "Gesamt: 259,83 €" in reply["text"]
    await shopper.close()


async def test_a_set_sold_out_before_the_yes_leaves_the_cart_as_it_was(demo_client: Any) -> None:
    shopper = await Shopper(demo_client, "set-sold-out", locale="en").connect()
    await shopper.set_cart(("MACH-001", 1))
    await shopper.say("checkout")
    reply = await shopper.press("Continue")
    assert reply["cards"][0]["offer"] == "bundle:espresso-starter"
    async with demo_client.app[sessions_key]() as db:
        jug = (await db.exec(select(Product).where(Product.sku == "ACC-004"))).one()
        jug.stock = 0
        db.add(jug)
        await db.commit()
    reply = await shopper.press("Yes")
    assert reply["text"].startswith("Sorry, that is sold out right now. Your cart is unchanged.")
    assert reply["input"]["step"] == "email"
    reply = await shopper.press("Back")
    assert reply["input"]["step"] == "offer"  # the same offer again, not a new one
    assert "Espresso starter set (" in reply["text"] and reply["cards"] == []
    reply = await shopper.press("No")
    assert reply["input"]["step"] == "email"
    declined = await _events(demo_client, "bundle_declined")
    assert [e.properties["bundle"] for e in declined] == ["bundle:espresso-starter"]
    await shopper.close()
