"""Contract tests of the Shopware 6 connector against a loopback server answering with the
published shapes (tests/shopware_server.py, fixtures in tests/fixtures/shopware/).

References: Store API https://shopware.stoplight.io/docs/store-api/ (product listing, cart
line items, context, shipping-method, payment-method, account/register, checkout/order,
handle-payment); Admin API https://shopware.stoplight.io/docs/admin-api/ (oauth/token,
search/order); app webhooks https://developer.shopware.com/docs/guides/plugins/apps/webhook.html
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import select

from assistant.config import Config
from assistant.shop.adapter import OrderRefused, OrderRequest, OutOfStock, ShopUnavailable
from assistant.shop.platforms.connect import build_adapter
from assistant.shop.platforms.shopware import ShopwareAdapter
from assistant.shop.platforms.webhooks import signature
from assistant.storage.models import Event, Shop
from flows import Address
from tests.lifecycle_helpers import review_requests
from tests.shopware_server import ACCESS_KEY, CLIENT, FIXTURES, ShopwareState, make_shopware
from web.app import create_app
from web.keys import sessions_key

ADDRESS = Address("Max Muster", "Hauptstr. 5", "10115", "Berlin", "DE")


@pytest.fixture
def state() -> ShopwareState:
    return ShopwareState()


@pytest.fixture
async def url(aiohttp_server: Any, state: ShopwareState) -> str:
    server = await aiohttp_server(make_shopware(state), host="127.0.0.1")
    return str(server.make_url("")).rstrip("/")


def _settings(url: str, **changes: Any) -> dict[str, Any]:
    return {"base_url": url, "access_key": ACCESS_KEY, "client_id": CLIENT[0],
            "client_secret": CLIENT[1], **changes}  # fmt: skip


@pytest.fixture
async def adapter(url: str) -> Any:
    adapter = build_adapter("shopware", _settings(url))
    assert isinstance(adapter, ShopwareAdapter)
    adapter.page_size = 2  # five products: three pages
    yield adapter
    await adapter.close()


def _order(adapter: Any, cart: Any, shipping: str, payment: str, key: str = "k1") -> OrderRequest:
    return OrderRequest(cart_id="c1", customer_ref="c1", email="max@beispiel.de",
                        address=ADDRESS, shipping_id=shipping, payment_id=payment, locale="de",
                        lines=cart.lines, total=cart.total + Decimal("4.90"),
                        idempotency_key=key)  # fmt: skip


async def test_products_with_variants_over_pages(adapter: Any, state: ShopwareState) -> None:
    products = {p.sku: p for p in await adapter.products()}
    assert set(products) == {"SW-ESP-500", "SW-ESP-1000", "SW-MUE", "SW-TOPF"}  # no parent
    assert products["SW-ESP-500"].name_de == "Espresso Hafenblick (500 g)"
    assert (products["SW-ESP-1000"].price, products["SW-ESP-1000"].vat) == (
        Decimal("21.90"),
        "reduced",
    )
    assert (products["SW-MUE"].vat, products["SW-MUE"].stock) == ("standard", 4)
    assert (products["SW-TOPF"].vat, products["SW-TOPF"].stock) == ("intermediate", 0)
    assert [r for r in state.requests if r == "POST /store-api/product"] == [
        "POST /store-api/product"
    ] * 3
    assert next(p.sku for p in await adapter.search("hafenblick 1 kg", "de")) == "SW-ESP-1000"


async def test_cart_add_change_remove_shipping_payment_order(
    adapter: Any, state: ShopwareState
) -> None:
    cart = await adapter.set_cart("c1", [("SW-ESP-500", 2), ("SW-MUE", 1), ("NOPE", 1)])
    assert [(x.sku, x.qty, x.unit_price) for x in cart.lines] == [
        ("SW-ESP-500", 2, Decimal("11.9")),
        ("SW-MUE", 1, Decimal("49.0")),
    ]
    cart = await adapter.add_to_cart("c1", "SW-ESP-500")
    cart = await adapter.set_quantity("c1", "SW-ESP-500", 2)
    cart = await adapter.add_to_cart("c1", "SW-ESP-1000")
    cart = await adapter.set_quantity("c1", "SW-ESP-1000", 0)
    assert [(x.sku, x.qty) for x in cart.lines] == [("SW-ESP-500", 2), ("SW-MUE", 1)]
    options = await adapter.shipping_options("DE", cart)
    assert [(o.name_de, o.price, o.days_min, o.days_max) for o in options] == [
        ("DHL Paket", Decimal("4.9"), 2, 3),
        ("DHL Express", Decimal("9.9"), 1, 1),
    ]
    methods = await adapter.payment_methods("DE", Decimal("77.70"))
    assert [(m.name_de, m.kind) for m in methods] == [
        ("Rechnung", "invoice"),
        ("PayPal", "redirect"),
    ]
    placed = await adapter.create_order(_order(adapter, cart, "5h1p0001", "pay00001"))
    assert (placed.order_id, placed.total, placed.payment_url) == ("10001", Decimal("77.7"), None)
    assert state.orders[0]["email"] == "max@beispiel.de"
    assert await adapter.create_order(_order(adapter, cart, "5h1p0001", "pay00001")) == placed
    assert len(state.orders) == 1  # the retry created nothing
    assert (await adapter.get_cart("c1")).is_empty()


async def test_a_redirect_payment_gets_its_payment_page(adapter: Any) -> None:
    cart = await adapter.set_cart("c1", [("SW-MUE", 1)])
    placed = await adapter.create_order(_order(adapter, cart, "5h1p0001", "pay00002"))
    assert placed.payment_url is not None and placed.payment_url.startswith(
        "https://www.paypal.com/"
    )


async def test_stock_and_address_errors_are_the_shoppers_messages(
    adapter: Any, state: ShopwareState
) -> None:
    cart = await adapter.set_cart("c1", [("SW-ESP-1000", 3)])  # one left: Shopware says so
    assert [(x.sku, x.qty) for x in cart.lines] == [("SW-ESP-1000", 1)]
    request = replace(_order(adapter, cart, "5h1p0001", "pay00001"), total=Decimal("26.80"))
    state.products[2]["availableStock"] = 0  # sold out before the order
    with pytest.raises(OutOfStock) as caught:
        await adapter.create_order(request)
    assert caught.value.skus == ("SW-ESP-1000",)
    cart = await adapter.set_cart("c2", [("SW-MUE", 1)])
    bad = Address("Max Muster", "Hauptstr. 5", "", "Berlin", "DE")
    request = _order(adapter, cart, "5h1p0001", "pay00001", "k2")
    with pytest.raises(OrderRefused, match="IS_BLANK"):
        await adapter.create_order(replace(request, cart_id="c2", address=bad))


async def test_order_status_from_the_admin_api(adapter: Any, state: ShopwareState) -> None:
    info = await adapter.order_status("10001")
    assert info is not None
    assert (info.status, info.email, info.total) == ("shipped", "max@beispiel.de", Decimal("72.7"))
    assert [(x.sku, x.qty, x.vat) for x in info.lines] == [
        ("SW-ESP-500", 2, "reduced"),
        ("SW-MUE", 1, "standard"),
    ]
    assert info.tracking_url is not None and info.tracking_url.endswith("00340434161094042557")
    assert await adapter.order_status("99999") is None


async def test_the_connection_check_says_what_is_wrong(url: str, state: ShopwareState) -> None:
    async def problems(**changes: Any) -> list[str]:
        adapter = build_adapter("shopware", _settings(url, **changes))
        try:
            return [p.code for p in await adapter.check()]
        finally:
            await adapter.close()

    assert await problems() == []
    assert await problems(access_key="SWSCWRONG") == ["wrong_key"]
    assert await problems(client_secret="wrong") == ["wrong_admin_key"]
    assert await problems(base_url="http://127.0.0.1:9") == ["unreachable"]
    state.no_order_read = True
    assert await problems() == ["missing_scope"]


async def test_a_shop_that_fails_is_unavailable(adapter: Any, url: str) -> None:
    wrong = build_adapter("shopware", _settings(url, access_key="SWSCWRONG"))
    with pytest.raises(ShopUnavailable):
        await wrong.products()
    await wrong.close()


async def test_signed_order_webhooks_reach_the_lifecycle(
    aiohttp_client: Any, config: Config
) -> None:
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="sw", name="Shopware-Shop", allowed_origins=["self"],
                    settings={"adapter": "shopware", "base_url": "https://shop.example",
                              "access_key": ACCESS_KEY, "webhook_secret": "app-secret"}))  # fmt: skip
        await db.commit()
    raw = (FIXTURES / "webhook_order_placed.json").read_bytes()
    header, value = signature("shopware", "app-secret", raw)
    resp = await client.post("/api/v1/webhooks/sw/shopware", data=raw, headers={header: value})
    assert resp.status == 200, await resp.text()
    assert (await resp.json())["status"] == "stored"
    again = await client.post("/api/v1/webhooks/sw/shopware", data=raw, headers={header: value})
    assert (await again.json())["status"] == "duplicate"
    forged = await client.post("/api/v1/webhooks/sw/shopware", data=raw,
                               headers={header: signature("shopware", "guess", raw)[1]})  # fmt: skip
    assert forged.status == 401
    assert (await forged.json())["code"] == "bad_signature"
    async with app[sessions_key]() as db:
        events = (await db.exec(select(Event).where(Event.type == "order_created"))).all()
    assert [(e.properties["order_id"], e.properties["total"]) for e in events] == [
        ("10001", "72.70")
    ]
    assert json.loads(raw)["data"]["event"] == "checkout.order.placed"


async def test_a_delivered_order_asks_its_customer_for_a_review_once(
    aiohttp_client: Any, config: Config
) -> None:
    """Delivery state ``delivered`` (or the order ``completed``) is ``order_delivered``: the
    rule ``ask_review`` is scheduled for that customer and order, once however often it comes."""
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="sw", name="Shopware-Shop", allowed_origins=["self"],
                    settings={"adapter": "shopware", "base_url": "https://shop.example",
                              "access_key": ACCESS_KEY, "webhook_secret": "app-secret"}))  # fmt: skip
        await db.commit()

    async def post(raw: bytes) -> str:
        header, value = signature("shopware", "app-secret", raw)
        resp = await client.post("/api/v1/webhooks/sw/shopware", data=raw, headers={header: value})
        assert resp.status == 200, await resp.text()
        return str((await resp.json())["status"])

    delivered = json.loads((FIXTURES / "webhook_order_delivered.json").read_bytes())
    assert delivered["data"]["event"] == "state_enter.order_delivery.state.delivered"
    shipped = {**delivered, "data": {**delivered["data"],
                                     "event": "state_enter.order_delivery.state.shipped"}}  # fmt: skip
    assert await post(json.dumps(shipped).encode()) == "ignored"  # with the carrier: not yet
    assert await review_requests(app) == []

    assert await post((FIXTURES / "webhook_order_placed.json").read_bytes()) == "stored"
    assert await post((FIXTURES / "webhook_order_delivered.json").read_bytes()) == "stored"
    again = {**delivered, "source": {**delivered["source"], "eventId": "another-delivery"}}
    assert await post(json.dumps(again).encode()) == "duplicate"
    completed = {**delivered, "data": {**delivered["data"],
                                       "event": "state_enter.order.state.completed"}}  # fmt: skip
    assert await post(json.dumps(completed).encode()) == "duplicate"  # the same order

    requests = await review_requests(app)
    assert requests and {(email, order) for _, email, order in requests} == {
        ("max@beispiel.de", "10001")
    }
    assert len(requests) == len({channel for channel, _, _ in requests})  # once per channel
    async with app[sessions_key]() as db:
        (event,) = (await db.exec(select(Event).where(Event.type == "order_delivered"))).all()
        (placed,) = (await db.exec(select(Event).where(Event.type == "order_created"))).all()
    assert event.properties == {"order_id": "10001"}
    assert event.customer_id == placed.customer_id  # the customer who ordered
