"""Contract tests of the WooCommerce connector against a loopback server answering with the
published shapes (tests/woocommerce_server.py, fixtures in tests/fixtures/woocommerce/).

References: REST API v3 https://woocommerce.github.io/woocommerce-rest-api-docs/ (products,
variations, taxes, settings, payment gateways, orders, webhooks and their signature);
Store API https://developer.woocommerce.com/docs/apis/store-api/ (cart, add-item,
update-item, remove-item, update-customer, select-shipping-rate, checkout, cart tokens)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import col, select

from assistant.config import Config
from assistant.shop.adapter import OrderRefused, OrderRequest, OutOfStock
from assistant.shop.platforms.connect import build_adapter
from assistant.shop.platforms.webhooks import parse, signature
from assistant.storage.models import Event, Shop
from flows import Address
from tests.lifecycle_helpers import review_requests
from tests.woocommerce_server import FIXTURES, KEYS, READ_ONLY_WRONG, WooState, make_woocommerce
from web.app import create_app
from web.keys import sessions_key

ADDRESS = Address("Max Muster", "Hauptstr. 5", "10115", "Berlin", "DE")


@pytest.fixture
def state() -> WooState:
    return WooState()


@pytest.fixture
async def url(aiohttp_server: Any, state: WooState) -> str:
    server = await aiohttp_server(make_woocommerce(state), host="127.0.0.1")
    return str(server.make_url("")).rstrip("/")


def _settings(url: str, key: tuple[str, str] = KEYS) -> dict[str, Any]:
    return {"base_url": url, "consumer_key": key[0], "consumer_secret": key[1]}


@pytest.fixture
async def adapter(url: str) -> Any:
    adapter = build_adapter("woocommerce", _settings(url))
    yield adapter
    await adapter.close()


def _order(cart: Any, shipping: str, payment: str, total: str, key: str = "k1") -> OrderRequest:
    return OrderRequest(cart_id="c1", customer_ref="c1", email="max@beispiel.de",
                        address=ADDRESS, shipping_id=shipping, payment_id=payment, locale="de",
                        lines=cart.lines, total=Decimal(total), idempotency_key=key)  # fmt: skip


async def test_net_prices_become_gross_and_variations_are_products(adapter: Any) -> None:
    products = {p.sku: p for p in await adapter.products()}  # two pages of products
    assert set(products) == {"WC-ESP-500", "WC-ESP-1000", "WC-MUE", "WC-ENT"}
    esp = products["WC-ESP-500"]
    assert (esp.name_de, esp.price, esp.vat, esp.stock) == (
        "Espresso Hafenblick (500 g)", Decimal("11.90"), "reduced", 12)  # fmt: skip
    assert (products["WC-MUE"].price, products["WC-MUE"].vat) == (Decimal("49.00"), "standard")
    assert (products["WC-ENT"].price, products["WC-ENT"].stock) == (Decimal("9.90"), 0)


async def test_cart_shipping_payment_and_order(adapter: Any, state: WooState) -> None:
    cart = await adapter.set_cart("c1", [("WC-ESP-500", 1), ("WC-MUE", 1)])
    cart = await adapter.set_quantity("c1", "WC-ESP-500", 2)
    cart = await adapter.add_to_cart("c1", "WC-ESP-1000")
    cart = await adapter.set_quantity("c1", "WC-ESP-1000", 0)
    assert [(x.sku, x.qty, x.unit_price) for x in cart.lines] == [
        ("WC-ESP-500", 2, Decimal("11.90")), ("WC-MUE", 1, Decimal("49.00"))]  # fmt: skip
    options = await adapter.shipping_options("DE", cart)
    assert [(o.id, o.name_de, o.price) for o in options] == [
        ("flat_rate:1", "DHL Paket", Decimal("4.90")),
        ("free_shipping:2", "Kostenloser Versand", Decimal("0.00"))]  # fmt: skip
    methods = await adapter.payment_methods("DE", Decimal("77.70"))
    assert [(m.id, m.kind) for m in methods] == [
        ("bacs", "prepayment"),
        ("ppcp-gateway", "redirect"),
    ]
    placed = await adapter.create_order(_order(cart, "flat_rate:1", "bacs", "77.70"))
    assert (placed.order_id, placed.status, placed.payment_url) == ("5001", "received", None)
    sent = state.orders[0]["body"]
    assert (sent["billing_address"]["email"], sent["shipping_address"]["postcode"]) == (
        "max@beispiel.de", "10115")  # fmt: skip
    assert await adapter.create_order(_order(cart, "flat_rate:1", "bacs", "77.70")) == placed
    assert len(state.orders) == 1
    assert (await adapter.get_cart("c1")).is_empty()


async def test_a_paypal_order_gets_its_payment_page(adapter: Any) -> None:
    cart = await adapter.set_cart("c1", [("WC-MUE", 1)])
    await adapter.shipping_options("DE", cart)
    placed = await adapter.create_order(_order(cart, "free_shipping:2", "ppcp-gateway", "49.00"))
    assert placed.payment_url == "https://www.paypal.com/checkoutnow?token=EC-1"


async def test_stock_total_and_address_errors(adapter: Any, state: WooState) -> None:
    with pytest.raises(OutOfStock):
        await adapter.add_to_cart("c1", "WC-ESP-1000", 2)  # one left
    cart = await adapter.set_cart("c1", [("WC-ESP-1000", 1)])
    await adapter.shipping_options("DE", cart)
    with pytest.raises(OrderRefused, match="total"):
        await adapter.create_order(_order(cart, "free_shipping:2", "bacs", "20.00"))
    state.stock[202] = 0
    with pytest.raises(OutOfStock):
        await adapter.create_order(_order(cart, "free_shipping:2", "bacs", "21.90"))
    state.stock[202] = 1
    bad = replace(_order(cart, "free_shipping:2", "bacs", "21.90", "k2"),
                  address=Address("Max Muster", "Hauptstr. 5", "", "Berlin", "DE"))  # fmt: skip
    with pytest.raises(OrderRefused, match="rest_invalid_param"):
        await adapter.create_order(bad)


async def test_order_status_from_rest_v3(adapter: Any) -> None:
    info = await adapter.order_status("5001")
    assert info is not None
    assert (info.status, info.email, info.total) == ("shipped", "max@beispiel.de", Decimal("73.70"))
    assert [(x.sku, x.qty, x.unit_price) for x in info.lines] == [
        ("WC-ESP-500", 2, Decimal("11.90")), ("WC-MUE", 1, Decimal("49.00"))]  # fmt: skip
    assert info.tracking_url is not None and "dhl.de" in info.tracking_url
    assert await adapter.order_status("4711") is None
    assert await adapter.order_status("../orders") is None


async def test_the_connection_check_says_what_is_wrong(url: str) -> None:
    async def problems(settings: dict[str, Any]) -> list[str]:
        adapter = build_adapter("woocommerce", settings)
        try:
            return [p.code for p in await adapter.check()]
        finally:
            await adapter.close()

    assert await problems(_settings(url)) == []
    assert await problems(_settings(url, ("ck_test0001", "cs_wrong"))) == ["wrong_key"]
    assert await problems(_settings(url, READ_ONLY_WRONG)) == ["missing_scope"]
    assert await problems(_settings(url + "/shop")) == ["not_the_api"]


async def test_signed_order_webhooks_reach_the_lifecycle(
    aiohttp_client: Any, config: Config
) -> None:
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="woo", name="Woo-Shop", allowed_origins=["self"],
                    settings={**_settings("https://shop.example"), "adapter": "woocommerce",
                              "webhook_secret": "wc-secret"}))  # fmt: skip
        await db.commit()
    raw = (FIXTURES / "order_5001.json").read_bytes()
    header, value = signature("woocommerce", "wc-secret", raw)
    headers = {
        header: value,
        "X-WC-Webhook-Topic": "order.created",
        "X-WC-Webhook-Delivery-ID": "1",
    }
    resp = await client.post("/api/v1/webhooks/woo/woocommerce", data=raw, headers=headers)
    assert (resp.status, (await resp.json())["status"]) == (200, "stored")
    ping = b"webhook_id=12"
    pinged = await client.post("/api/v1/webhooks/woo/woocommerce", data=ping,
                               headers={header: signature("woocommerce", "wc-secret", ping)[1]})  # fmt: skip
    assert (await pinged.json())["status"] == "ignored"
    forged = await client.post("/api/v1/webhooks/woo/woocommerce", data=raw,
                               headers={**headers, header: "AAAA"})  # fmt: skip
    assert forged.status == 401
    wrong_platform = await client.post("/api/v1/webhooks/woo/shopify", data=raw, headers=headers)
    assert wrong_platform.status == 400
    async with app[sessions_key]() as db:
        events = (await db.exec(select(Event).where(Event.type == "order_created"))).all()
    assert [(e.properties["order_id"], e.properties["total"]) for e in events] == [
        ("5001", "73.70")
    ]


async def test_a_completed_order_asks_its_customer_for_a_review_once(
    aiohttp_client: Any, config: Config
) -> None:
    """``order.updated`` with status ``completed`` ("fulfilled and complete") is paid and
    ``order_delivered``: ``ask_review`` for that customer and order, once per order however
    often the completed order is updated; ``processing`` is only paid."""
    app = create_app(config)
    client = await aiohttp_client(app)
    async with app[sessions_key]() as db:
        db.add(Shop(id="woo", name="Woo-Shop", allowed_origins=["self"],
                    settings={**_settings("https://shop.example"), "adapter": "woocommerce",
                              "webhook_secret": "wc-secret"}))  # fmt: skip
        await db.commit()

    async def post(raw: bytes, topic: str, delivery: str) -> Any:
        header, value = signature("woocommerce", "wc-secret", raw)
        headers = {header: value, "X-WC-Webhook-Topic": topic, "X-WC-Webhook-Delivery-ID": delivery}
        resp = await client.post("/api/v1/webhooks/woo/woocommerce", data=raw, headers=headers)
        assert resp.status == 200, await resp.text()
        return await resp.json()

    raw = (FIXTURES / "order_5001.json").read_bytes()
    order = json.loads(raw)
    assert order["status"] == "completed"
    processing = json.dumps({**order, "status": "processing"}).encode()
    assert (await post(raw, "order.created", "1"))["status"] == "stored"
    assert (await post(processing, "order.updated", "2"))["status"] == "stored"  # paid
    assert await review_requests(app) == []  # paid, not yet delivered

    completed = await post(raw, "order.updated", "3")
    assert [r["status"] for r in completed["results"]] == ["duplicate", "stored"]
    edited = json.dumps({**order, "date_modified_gmt": "2026-11-30T09:00:00"}).encode()
    again = await post(edited, "order.updated", "4")
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]

    requests = await review_requests(app)
    assert requests and {(email, order) for _, email, order in requests} == {
        ("max@beispiel.de", "5001")
    }
    assert len(requests) == len({channel for channel, _, _ in requests})  # once per channel
    async with app[sessions_key]() as db:
        types = [e.type for e in (await db.exec(select(Event).order_by(col(Event.id)))).all()]
    assert types == ["order_created", "order_paid", "order_delivered"]


@pytest.mark.parametrize(
    ("status", "paid", "kinds"),
    [
        ("completed", True, ["order_paid", "order_delivered"]),
        ("completed", False, ["order_delivered"]),  # paid outside WooCommerce
        ("processing", True, ["order_paid"]),
        ("on-hold", False, []),
        ("cancelled", False, ["order_cancelled"]),
        ("refunded", True, ["order_refunded"]),
    ],
)
def test_only_a_completed_order_is_delivered(status: str, paid: bool, kinds: list[str]) -> None:
    order = json.loads((FIXTURES / "order_5001.json").read_bytes())
    order = {**order, "status": status, "date_paid_gmt": order["date_paid_gmt"] if paid else None}
    events = parse("woocommerce", {"X-WC-Webhook-Topic": "order.updated"}, order)
    assert [e.type for e in events] == kinds
    if "order_delivered" in kinds:
        assert events[-1].properties == {"order_id": "5001"}
        assert events[-1].customer.email == "max@beispiel.de"
