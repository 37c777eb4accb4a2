"""Contract tests of the Shopify connector against a loopback server answering with the
published GraphQL shapes (tests/shopify_server.py, fixtures in tests/fixtures/shopify/).

References: Storefront API https://shopify.dev/docs/api/storefront (products with cursor
pagination, cartCreate, cartLinesAdd/Update/Remove, cartBuyerIdentityUpdate, deliveryGroups,
cartSelectedDeliveryOptionsUpdate, Cart.checkoutUrl); Admin API
https://shopify.dev/docs/api/admin-graphql (orders, currentAppInstallation.accessScopes);
webhooks https://shopify.dev/docs/apps/build/webhooks/subscribe/https (X-Shopify-Hmac-Sha256)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import select

from assistant.config import Config
from assistant.shop.adapter import OrderRequest, OutOfStock
from assistant.shop.platforms.connect import build_adapter
from assistant.shop.platforms.webhooks import signature
from assistant.storage.models import Event, Shop
from flows import Address
from tests.chat import Shopper
from tests.lifecycle_helpers import review_requests
from tests.shopify_server import ADMIN_TOKEN, FIXTURES, STOREFRONT_TOKEN, ShopifyState, make_shopify
from web.app import create_app
from web.keys import sessions_key

ADDRESS = Address("Max Muster", "Hauptstr. 5", "10115", "Berlin", "DE")


@pytest.fixture
def state() -> ShopifyState:
    return ShopifyState()


@pytest.fixture
async def url(aiohttp_server: Any, state: ShopifyState) -> str:
    server = await aiohttp_server(make_shopify(state), host="127.0.0.1")
    return str(server.make_url("")).rstrip("/")


def _settings(url: str, **changes: Any) -> dict[str, Any]:
    return {"shop_domain": url, "storefront_token": STOREFRONT_TOKEN,
            "admin_token": ADMIN_TOKEN, **changes}  # fmt: skip


@pytest.fixture
async def adapter(url: str) -> Any:
    adapter = build_adapter("shopify", _settings(url))
    yield adapter
    await adapter.close()


async def test_products_variants_and_cursor_pages(adapter: Any) -> None:
    products = {p.sku: p for p in await adapter.products()}
    assert set(products) == {"SH-ESP-500", "SH-ESP-1000", "SH-MUE"}
    assert (products["SH-ESP-500"].name_de, products["SH-ESP-500"].vat) == (
        "Espresso Hafenblick (500 g)", "reduced")  # fmt: skip
    assert (products["SH-ESP-1000"].stock, products["SH-MUE"].name_de) == (0, "Handmühle Kegel")
    assert products["SH-MUE"].price == Decimal("49.0")


async def test_cart_shipping_and_the_checkout_url(adapter: Any, state: ShopifyState) -> None:
    cart = await adapter.set_cart("c1", [("SH-ESP-500", 1), ("SH-MUE", 1)])
    cart = await adapter.set_quantity("c1", "SH-ESP-500", 2)
    cart = await adapter.set_quantity("c1", "SH-MUE", 0)
    cart = await adapter.add_to_cart("c1", "SH-MUE")
    assert [(x.sku, x.qty, x.unit_price) for x in cart.lines] == [
        ("SH-ESP-500", 2, Decimal("11.9")), ("SH-MUE", 1, Decimal("49.0"))]  # fmt: skip
    with pytest.raises(OutOfStock):
        await adapter.add_to_cart("c1", "SH-ESP-1000")
    options = await adapter.shipping_options("DE", cart)
    assert [(o.id, o.price) for o in options] == [
        ("dhl-paket", Decimal("4.9")),
        ("express", Decimal("9.9")),
    ]
    [method] = await adapter.payment_methods("DE", Decimal("77.70"))
    placed = await adapter.create_order(OrderRequest(
        cart_id="c1", customer_ref="c1", email="max@beispiel.de", address=ADDRESS,
        shipping_id="dhl-paket", payment_id=method.id, locale="de", lines=cart.lines,
        total=Decimal("77.70"), idempotency_key="k1"))  # fmt: skip
    assert placed.handed_over and placed.payment_url is not None
    assert placed.payment_url.startswith("https://kaffee.myshopify.com/cart/c/")
    [who] = [c["who"] for c in state.carts.values()]
    assert who["email"] == "max@beispiel.de"
    assert who["deliveryAddressPreferences"][0]["deliveryAddress"]["zip"] == "10115"


async def test_order_status_from_the_admin_api(adapter: Any) -> None:
    info = await adapter.order_status("#1001")
    assert info is not None
    assert (info.order_id, info.status, info.total) == ("1001", "shipped", Decimal("72.7"))
    assert [(x.sku, x.qty) for x in info.lines] == [("SH-ESP-500", 2), ("SH-MUE", 1)]
    assert await adapter.order_status("1002") is None


async def test_the_connection_check_says_what_is_wrong(url: str, state: ShopifyState) -> None:
    async def problems(**changes: Any) -> list[str]:
        adapter = build_adapter("shopify", _settings(url, **changes))
        try:
            return [p.code for p in await adapter.check()]
        finally:
            await adapter.close()

    assert await problems() == []
    assert await problems(storefront_token="wrong") == ["wrong_key"]
    assert await problems(admin_token="wrong") == ["wrong_admin_key"]
    assert await problems(admin_token="") == ["no_admin_key"]
    state.scopes = ["read_products"]
    assert await problems() == ["missing_scope"]


async def test_the_chat_ends_in_shopifys_checkout(
    aiohttp_client: Any, config: Config, url: str
) -> None:
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="sh", name="Shopify-Shop", allowed_origins=["self"],
                    settings={"adapter": "shopify", **_settings(url)}))  # fmt: skip
        await db.commit()
    shopper = await Shopper(client, "v-shopify", shop="sh").connect()
    await shopper.set_cart(("SH-ESP-500", 2), ("SH-MUE", 1))
    await shopper.say("zur Kasse")
    await shopper.press("Weiter")
    await shopper.say("max@beispiel.de")
    await shopper.say("Max Muster, Hauptstr. 5, 10115 Berlin")
    await shopper.press("DHL Paket")
    reply = await shopper.press("Bezahlung im Shopify-Checkout")
    assert "Gesamt: 77,70 €" in reply["text"]
    reply = await shopper.press("Zahlungspflichtig bestellen")
    assert reply["text"].startswith("Fast geschafft: Ihr Warenkorb (77,70 €)"), reply["text"]
    [card] = reply["cards"]
    assert card["title"] == "Zur Kasse im Shop"
    assert card["url"].startswith("https://kaffee.myshopify.com/cart/c/")
    await shopper.close()


async def test_signed_order_webhooks_reach_the_lifecycle(
    aiohttp_client: Any, config: Config
) -> None:
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="sh", name="Shopify-Shop", allowed_origins=["self"],
                    settings={"adapter": "shopify", **_settings("kaffee.myshopify.com"),
                              "webhook_secret": {"env": "SHOPASSIST_SHOP_SH_WEBHOOK"}}))  # fmt: skip
        await db.commit()
    raw = (FIXTURES / "webhook_orders_create.json").read_bytes()
    header, value = signature("shopify", "client-secret", raw)
    headers = {header: value, "X-Shopify-Topic": "orders/create",
               "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}  # fmt: skip
    unset = await client.post("/api/v1/webhooks/sh/shopify", data=raw, headers=headers)
    assert unset.status == 401  # the secret's variable is not set: nothing is accepted
    await client.close()
    app = create_app(config.replace(shop_env={"SHOPASSIST_SHOP_SH_WEBHOOK": "client-secret"}))
    client = await aiohttp_client(app)
    resp = await client.post("/api/v1/webhooks/sh/shopify", data=raw, headers=headers)
    assert (resp.status, (await resp.json())["status"]) == (200, "stored")
    other = await client.post("/api/v1/webhooks/sh/shopify", data=raw,
                              headers={**headers, "X-Shopify-Topic": "products/update"})  # fmt: skip
    assert (await other.json())["status"] == "ignored"
    async with app[sessions_key]() as db:
        events = (await db.exec(select(Event).where(Event.type == "order_created"))).all()
    assert [(e.properties["order_id"], e.properties["total"]) for e in events] == [
        ("1001", "72.70")
    ]


async def test_a_delivered_fulfillment_asks_its_customer_for_a_review_once(
    aiohttp_client: Any, config: Config
) -> None:
    """``fulfillments/update`` with ``shipment_status: delivered`` is ``order_delivered`` for
    the order the fulfillment belongs to (its name "#1001.1") and the buyer's e-mail: the same
    customer as the order's; in transit it is not, and a second delivered shipment of the
    same order asks nothing more."""
    app = create_app(config.replace(shop_env={"SHOPASSIST_SHOP_SH_WEBHOOK": "client-secret"}))
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="sh", name="Shopify-Shop", allowed_origins=["self"],
                    settings={"adapter": "shopify", **_settings("kaffee.myshopify.com"),
                              "webhook_secret": {"env": "SHOPASSIST_SHOP_SH_WEBHOOK"}}))  # fmt: skip
        await db.commit()

    async def post(raw: bytes, topic: str, webhook_id: str) -> str:
        header, value = signature("shopify", "client-secret", raw)
        headers = {header: value, "X-Shopify-Topic": topic, "X-Shopify-Webhook-Id": webhook_id}
        resp = await client.post("/api/v1/webhooks/sh/shopify", data=raw, headers=headers)
        assert resp.status == 200, await resp.text()
        return str((await resp.json())["status"])

    placed = (FIXTURES / "webhook_orders_create.json").read_bytes()
    assert await post(placed, "orders/create", "w-1") == "stored"
    raw = (FIXTURES / "webhook_fulfillments_update.json").read_bytes()
    fulfillment = json.loads(raw)
    in_transit = json.dumps({**fulfillment, "shipment_status": "in_transit"}).encode()
    assert await post(in_transit, "fulfillments/update", "w-2") == "ignored"
    assert await review_requests(app) == []

    assert await post(raw, "fulfillments/update", "w-3") == "stored"
    assert await post(raw, "fulfillments/update", "w-4") == "duplicate"  # redelivered
    second = json.dumps({**fulfillment, "id": 255858047, "name": "#1001.2"}).encode()
    assert await post(second, "fulfillments/update", "w-5") == "duplicate"  # the same order

    requests = await review_requests(app)
    assert requests and {(email, order) for _, email, order in requests} == {
        ("max@beispiel.de", "1001")
    }
    assert len(requests) == len({channel for channel, _, _ in requests})  # once per channel
    async with app[sessions_key]() as db:
        (event,) = (await db.exec(select(Event).where(Event.type == "order_delivered"))).all()
        (order,) = (await db.exec(select(Event).where(Event.type == "order_created"))).all()
    assert event.customer_id == order.customer_id
