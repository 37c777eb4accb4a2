"""The HTTP shop adapter against a real little shop server on 127.0.0.1: the contract, its
failure modes (timeout, 5xx, refused token, wrong JSON, connection refused, out of stock at
order time), and a whole checkout in the chat through it."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from assistant.config import Config
from assistant.shop.adapter import (
    Cart,
    CartLine,
    OrderRefused,
    OrderRequest,
    OutOfStock,
    SetTerms,
    ShopUnavailable,
)
from assistant.shop.http import HttpShopAdapter
from assistant.storage.models import Bundle, Shop
from flows import Address
from tests.chat import Shopper
from tests.servers import free_port
from tests.shop_server import TOKEN, ShopState, make_shop
from web.app import create_app
from web.keys import sessions_key

ADDRESS = Address("Max Muster", "Hauptstr. 5", "10115", "Berlin", "DE")


@pytest.fixture
def state() -> ShopState:
    return ShopState()


@pytest.fixture
async def shop_url(aiohttp_server: Any, state: ShopState) -> str:
    server = await aiohttp_server(make_shop(state), host="127.0.0.1")
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def adapter(shop_url: str) -> Any:
    adapter = HttpShopAdapter(shop_url, TOKEN, timeout=0.5)
    yield adapter
    await adapter.close()


def _order(cart: Cart, total: str, key: str = "conv:1") -> OrderRequest:
    return OrderRequest(
        discounts=cart.discounts,
        cart_id="c1",
        customer_ref="cust-1",
        email="max@beispiel.de",
        address=ADDRESS,
        shipping_id="std",
        payment_id="pp",
        locale="de",
        lines=cart.lines,
        total=Decimal(total),
        idempotency_key=key,
    )


async def test_the_contract(adapter: HttpShopAdapter, state: ShopState) -> None:
    assert [p.sku for p in await adapter.products()] == ["K-1", "M-1"]
    coffee = await adapter.product("K-1")
    assert coffee is not None and (coffee.price, coffee.vat, coffee.stock) == (
        Decimal("9.50"),
        "reduced",
        5,
    )
    assert await adapter.product("NOPE") is None
    cart = await adapter.set_cart("c1", [("K-1", 2)])
    assert cart.lines == (CartLine("K-1", 2, "Kaffee", "Coffee", Decimal("9.50"), "reduced"),)
    cart = await adapter.add_to_cart("c1", "M-1")
    assert [(x.sku, x.qty) for x in cart.lines] == [("K-1", 2), ("M-1", 1)]
    assert (await adapter.get_cart("c1")) == cart
    [option] = await adapter.shipping_options("DE", cart)
    assert (option.id, option.price, option.days_min, option.days_max) == (
        "std",
        Decimal("0.00"),
        2,
        4,
    )
    assert await adapter.shipping_options("CH", cart) == []
    methods = await adapter.payment_methods("DE", Decimal("59.00"))
    assert [(m.id, m.kind) for m in methods] == [("inv", "invoice"), ("pp", "redirect")]
    placed = await adapter.create_order(_order(cart, "59.00"))
    assert (placed.order_id, placed.total, placed.payment_url) == (
        "T-1000",
        Decimal("59.00"),
        "https://pay.example/T-1000",
    )
    again = await adapter.create_order(_order(cart, "59.00"))  # a retry: the same order
    assert again == placed and len(state.orders) == 1
    assert state.idempotency_keys == ["conv:1", "conv:1"]
    info = await adapter.order_status("T-1000")
    assert info is not None
    assert (info.email, info.customer_ref, info.status, info.tracking_url) == (
        "max@beispiel.de",
        "cust-1",
        "shipped",
        "https://track.example/1",
    )
    assert await adapter.order_status("T-9") is None
    assert await adapter.order_status("../carts/c1") is None  # path segments are escaped


COFFEE_SET = SetTerms("kaffee-set", ("M-1", "K-1"), Decimal("10"), "Kaffee-Set", "Coffee set")


async def test_set_prices_in_the_contract(adapter: HttpShopAdapter, state: ShopState) -> None:
    await adapter.set_cart("c1", [("K-1", 1), ("M-1", 1)])
    cart = await adapter.apply_set("c1", COFFEE_SET)
    # 40.00 + 9.50 = 49.50, 10 % off: 44.55, so 4.95 off.
    [applied] = cart.discounts
    assert (applied.terms, applied.amount) == (COFFEE_SET, Decimal("4.95"))
    assert (cart.subtotal, cart.total) == (Decimal("49.50"), Decimal("44.55"))
    assert state.requests[-2:] == ["GET /carts/c1", "PUT /carts/c1"]
    # A PUT without sets keeps the set while it is complete ...
    cart = await adapter.add_to_cart("c1", "K-1")
    assert cart.discounts == (applied,) and cart.total == Decimal("54.05")
    assert await adapter.get_cart("c1") == cart
    # ... and the order carries it: the shop checks the set and the total it makes.
    [option] = await adapter.shipping_options("DE", cart)  # 54.05 after the set: free
    assert option.price == Decimal("0.00")
    placed = await adapter.create_order(_order(cart, "54.05"))
    sent = state.orders[placed.order_id]["body"]
    assert sent["sets"] == [
        {
            "id": "kaffee-set",
            "skus": ["M-1", "K-1"],
            "discount_pct": "10",
            "title_de": "Kaffee-Set",
            "title_en": "Coffee set",
            "discount": "4.95",
        }
    ]
    info = await adapter.order_status(placed.order_id)
    assert info is not None and (info.total, info.discount) == (Decimal("54.05"), Decimal("4.95"))
    # Broken, the set is gone for good; an order still claiming it is refused.
    cart = await adapter.set_cart("c2", [("K-1", 1), ("M-1", 1)])
    with_set = await adapter.apply_set("c2", COFFEE_SET)
    cart = await adapter.set_quantity("c2", "M-1", 0)
    assert cart.discounts == () and cart.total == Decimal("9.50")
    cart = await adapter.add_to_cart("c2", "M-1")
    assert cart.discounts == ()
    claimed = replace(_order(with_set, "49.55", "conv:2"), cart_id="c2")
    with pytest.raises(OrderRefused):
        await adapter.create_order(claimed)


async def test_out_of_stock_at_order_time(adapter: HttpShopAdapter, state: ShopState) -> None:
    cart = await adapter.set_cart("c1", [("M-1", 2)])
    state.products["M-1"]["stock"] = 1
    with pytest.raises(OutOfStock) as caught:
        await adapter.create_order(_order(cart, "80.00"))
    assert caught.value.skus == ("M-1",)
    assert caught.value.code == "out_of_stock"


async def test_a_shop_that_hangs_times_out(adapter: HttpShopAdapter, state: ShopState) -> None:
    state.delay = 30  # far beyond the adapter's 0.5 s
    with pytest.raises(ShopUnavailable) as caught:
        await adapter.get_cart("c1")
    assert "no answer" in caught.value.detail


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx(adapter: HttpShopAdapter, state: ShopState, status: int) -> None:
    state.fail_status = status
    with pytest.raises(ShopUnavailable) as caught:
        await adapter.products()
    assert f"HTTP {status}" in caught.value.detail
    assert caught.value.message.de.startswith("Der Shop ist gerade nicht erreichbar")


async def test_a_wrong_token_or_wrong_json_is_unavailable(shop_url: str, state: ShopState) -> None:
    wrong = HttpShopAdapter(shop_url, "not-the-token", timeout=0.5)
    with pytest.raises(ShopUnavailable, match="HTTP 401"):
        await wrong.get_cart("c1")
    await wrong.close()
    state.garbage = True
    adapter = HttpShopAdapter(shop_url, TOKEN, timeout=0.5)
    with pytest.raises(ShopUnavailable, match="bad answer"):
        await adapter.get_cart("c1")
    await adapter.close()


async def test_nobody_listening() -> None:
    adapter = HttpShopAdapter(f"http://127.0.0.1:{free_port()}", TOKEN, timeout=0.5)
    with pytest.raises(ShopUnavailable):
        await adapter.products()
    await adapter.close()


async def _http_shop_client(aiohttp_client: Any, config: Config, shop_url: str) -> Any:
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(
            Shop(
                id="kaffee",
                name="Kaffee Klein",
                allowed_origins=["self"],
                settings={"adapter": "http", "base_url": shop_url, "token": TOKEN, "timeout": 0.5},
            )
        )
        await db.commit()
    return client


async def test_checkout_in_the_chat_through_the_http_shop(
    aiohttp_client: Any, config: Config, shop_url: str, state: ShopState
) -> None:
    client = await _http_shop_client(aiohttp_client, config, shop_url)
    shopper = await Shopper(client, "v-http", shop="kaffee").connect()
    await shopper.set_cart(("K-1", 2), ("M-1", 1))
    reply = await shopper.say("zur Kasse")
    assert "Zwischensumme: 59,00 €" in reply["text"]
    await shopper.press("Weiter")
    await shopper.say("max@beispiel.de")
    await shopper.say("Max Muster, Hauptstr. 5, 10115 Berlin")
    # The shop is down for a moment: the shopper is told, the step stays.
    state.fail_status = 503
    reply = await shopper.press("Paket")
    assert reply["text"].startswith("Der Shop ist gerade nicht erreichbar.")
    assert shopper.buttons() == ["Nochmal versuchen"]
    state.fail_status = None
    reply = await shopper.press("Nochmal versuchen")
    assert reply["input"]["step"] == "shipping"
    await shopper.press("Paket")
    reply = await shopper.press("Rechnung")
    assert "Gesamt: 59,00 €" in reply["text"]
    # Someone else bought the last grinder meanwhile.
    state.products["M-1"]["stock"] = 0
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert reply["text"].startswith("Leider ist inzwischen nicht mehr alles vorrätig: Mühle.")
    assert reply["input"]["step"] == "cart"
    await shopper.press("Entfernen: Mühle")
    await shopper.cart_frame()
    reply = await shopper.press("Weiter")
    assert reply["input"]["step"] == "summary" and "Gesamt: 24,00 €" in reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Bestellnummer: T-1000" in reply["text"]
    assert state.orders["T-1000"]["body"]["total"] == "24.00"
    assert state.orders["T-1000"]["body"]["address"]["postcode"] == "10115"
    await shopper.close()


async def test_a_set_accepted_in_checkout_is_paid_at_its_set_price_through_the_http_shop(
    aiohttp_client: Any, config: Config, shop_url: str, state: ShopState
) -> None:
    client = await _http_shop_client(aiohttp_client, config, shop_url)
    async with client.app[sessions_key]() as db:
        db.add(
            Bundle(
                shop_id="kaffee",
                slug="kaffee-set",
                title_de="Kaffee-Set",
                title_en="Coffee set",
                skus=["M-1", "K-1"],
                discount_pct=Decimal("10"),
            )
        )
        await db.commit()
    shopper = await Shopper(client, "v-http-set", shop="kaffee").connect()
    await shopper.set_cart(("M-1", 1))
    await shopper.say("zur Kasse")
    reply = await shopper.press("Weiter")
    assert "Kaffee-Set (Kaffee): als Set 44,55 € statt 49,50 €" in reply["text"]
    reply = await shopper.press("Ja")
    assert "Als Set zahlen Sie 4,95 € weniger." in reply["text"]
    await shopper.cart_frame()
    await shopper.say("max@beispiel.de")
    await shopper.say("Max Muster, Hauptstr. 5, 10115 Berlin")
    await shopper.press("Paket")
    reply = await shopper.press("Rechnung")
    # 49.50 less 10 % = 44.55: 4.00 off the grinder (19 %), 0.95 off the coffee (7 %); goods
    # 36.00 and 8.55. Shipping 5.00 (under 50): 5 x 36/44.55 = 4.0404 -> 4.04 at 19 %, 0.96 at
    # 7 %. 40.04 x 19/119 = 6.3929 -> 6.39; 9.51 x 7/107 = 0.6222 -> 0.62.
    for line in (
        "Set-Rabatt Kaffee-Set: −4,95 €",
        "Versand, Paket: 5,00 €",
        "Gesamt: 49,55 €",
        "darin 19 % MwSt.: 6,39 €",
        "darin 7 % MwSt.: 0,62 €",
    ):
        assert line in reply["text"], reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Bestellnummer: T-1000" in reply["text"]
    body = state.orders["T-1000"]["body"]
    assert body["total"] == "49.55"
    assert [(x["id"], x["discount"]) for x in body["sets"]] == [("kaffee-set", "4.95")]
    await shopper.close()


async def test_bad_adapter_settings_are_a_clear_message(
    aiohttp_client: Any, config: Config
) -> None:
    client = await _http_shop_client(aiohttp_client, config, "ftp://nowhere")
    shopper = await Shopper(client, "v-bad", shop="kaffee").connect()
    await shopper.ws.send_json({"type": "cart", "items": [{"sku": "K-1", "qty": 1}]})
    error = await shopper.ws.receive_json(timeout=10)
    assert (error["type"], error["code"]) == ("error", "shop_unavailable")
    await shopper.close()
