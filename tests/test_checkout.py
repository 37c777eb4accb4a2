"""The checkout in the chat over the real WebSocket, on the demo shop: the whole way to an
order, back, cancel, a question in the middle, invalid input, cart changes and out of stock
at order time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import (
    Conversation,
    DemoOrder,
    DemoOrderLine,
    Event,
    Product,
    Shop,
)
from tests.chat import ADDRESS_DE, Shopper, to_step
from tests.clock import CHAT_MORNING, FakeClock
from web.app import create_app
from web.keys import sessions_key, shops_key


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(CHAT_MORNING)


@pytest.fixture
async def client(aiohttp_client: Any, config: Config, clock: FakeClock) -> Any:
    app = create_app(config, clock=clock)
    client = await aiohttp_client(app)
    await load_demo(app[sessions_key])
    return client


@pytest.fixture
async def shopper(client: Any) -> AsyncIterator[Shopper]:
    shopper = await Shopper(client, "visitor-checkout").connect()
    yield shopper
    await shopper.close()


async def _events(client: Any, kind: str) -> list[Event]:
    async with client.app[sessions_key]() as db:
        return list(
            (await db.exec(select(Event).where(Event.type == kind).order_by(col(Event.id)))).all()
        )


async def test_guest_checkout_to_an_order_with_exact_totals(client: Any, shopper: Shopper) -> None:
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    reply = await shopper.say("Ich möchte zur Kasse")
    assert "1 × Espresso Hafenblick, 500 g: 11,90 €" in reply["text"]
    assert "Zwischensumme: 20,80 €" in reply["text"]
    assert shopper.buttons()[0] == "Weiter"
    assert "Entfernen: Handfilter 02 Kunststoff" in shopper.buttons()
    reply = await shopper.press("Weiter")
    # Once per conversation, the best fitting offer: paper filters for the hand filter.
    assert reply["input"] == {"kind": "yes_no", "flow": "checkout", "step": "offer"}
    assert reply["text"].startswith("Bevor Sie bestellen – das passt noch dazu:")
    assert "Papierfilter 02, 100 Stück: 5,90 €" in reply["text"]
    assert [c["offer"] for c in reply["cards"]] == ["product:FILT-004"]
    assert shopper.buttons()[:2] == ["Ja", "Nein"]
    reply = await shopper.press("Nein")
    # The demo shop has no sign-in page, so there is no "guest or sign in?" to answer.
    assert reply["input"] == {"kind": "email", "flow": "checkout", "step": "email"}
    assert "Anmelden" not in shopper.buttons()
    reply = await shopper.say("erika@beispiel.de")
    assert reply["input"]["kind"] == "address"
    reply = await shopper.say(ADDRESS_DE)
    assert shopper.buttons()[:2] == [
        "Standard (DHL), 1–3 Werktage: 4,90 €",
        "Express (DHL), 1 Werktag: 9,90 €",
    ]
    await shopper.press("Standard (DHL)")
    assert shopper.buttons()[:4] == ["Rechnung", "Vorkasse (Überweisung)", "PayPal", "Kreditkarte"]
    reply = await shopper.press("Rechnung")
    text = reply["text"]
    for line in (
        "1 × Espresso Hafenblick, 500 g: 11,90 €",
        "1 × Handfilter 02 Kunststoff: 8,90 €",
        "Versand, Standard (DHL): 4,90 €",
        "Gesamt: 25,70 €",
        "darin 19 % MwSt.: 1,76 €",
        "darin 7 % MwSt.: 0,96 €",
        "Zahlung: Rechnung",
        "Lieferadresse: Erika Mustermann, Heidestraße 17, 51147 Köln, Deutschland",
    ):
        assert line in text, text
    assert shopper.buttons()[0] == "Zahlungspflichtig bestellen"
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Bestellnummer: BB-" in reply["text"] and "25,70 €" in reply["text"]
    cart = await shopper.cart_frame()  # the order emptied the cart; the shop page hears it
    assert cart["items"] == [] and cart["total"] == "0"

    order_id = reply["text"].split("Bestellnummer: ")[1].split(".")[0]
    async with client.app[sessions_key]() as db:
        order = await db.get(DemoOrder, order_id)
        lines = (
            await db.exec(select(DemoOrderLine).where(DemoOrderLine.order_id == order_id))
        ).all()
        stock = (await db.exec(select(Product.stock).where(Product.sku == "BEAN-001"))).one()
        conversation = (await db.exec(select(Conversation))).one()
    assert order is not None
    assert (order.total, order.subtotal, order.shipping_price) == (
        Decimal("25.70"),
        Decimal("20.80"),
        Decimal("4.90"),
    )
    assert order.vat == [
        {"rate": "19", "gross": "11.00", "vat": "1.76"},
        {"rate": "7", "gross": "14.70", "vat": "0.96"},
    ]
    assert (order.email, order.country, order.payment_id, order.status) == (
        "erika@beispiel.de",
        "DE",
        "invoice",
        "received",
    )
    assert [(x.sku, x.qty, x.unit_price, x.vat_rate) for x in lines] == [
        ("BEAN-001", 1, Decimal("11.90"), Decimal("7")),
        ("FILT-001", 1, Decimal("8.90"), Decimal("19")),
    ]
    assert stock == 139
    assert "flow" not in conversation.state  # the flow is over

    placed = await _events(client, "order_placed")
    assert len(placed) == 1
    assert placed[0].properties["order_id"] == order_id
    assert placed[0].properties["total"] == "25.70"
    assert placed[0].properties["items"] == [
        {"sku": "BEAN-001", "qty": 1, "price": "11.90"},
        {"sku": "FILT-001", "qty": 1, "price": "8.90"},
    ]
    steps = [
        (e.properties["step"], e.properties["status"])
        for e in await _events(client, "checkout_step")
    ]
    assert steps[:5] == [
        ("cart", "reached"),
        ("cart", "completed"),
        ("offer", "reached"),
        ("offer", "completed"),
        ("email", "reached"),
    ]
    assert steps[-2:] == [("summary", "reached"), ("summary", "completed")]
    shown_events = await _events(client, "bundle_shown")
    [shown] = [e for e in shown_events if e.properties["context"] == "checkout"]
    [declined] = await _events(client, "bundle_declined")
    assert (shown.properties["bundle"], shown.properties["context"]) == (
        "product:FILT-004",
        "checkout",
    )
    assert (declined.properties["bundle"], declined.properties["skus"]) == (
        "product:FILT-004",
        ["FILT-004"],
    )


async def test_back_goes_one_step_back_and_cancel_ends_the_checkout(
    client: Any, shopper: Shopper
) -> None:
    reply = await to_step(shopper, "shipping")
    reply = await shopper.say("zurück")
    assert reply["input"]["step"] == "address"
    reply = await shopper.press("Zurück")
    assert reply["input"]["step"] == "email"
    reply = await shopper.say(ADDRESS_DE)  # not an email: the email step is asked again
    assert reply["input"]["step"] == "email"
    reply = await shopper.say("Abbrechen")
    assert "abgebrochen" in reply["text"] and reply.get("input") is None
    assert [e.properties for e in await _events(client, "checkout_abandoned")] == [
        {"step": "email", "reason": "cancelled"}
    ]
    # Afterwards a question goes to the FAQ again.
    reply = await shopper.say("Wie lange dauert der Versand?")
    assert "1-3 Werktage" in reply["text"] and reply.get("input") is None


async def test_back_on_the_first_step_stays_there(shopper: Shopper) -> None:
    await shopper.set_cart(("BEAN-001", 1))
    await shopper.say("checkout")
    reply = await shopper.say("back")
    assert reply["text"].startswith("Das ist schon der erste Schritt.")
    assert reply["input"]["step"] == "cart"


async def test_a_question_in_the_middle_is_answered_then_the_step_is_asked_again(
    shopper: Shopper,
) -> None:
    await to_step(shopper, "email")
    reply = await shopper.say("Wie lange dauert der Versand nach Österreich?")
    assert "3-5 Werktage" in reply["text"]
    assert "Zurück zu Ihrer Bestellung:" in reply["text"]
    assert reply["text"].endswith(
        "An welche E-Mail-Adresse sollen Bestellbestätigung und Rechnung gehen?"
    )
    assert reply["input"]["step"] == "email"
    reply = await shopper.say("erika@beispiel.de")
    assert reply["input"]["step"] == "address"


async def test_invalid_email_and_postcode_get_helpful_messages(shopper: Shopper) -> None:
    await to_step(shopper, "email")
    reply = await shopper.say("erika at beispiel.de")
    assert reply["text"].startswith("Das sieht nicht nach einer E-Mail-Adresse aus.")
    assert reply["input"]["step"] == "email"
    reply = await shopper.say("erika@beispiel")
    assert "Nach dem @ fehlt eine gültige Domain" in reply["text"]
    await shopper.say("erika@beispiel.de")
    reply = await shopper.say("Erika Mustermann, Heidestraße 17, 5114 Köln, Deutschland")
    assert "Die Postleitzahl 5114 gibt es in Deutschland nicht" in reply["text"]
    assert reply["input"]["step"] == "address"
    reply = await shopper.say("Erika Mustermann, Heidestraße 17, 1010 Wien")
    assert "Bitte schreiben Sie das Land dazu" in reply["text"]


async def test_changing_quantities_and_removing_items_updates_the_shop_cart(
    shopper: Shopper,
) -> None:
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    await shopper.say("zur Kasse")
    reply = await shopper.press("Menge ändern: Espresso")
    assert reply["text"].startswith("Wie viele „Espresso Hafenblick, 500 g“ möchten Sie?")
    assert reply["input"]["kind"] == "quantity"
    reply = await shopper.say("zwei Stück")
    assert reply["text"].startswith("Menge geändert: 2 × Espresso Hafenblick, 500 g.")
    assert "Zwischensumme: 32,70 €" in reply["text"]
    cart = await shopper.cart_frame()
    assert [(i["sku"], i["qty"]) for i in cart["items"]] == [("BEAN-001", 2), ("FILT-001", 1)]
    await shopper.press("Menge ändern: Espresso")
    reply = await shopper.say("500")
    assert "0 bis 99" in reply["text"] and reply["input"]["step"] == "quantity"
    reply = await shopper.say("99")
    assert "nur noch 140 Stück" not in reply["text"]  # 140 in stock: 99 is fine
    await shopper.cart_frame()
    reply = await shopper.press("Entfernen: Handfilter")
    assert "„Handfilter 02 Kunststoff“ ist aus dem Warenkorb entfernt." in reply["text"]
    cart = await shopper.cart_frame()
    assert [(i["sku"], i["qty"]) for i in cart["items"]] == [("BEAN-001", 99)]
    reply = await shopper.press("Entfernen: Espresso")
    assert reply["text"].startswith("Ihr Warenkorb ist leer.") and reply.get("input") is None


async def test_more_than_in_stock_is_refused_at_the_quantity_step(
    client: Any, shopper: Shopper
) -> None:
    await shopper.set_cart(("MACH-001", 1))
    await shopper.say("zur Kasse")
    async with client.app[sessions_key]() as db:
        stock = (await db.exec(select(Product.stock).where(Product.sku == "MACH-001"))).one()
    await shopper.press("Menge ändern")
    reply = await shopper.say(str(stock + 1))
    assert f"nur noch {stock} Stück" in reply["text"] and reply["input"]["step"] == "quantity"


async def test_out_of_stock_at_order_time_goes_back_to_the_cart(
    client: Any, shopper: Shopper
) -> None:
    await to_step(shopper, "summary")
    async with client.app[sessions_key]() as db:
        await db.exec(update(Product).where(col(Product.sku) == "FILT-001").values(stock=0))
        await db.commit()
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert reply["text"].startswith(
        "Leider ist inzwischen nicht mehr alles vorrätig: Handfilter 02 Kunststoff."
    )
    assert reply["input"]["step"] == "cart"
    async with client.app[sessions_key]() as db:
        assert (await db.exec(select(DemoOrder))).all() == []
        stock = (await db.exec(select(Product.stock).where(Product.sku == "BEAN-001"))).one()
    assert stock == 140  # nothing was taken
    # Remove the missing item: the earlier answers are kept, so "continue" leads straight
    # back to the summary, now priced for what is left.
    await shopper.press("Entfernen: Handfilter")
    await shopper.cart_frame()
    reply = await shopper.press("Weiter")
    assert reply["input"]["step"] == "summary"
    assert "Gesamt: 16,80 €" in reply["text"] and "E-Mail: erika@beispiel.de" in reply["text"]
    reply = await shopper.press("Zurück")
    assert reply["input"]["step"] == "payment"
    await shopper.press("Rechnung")
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Bestellnummer: BB-" in reply["text"]


async def test_redirect_payment_gets_a_link_and_never_asks_for_card_data(
    client: Any, shopper: Shopper
) -> None:
    await to_step(shopper, "payment")
    await shopper.press("PayPal")
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Kartendaten geben Sie nur dort ein" in reply["text"]
    [card] = reply["cards"]
    assert (card["kind"], card["title"]) == ("link", "Jetzt bezahlen mit PayPal")
    assert card["url"].startswith("/demo/pay/BB-") and card["url"].endswith("?lang=de")
    page = await client.get(card["url"])
    assert page.status == 200
    assert "Demo-Zahlung" in await page.text() and "25,70 €" in await page.text()
    assert (await client.get("/demo/pay/BB-NOPE1234")).status == 404
    assert (await client.get("/demo/pay/<script>")).status == 404


async def test_english_with_an_austrian_address(client: Any) -> None:
    shopper = await Shopper(client, "visitor-en", locale="en").connect()
    await shopper.set_cart(("TEA-004", 2), ("CUP-001", 1))
    reply = await shopper.say("checkout")
    assert "Subtotal:" in reply["text"]
    await shopper.press("Continue")
    await shopper.press("No")  # the offer
    await shopper.say("anna@example.at")
    reply = await shopper.say("Anna Gruber, Mariahilfer Straße 12/3/4, 1060 Wien, Austria")
    assert shopper.buttons()[0] == "Standard (DHL), 3–5 working days: €6.90"
    await shopper.press("Standard")
    reply = await shopper.press("Invoice")
    assert (
        "Delivery address: Anna Gruber, Mariahilfer Straße 12/3/4, 1060 Wien, Austria"
        in reply["text"]
    )
    assert "incl. 20% VAT" in reply["text"] and "incl. 10% VAT" in reply["text"]
    reply = await shopper.press("Buy now")
    assert "Your order number: BB-" in reply["text"]
    await shopper.close()


async def _set_login_url(client: Any, url: str | None) -> None:
    async with client.app[sessions_key]() as db:
        shop = await db.get(Shop, "demo")
        assert shop is not None
        settings = {k: v for k, v in shop.settings.items() if k != "login_url"}
        shop.settings = settings if url is None else {**settings, "login_url": url}
        db.add(shop)
        await db.commit()
    client.app[shops_key].forget("demo")  # what the console's settings page does


async def test_sign_in_is_offered_only_where_the_shop_has_a_sign_in_page(client: Any) -> None:
    """With a ``login_url`` the account step asks "guest or sign in?" and points to the page.
    Without one (the demo) the step is skipped (see the guest checkout above), and a shopper
    who was asked before the page went away goes on as a guest instead of into an error."""
    await _set_login_url(client, "https://shop.example/konto")
    shopper = await Shopper(client, "visitor-sign-in").connect()
    await shopper.set_cart(("BEAN-001", 1))
    await shopper.say("Zur Kasse")
    await shopper.press("Weiter")
    reply = await shopper.press("Nein")
    assert reply["input"]["step"] == "account"
    assert shopper.buttons()[:2] == ["Als Gast bestellen", "Anmelden"]
    reply = await shopper.press("Anmelden")
    assert "Melden Sie sich bitte im Shop an unter https://shop.example/konto." in reply["text"]
    assert reply["input"]["step"] == "account"

    await _set_login_url(client, None)
    reply = await shopper.press("Anmelden")
    assert reply["input"]["step"] == "email", reply["text"]
    assert "schiefgegangen" not in reply["text"]
    await shopper.close()
