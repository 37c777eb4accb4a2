"""Discount codes in the chat checkout over the real WebSocket, on the demo shop: the cart's
"Gutschein einlösen", "Ich habe einen Gutschein" in a later step, the discount in the cart,
the summary and the placed order, and each reason a code is refused, in German and English."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import col, select

from assistant.config import Config
from assistant.demo.loader import load_demo
from assistant.storage.models import (
    CodeRedemption,
    DemoOrder,
    DiscountCode,
    Event,
    LifecycleAction,
    Visitor,
)
from tests.chat import Shopper
from tests.clock import CHAT_MORNING, FakeClock
from tests.consoles import add_agent, sign_in
from tests.lifecycle_helpers import identify_frame, shop_secret
from web.app import create_app
from web.keys import sessions_key

ADDRESS_DE = "Erika Mustermann\nHeidestraße 17\n51147 Köln\nDeutschland"


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
    shopper = await Shopper(client, "visitor-codes").connect()
    yield shopper
    await shopper.close()


async def _code(
    client: Any,
    code: str,
    clock: FakeClock,
    *,
    kind: str = "percent",
    value: str = "10",
    min_order: str = "0",
    days: float = 30,
    uses: int = 0,
) -> None:
    async with client.app[sessions_key]() as db:
        db.add(
            DiscountCode(
                shop_id="demo",
                code=code,
                kind=kind,
                value=Decimal(value),
                min_order=Decimal(min_order),
                expires_at=clock.now + timedelta(days=days),
                max_uses=1,
                uses=uses,
                created_at=clock.now,
            )
        )
        await db.commit()


async def _to_summary(shopper: Shopper) -> dict[str, Any]:
    reply = await shopper.press("Weiter")  # the offer
    reply = await shopper.press("Nein")
    reply = await shopper.say("erika@beispiel.de")
    reply = await shopper.say(ADDRESS_DE)
    reply = await shopper.press("Standard (DHL)")
    reply = await shopper.press("Rechnung")
    assert reply["input"]["step"] == "summary", reply["text"]
    return reply


async def test_a_code_from_the_cart_step_lowers_summary_and_order(
    client: Any, shopper: Shopper, clock: FakeClock
) -> None:
    await _code(client, "WIEDERDA-7KQ2MX", clock)
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    await shopper.say("Zur Kasse")
    assert "Gutschein einlösen" in shopper.buttons()
    reply = await shopper.press("Gutschein einlösen")
    assert reply["input"] == {"kind": "code", "flow": "checkout", "step": "code"}
    assert "Bitte geben Sie Ihren Gutscheincode ein." in reply["text"]
    reply = await shopper.say("WIEDERDA-XXXXXX")
    assert "Den Gutscheincode „WIEDERDA-XXXXXX“ kennen wir leider nicht" in reply["text"]
    assert reply["input"]["step"] == "code"  # asked again
    reply = await shopper.say("mein code ist wiederda-7kq2mx")
    assert "Gutschein WIEDERDA-7KQ2MX eingelöst: Sie sparen 2,08 €." in reply["text"]
    assert reply["input"]["step"] == "cart"  # back to the cart, now with the discount
    assert "Gutschein WIEDERDA-7KQ2MX: −2,08 €" in reply["text"]
    assert "Zwischensumme: 18,72 €" in reply["text"]
    cart = await shopper.cart_frame()  # the shop page hears the new cart value
    assert cart["total"] == "18.72"

    reply = await _to_summary(shopper)
    for line in (
        "Gutschein WIEDERDA-7KQ2MX: −2,08 €",
        "Versand, Standard (DHL): 4,90 €",
        "Gesamt: 23,62 €",  # 20,80 − 2,08 + 4,90
        "darin 19 % MwSt.: 1,61 €",  # the code and shipping split by the goods' rates
        "darin 7 % MwSt.: 0,88 €",
    ):
        assert line in reply["text"], reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Gesamtbetrag: 23,62 €" in reply["text"]
    assert "Mit Ihrem Gutschein WIEDERDA-7KQ2MX haben Sie 2,08 € gespart." in reply["text"]
    assert (await shopper.cart_frame())["items"] == []  # the order emptied the cart

    order_id = reply["text"].split("Bestellnummer: ")[1].split(".")[0]
    async with client.app[sessions_key]() as db:
        order = await db.get(DemoOrder, order_id)
        code = await db.get(DiscountCode, ("demo", "WIEDERDA-7KQ2MX"))
        redemption = await db.get(CodeRedemption, ("demo", order_id))
        placed = (await db.exec(select(Event).where(Event.type == "order_placed"))).one()
    assert order is not None and code is not None and redemption is not None
    assert (order.subtotal, order.discount, order.total) == (
        Decimal("20.80"),
        Decimal("2.08"),
        Decimal("23.62"),
    )
    assert {"code": "WIEDERDA-7KQ2MX", "discount": "2.08"} in order.discounts
    assert code.uses == 1
    assert (redemption.code, redemption.amount) == ("WIEDERDA-7KQ2MX", Decimal("2.08"))
    assert placed.properties["code"] == "WIEDERDA-7KQ2MX"
    assert placed.properties["total"] == "23.62"

    # The code is personal and single-use: the next cart is told so.
    await shopper.set_cart(("BEAN-001", 1))
    await shopper.say("Zur Kasse")
    reply = await shopper.say("Ich habe einen Gutschein: WIEDERDA-7KQ2MX")
    assert "Der Gutscheincode „WIEDERDA-7KQ2MX“ wurde bereits eingelöst." in reply["text"]
    assert "Gutschein WIEDERDA" not in reply["text"].split("eingelöst.")[1]


async def test_i_have_a_voucher_at_the_summary_comes_back_to_the_summary(
    client: Any, shopper: Shopper, clock: FakeClock
) -> None:
    await _code(client, "DANKE5", clock, kind="amount", value="5")
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    await shopper.say("Zur Kasse")
    reply = await _to_summary(shopper)
    assert "Gesamt: 25,70 €" in reply["text"]
    reply = await shopper.say("Ich habe einen Gutschein")
    assert reply["input"]["step"] == "code"
    assert "Ohne Gutschein weiter" in shopper.buttons()
    reply = await shopper.say("danke5")
    assert "Gutschein DANKE5 eingelöst: Sie sparen 5,00 €." in reply["text"]
    assert reply["input"]["step"] == "summary"
    assert "Gesamt: 20,70 €" in reply["text"]
    assert (await shopper.cart_frame())["total"] == "15.80"
    reply = await shopper.say("Ich habe einen Gutschein")
    reply = await shopper.press("Ohne Gutschein weiter")  # changed their mind: nothing lost
    assert reply["input"]["step"] == "summary" and "Gesamt: 20,70 €" in reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Gesamtbetrag: 20,70 €" in reply["text"]
    assert "Mit Ihrem Gutschein DANKE5 haben Sie 5,00 € gespart." in reply["text"]


async def test_a_code_typed_with_the_request_is_applied_in_place(
    client: Any, shopper: Shopper, clock: FakeClock
) -> None:
    await _code(client, "SOMMER10", clock)
    await shopper.set_cart(("BEAN-001", 2))
    await shopper.say("Zur Kasse")
    await shopper.press("Weiter")
    await shopper.press("Nein")
    reply = await shopper.say("Gutscheincode SOMMER10")
    assert "Gutschein SOMMER10 eingelöst: Sie sparen 2,38 €." in reply["text"]
    assert reply["input"]["step"] == "email"  # the step it was typed in, asked again
    assert (await shopper.cart_frame())["code"] == {"code": "SOMMER10", "discount": "2.38"}
    # A question about vouchers is a question, not a request to enter one.
    reply = await shopper.say("Kann ich bei euch auch Gutscheine kaufen?")
    assert reply["input"]["step"] == "email"
    assert "Gutschein SOMMER10 eingelöst" not in reply["text"]


async def test_expired_and_minimum_order_say_why_in_german_and_english(
    client: Any, clock: FakeClock
) -> None:
    await _code(client, "ALT10", clock, days=-1)
    await _code(client, "AB50", clock, kind="amount", value="10", min_order="50")
    german = await Shopper(client, "visitor-de").connect()
    await german.set_cart(("BEAN-001", 1))
    await german.say("Zur Kasse")
    reply = await german.say("Ich habe einen Gutschein: ALT10")
    assert "Der Gutscheincode „ALT10“ ist leider abgelaufen." in reply["text"]
    reply = await german.say("Ich habe einen Gutschein: AB50")
    assert (
        "Der Gutscheincode „AB50“ gilt ab einem Bestellwert von 50,00 €. "
        "Ihr Warenkorb liegt bei 11,90 €." in reply["text"]
    )
    await german.close()

    english = await Shopper(client, "visitor-en", locale="en").connect()
    await english.set_cart(("BEAN-001", 1))
    await english.say("checkout")
    reply = await english.press("Redeem a voucher")
    assert "Please enter your voucher code." in reply["text"]
    reply = await english.say("ALT10")
    assert "Sorry, the voucher code “ALT10” has expired." in reply["text"]
    reply = await english.say("AB50")
    assert (
        "The voucher code “AB50” applies to orders of €50.00 or more. "
        "Your cart comes to €11.90." in reply["text"]
    )
    reply = await english.say("I have a voucher: NOPE123")
    assert "Sorry, we do not know the voucher code “NOPE123”." in reply["text"]
    reply = await english.press("Continue without voucher")
    assert reply["input"]["step"] == "cart"
    await english.close()
    async with client.app[sessions_key]() as db:
        used = (await db.exec(select(DiscountCode).where(col(DiscountCode.uses) > 0))).all()
    assert used == []


async def test_the_console_counts_a_rules_redeemed_codes(
    client: Any, shopper: Shopper, clock: FakeClock
) -> None:
    """A win-back message was shown with its code; the order that redeems it counts for the
    rule on the console's dashboard, with what the code took off."""
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))  # the visitor is a customer now
    async with client.app[sessions_key]() as db:
        visitor = await db.get(Visitor, ("demo", "visitor-codes"))
        assert visitor is not None
        action = LifecycleAction(
            shop_id="demo",
            customer_id=visitor.customer_id,
            rule="win_back",
            channel="widget",
            status="shown",
            due_at=clock.now,
            created_at=clock.now,
            shown_at=clock.now,
        )
        db.add(action)
        await db.flush()
        db.add(
            DiscountCode(
                shop_id="demo",
                code="WIEDERDA-7KQ2MX",
                kind="percent",
                value=Decimal("10"),
                expires_at=clock.now + timedelta(days=30),
                rule="win_back",
                customer_id=visitor.customer_id,
                action_id=action.id,
                created_at=clock.now,
            )
        )
        await db.commit()
    clock.advance(minutes=5)
    await shopper.say("Zur Kasse")
    await shopper.say("Ich habe einen Gutschein: WIEDERDA-7KQ2MX")
    await shopper.cart_frame()
    await _to_summary(shopper)
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Gesamtbetrag: 23,62 €" in reply["text"]

    clock.advance(minutes=5)
    await add_agent(client.app, "anna@example.com")
    await sign_in(client, "anna@example.com")
    page = await (await client.get("/console/dashboard?from=2026-11-20&to=2026-11-23")).text()
    assert "Lifecycle-Aktionen und Gutscheine" in page
    row = re.search(r"<tr><th scope=\"row\">win_back/widget</th>(.*?)</tr>", page, re.S)
    assert row is not None, page[page.find("Lifecycle-Aktionen") :][:2000]
    cells = [htmllib.unescape(c).strip() for c in re.findall(r"<td>(.*?)</td>", row.group(1))]
    # shown, clicked, converted (the order within 7 days), redeemed, discount
    assert cells == ["1", "0", "1", "1", "2,08 €"]


