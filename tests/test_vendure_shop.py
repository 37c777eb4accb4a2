"""A real open-source shop system in the tests: Vendure 3 (tests/vendure/server.js, installed by
`make vendure`), driven through our Vendure connector by a German guest checkout in the chat.
Vendure's own Admin API then shows the order with its items, taxes and total.

Vendure's API reference: https://docs.vendure.io/reference/graphql-api/shop/ (Shop API) and
https://docs.vendure.io/reference/graphql-api/admin/ (Admin API)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from assistant.config import Config
from assistant.shop.platforms.connect import build_adapter
from assistant.storage.models import Shop
from tests.chat import Shopper
from tests.servers import shopassist
from tests.vendure_shop import ADMIN, VendureShop, run_vendure
from web.app import create_app
from web.keys import sessions_key


@pytest.fixture(scope="module")
def vendure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VendureShop]:
    yield from run_vendure(tmp_path_factory.mktemp("vendure"))


def _settings(shop: VendureShop, password: str = ADMIN[1]) -> dict[str, Any]:
    return {
        "adapter": "vendure",
        "base_url": shop.url,
        "admin_user": ADMIN[0],
        "admin_password": password,
        "timeout": 20,
    }


async def _client(aiohttp_client: Any, config: Config, shop: VendureShop) -> Any:
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="roesterei", name="Rösterei", allowed_origins=["self"],
                    settings=_settings(shop)))  # fmt: skip
        await db.commit()
    return client


async def test_a_german_guest_checkout_in_the_chat_creates_the_order_in_vendure(
    aiohttp_client: Any, config: Config, vendure: VendureShop
) -> None:
    client = await _client(aiohttp_client, config, vendure)
    shopper = await Shopper(client, "v-vendure", shop="roesterei").connect()
    frame = await shopper.set_cart(("ESP-250", 2), ("MUE-1", 1), ("NOPE-1", 1))
    assert [(x["sku"], x["qty"]) for x in frame["items"]] == [("ESP-250", 2), ("MUE-1", 1)]
    reply = await shopper.say("zur Kasse")
    assert "2 × Espresso-Bohnen 250 g: 19,80 €" in reply["text"]
    assert "Zwischensumme: 68,80 €" in reply["text"]
    await shopper.press("Weiter")
    await shopper.say("max@beispiel.de")
    reply = await shopper.say("Max Muster, Hauptstr. 5, 10115 Berlin")
    labels = shopper.buttons()
    assert any(label.startswith("Kostenloser Versand, 3–5 Werktage: 0,00") for label in labels)
    assert any(label.startswith("Standardversand, 2–4 Werktage: 4,90") for label in labels)
    await shopper.press("Kostenloser Versand")
    reply = await shopper.press("Rechnung")
    for line in ("Gesamt: 68,80 €", "darin 19 % MwSt.: 7,82 €", "darin 7 % MwSt.: 1,30 €"):
        assert line in reply["text"], reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Vielen Dank für Ihre Bestellung!" in reply["text"], reply["text"]
    code = reply["text"].split("Bestellnummer: ")[1].split(".")[0]

    # Vendure's own Admin API: the order with its items, taxes and total.
    order = vendure.admin(
        "query($code: String!) { orders(options: {filter: {code: {eq: $code}}}) { items {"
        " code state currencyCode totalWithTax subTotalWithTax shippingWithTax"
        " customer { emailAddress } shippingAddress { city postalCode countryCode }"
        " lines { quantity unitPriceWithTax productVariant { sku } }"
        " taxSummary { taxRate taxBase taxTotal } } } }",
        {"code": code},
    )["orders"]["items"][0]
    assert order["state"] == "PaymentAuthorized"
    assert (order["currencyCode"], order["totalWithTax"], order["shippingWithTax"]) == (
        "EUR",
        6880,
        0,
    )
    assert order["customer"]["emailAddress"] == "max@beispiel.de"
    assert order["shippingAddress"] == {
        "city": "Berlin",
        "postalCode": "10115",
        "countryCode": "DE",
    }
    assert sorted((x["productVariant"]["sku"], x["quantity"], x["unitPriceWithTax"])
                  for x in order["lines"]) == [("ESP-250", 2, 990), ("MUE-1", 1, 4900)]  # fmt: skip
    taxes = {
        (t["taxRate"], t["taxBase"], t["taxTotal"]) for t in order["taxSummary"] if t["taxBase"]
    }
    # 19.80 gross at 7 %: 18.50 net + 1.30; 49.00 at 19 %: 41.18 net + 7.82 (as the chat said).
    assert taxes == {(7, 1850, 130), (19, 4118, 782)}

    # The cart is empty now, and the order's status is there in the chat.
    assert (await shopper.cart_frame())["items"] == []
    await shopper.say("Wo ist meine Bestellung?")
    reply = await shopper.say(code)
    assert reply["text"] == "Und mit welcher E-Mail-Adresse haben Sie bestellt?"
    status = (await shopper.say("MAX@beispiel.de"))["text"]
    assert status.startswith(f"Bestellung {code}: eingegangen."), status
    assert "Gesamt: 68,80 €" in status
    await shopper.close()


async def test_the_vendure_connection_check_names_the_problem(vendure: VendureShop) -> None:
    good = build_adapter("vendure", _settings(vendure))
    assert await good.check() == []
    await good.close()
    wrong = build_adapter("vendure", _settings(vendure, password="not-it"))
    assert [p.code for p in await wrong.check()] == ["wrong_admin_key"]
    await wrong.close()
    elsewhere = build_adapter("vendure", {**_settings(vendure), "base_url": vendure.url + "/nope"})
    [problem] = await elsewhere.check()
    assert problem.code == "not_the_api" and "Vendure Shop API" in problem.message.en
    await elsewhere.close()


async def test_stock_vendure_does_not_have_is_not_put_in_the_cart(vendure: VendureShop) -> None:
    adapter = build_adapter("vendure", _settings(vendure))
    cart = await adapter.set_cart("c-stock", [("ESP-1000", 3)])  # one on hand
    assert [(x.sku, x.qty, x.unit_price) for x in cart.lines] == [("ESP-1000", 1, Decimal("29.90"))]
    await adapter.close()


def test_shops_check_connection_says_what_is_wrong(vendure: VendureShop) -> None:
    base = ["shops", "check-connection", "--adapter", "vendure", "--set", f"base_url={vendure.url}",
            "--set", f"admin_user={ADMIN[0]}"]  # fmt: skip
    good = shopassist(*base, "--set", "admin_password=env:SHOPASSIST_SHOP_VENDURE_PW",
                      env={"SHOPASSIST_SHOP_VENDURE_PW": ADMIN[1]})  # fmt: skip
    assert (good.returncode, good.stdout.strip()) == (
        0,
        "The vendure connection works: address, keys and permissions are right.",
    )
    wrong = shopassist(*base, "--set", "admin_password=guessed")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == (
        "wrong_admin_key: Vendure refuses the admin sign-in: wrong user or password."
    )
    unset = shopassist(*base, "--set", "admin_password=env:SHOPASSIST_SHOP_UNSET")
    assert unset.returncode == 2
    assert "the environment variable SHOPASSIST_SHOP_UNSET is not set" in unset.stderr
