"""Discount codes through the HTTP shop adapter against the little shop server: the
``POST /carts/{id}/code`` contract with each refusal, the code in the order, a whole chat
checkout with a code through it, and the platform connectors' clear "not here"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from assistant.config import Config
from assistant.shop.codes import CodeDiscount, CodeRejected
from assistant.shop.http import HttpShopAdapter
from assistant.shop.platforms.base import PlatformAdapter
from assistant.shop.platforms.state import MemorySessions
from assistant.storage.models import CodeRedemption, Shop
from tests.chat import Shopper
from tests.shop_server import TOKEN, ShopState, make_shop
from web.app import create_app
from web.keys import sessions_key


@pytest.fixture
def state() -> ShopState:
    shop = ShopState()
    shop.codes = {
        "ZEHN": {"percent": "10"},
        "FUENF": {"amount": "5.00", "min_order": "30.00"},
        "ALT": {"percent": "10", "expired": True},
        "WEG": {"percent": "10", "used": True},
    }
    return shop


@pytest.fixture
async def shop_url(aiohttp_server: Any, state: ShopState) -> str:
    server = await aiohttp_server(make_shop(state), host="127.0.0.1")
    return str(server.make_url("")).rstrip("/")


@pytest.fixture
async def adapter(shop_url: str) -> Any:
    adapter = HttpShopAdapter(shop_url, TOKEN, timeout=0.5)
    yield adapter
    await adapter.close()


async def test_the_code_endpoint_and_its_refusals(
    adapter: HttpShopAdapter, state: ShopState
) -> None:
    await adapter.set_cart("c1", [("K-1", 2)])  # 19.00
    cart = await adapter.apply_code("c1", "ZEHN")
    assert cart.code == CodeDiscount("ZEHN", Decimal("1.90"))
    assert (cart.subtotal, cart.total) == (Decimal("19.00"), Decimal("17.10"))
    assert await adapter.get_cart("c1") == cart  # the shop keeps it with the cart
    with pytest.raises(CodeRejected) as minimum:
        await adapter.apply_code("c1", "FUENF")
    assert (minimum.value.problem, minimum.value.minimum, minimum.value.goods) == (
        "minimum",
        Decimal("30.00"),
        Decimal("19.00"),
    )
    assert "gilt ab einem Bestellwert von 30,00 €" in minimum.value.user_message("de")
    for code, problem in (("ALT", "expired"), ("WEG", "used"), ("NIX", "unknown")):
        with pytest.raises(CodeRejected) as refused:
            await adapter.apply_code("c1", code)
        assert refused.value.problem == problem
    assert state.cart_codes == {"c1": "ZEHN"}  # a refused code leaves the good one


async def test_a_chat_checkout_with_a_code_through_the_http_shop(
    aiohttp_client: Any, config: Config, shop_url: str, state: ShopState
) -> None:
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
    shopper = await Shopper(client, "v-http-code", shop="kaffee").connect()
    await shopper.set_cart(("K-1", 2), ("M-1", 1))  # 59.00
    await shopper.say("zur Kasse")
    reply = await shopper.say("Ich habe einen Gutschein: FUENF")
    # A word without a digit may be anything: the code step asks for the code itself.
    assert reply["input"]["step"] == "code"
    reply = await shopper.say("fuenf")
    assert "Gutschein FUENF eingelöst: Sie sparen 5,00 €." in reply["text"]
    assert "Zwischensumme: 54,00 €" in reply["text"]
    await shopper.cart_frame()
    await shopper.press("Weiter")
    await shopper.say("max@beispiel.de")
    await shopper.say("Max Muster, Hauptstr. 5, 10115 Berlin")
    await shopper.press("Paket")  # free from 50 € after the code
    reply = await shopper.press("Rechnung")
    assert "Gutschein FUENF: −5,00 €" in reply["text"] and "Gesamt: 54,00 €" in reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert "Bestellnummer: T-1000" in reply["text"] and "54,00 €" in reply["text"]
    body = state.orders["T-1000"]["body"]
    assert (body["total"], body["code"]) == ("54.00", {"code": "FUENF", "discount": "5.00"})
    assert state.codes["FUENF"]["used"] is True
    async with app[sessions_key]() as db:
        redemption = await db.get(CodeRedemption, ("kaffee", "T-1000"))
    assert redemption is not None and redemption.amount == Decimal("5.00")
    assert redemption.rule is None  # the shop's own code, not one a rule gave
    await shopper.close()


async def test_platform_connectors_say_codes_go_in_the_shops_own_checkout() -> None:
    """Shopware, WooCommerce, Shopify and Vendure keep codes in their own promotions: the
    chat does not pretend to take one."""
    adapter = PlatformAdapter(MemorySessions())
    with pytest.raises(CodeRejected) as refused:
        await adapter.apply_code("c1", "ZEHN")
    assert refused.value.problem == "unsupported"
    assert refused.value.user_message("de") == (
        "Gutscheincodes können Sie in diesem Shop leider nicht im Chat einlösen, "
        "nur an der Kasse des Shops."
    )
    assert "only in its own checkout" in refused.value.user_message("en")