async def test_a_voucher_outside_the_checkout_starts_it_with_the_code(
    client: Any, shopper: Shopper, clock: FakeClock
) -> None:
    await _code(client, "WIEDERDA-7KQ2MX", clock)
    await _code(client, "AB50", clock, kind="amount", value="10", min_order="50")
    # Without a code and an empty cart: come back with a full one.
    reply = await shopper.say("Ich habe einen Gutschein")
    assert reply["text"].startswith("Gern! Ihr Gutschein gilt für Ihre nächste Bestellung")
    # The win-back teaser's button says "Code … einlösen": an empty cart keeps the code.
    reply = await shopper.say("Code WIEDERDA-7KQ2MX einlösen")
    assert reply["text"].startswith("Ihr Gutschein WIEDERDA-7KQ2MX ist für Ihren Warenkorb")
    reply = await shopper.say("Code AB50 einlösen")  # checked now: the minimum is not reached
    assert "gilt ab einem Bestellwert von 50,00 €" in reply["text"]
    await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    reply = await shopper.say("zur Kasse")
    assert "Gutschein WIEDERDA-7KQ2MX: −2,08 €" in reply["text"]  # came along with the cart
    await shopper.say("abbrechen")
    reply = await shopper.say("Code WIEDERDA-7KQ2MX einlösen")
    assert "Gutschein WIEDERDA-7KQ2MX eingelöst: Sie sparen 2,08 €." in reply["text"]
    assert reply["input"]["step"] == "cart" and "Zwischensumme: 18,72 €" in reply["text"]
    await shopper.cart_frame()
    await shopper.say("abbrechen")
    reply = await shopper.say("I have a voucher")  # no code yet: the checkout asks for it
    assert reply["input"]["step"] == "code"


async def test_a_code_used_up_before_the_order_is_told_not_charged(
    client: Any, clock: FakeClock
) -> None:
    """Two shoppers hold the same single-use code; the second to order is told it is used
    and asked again, and no order goes through at a price the shop no longer grants."""
    await _code(client, "SOMMER10", clock)
    first = await Shopper(client, "visitor-first").connect()
    second = await Shopper(client, "visitor-second").connect()
    for shopper in (first, second):
        await shopper.set_cart(("BEAN-001", 1), ("FILT-001", 1))
        await shopper.say("Zur Kasse")
        await shopper.say("Ich habe einen Gutschein: SOMMER10")
        await shopper.cart_frame()
        reply = await _to_summary(shopper)
        assert "Gesamt: 23,62 €" in reply["text"]
    reply = await first.press("Zahlungspflichtig bestellen")
    assert "Gesamtbetrag: 23,62 €" in reply["text"]
    reply = await second.press("Zahlungspflichtig bestellen")
    assert "Der Gutscheincode „SOMMER10“ wurde bereits eingelöst." in reply["text"]
    assert reply["input"]["step"] == "code"
    reply = await second.press("Ohne Gutschein weiter")
    assert reply["input"]["step"] == "cart" and "Zwischensumme: 20,80 €" in reply["text"]
    async with client.app[sessions_key]() as db:
        orders = (await db.exec(select(DemoOrder))).all()
    assert [o.total for o in orders] == [Decimal("23.62")]
    await first.close()
    await second.close()


async def _identify(client: Any, shopper: Shopper, external_id: str) -> None:
    await shopper.ws.send_json(identify_frame(await shop_secret(client), external_id))
    while (await shopper.ws.receive_json(timeout=10))["type"] != "identified":
        pass


async def test_codes_go_with_the_customer_when_she_signs_in(client: Any, clock: FakeClock) -> None:
    """Her code was issued to her anonymous visit; she signs in on a known account: the
    code, and the code kept with her empty cart, are the known customer's now."""
    await _code(client, "WIEDERDA-7KQ2MX", clock)
    known = await Shopper(client, "visitor-known").connect()
    await _identify(client, known, "c-7")
    await known.close()
    anonymous = await Shopper(client, "visitor-anon").connect()
    await anonymous.set_cart()  # the page tells its (empty) cart: she is a customer now
    reply = await anonymous.say("Code WIEDERDA-7KQ2MX einlösen")
    assert "ist für Ihren Warenkorb vorgemerkt" in reply["text"]
    async with client.app[sessions_key]() as db:
        anon = await db.get(Visitor, ("demo", "visitor-anon"))
        assert anon is not None
        code = await db.get(DiscountCode, ("demo", "WIEDERDA-7KQ2MX"))
        assert code is not None
        code.customer_id, code.rule = anon.customer_id, "win_back"
        db.add(code)
        await db.commit()
    await _identify(client, anonymous, "c-7")
    async with client.app[sessions_key]() as db:
        now_known = await db.get(Visitor, ("demo", "visitor-anon"))
        code = await db.get(DiscountCode, ("demo", "WIEDERDA-7KQ2MX"))
    assert now_known is not None and code is not None
    assert now_known.customer_id != anon.customer_id  # merged into the known customer
    assert code.customer_id == now_known.customer_id
    await anonymous.set_cart(("BEAN-001", 1), ("FILT-001", 1))
    reply = await anonymous.say("Zur Kasse")
    assert "Gutschein WIEDERDA-7KQ2MX: −2,08 €" in reply["text"]
    await anonymous.close()
