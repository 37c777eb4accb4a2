"""A loopback WooCommerce: REST API v3 (https://woocommerce.github.io/woocommerce-rest-api-docs/)
and Store API (https://developer.woocommerce.com/docs/apis/store-api/) shapes from the fixtures
in tests/fixtures/woocommerce/. Prices are entered net, as a shop with B2B roots has them."""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aiohttp import web

from tests.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "woocommerce"
KEYS = ("ck_test0001", "cs_test0001")
READ_ONLY_WRONG = ("ck_writeonly", "cs_writeonly")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@dataclass
class WooState:
    carts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)
    rates: dict[str, str] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)
    stock: dict[int, int] = field(default_factory=lambda: {201: 12, 202: 1, 102: 4, 103: 0})


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message, "data": {"status": status}},
                             status=status)  # fmt: skip


def make_woocommerce(state: WooState) -> web.Application:
    routes = web.RouteTableDef()
    variations = {v["id"]: v for v in fixture("variations_101")}
    simple = {p["id"]: p for p in fixture("products_page1") + fixture("products_page2")
              if p["type"] == "simple"}  # fmt: skip
    rates = {"reduced-rate": Decimal(7), "": Decimal(19), "parent": Decimal(7)}

    def item(pid: int) -> tuple[str, str, Decimal]:
        data = variations.get(pid) or simple[pid]
        rate = rates[data.get("tax_class", "")]
        gross = (Decimal(data["price"]) * (100 + rate) / 100).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )
        name = data.get("name") or "Espresso Hafenblick - " + data["attributes"][0]["option"]
        return data["sku"], name, gross

    def cart(token: str) -> dict[str, Any]:
        items = []
        for line in state.carts.get(token, []):
            sku, name, gross = item(line["id"])
            items.append({"key": line["key"], "id": line["id"], "quantity": line["quantity"],
                          "name": name, "sku": sku,
                          "prices": {"price": str(int(gross * 100)), "currency_minor_unit": 2}})  # fmt: skip
        goods = sum(Decimal(x["prices"]["price"]) * x["quantity"] for x in items)
        rates_out = []
        if token in state.addresses and items:
            chosen = state.rates.get(token, "flat_rate:1")
            rates_out = [{"package_id": 0, "shipping_rates": [
                {"rate_id": "flat_rate:1", "name": "DHL Paket", "price": "412", "taxes": "78",
                 "selected": chosen == "flat_rate:1"},
                {"rate_id": "free_shipping:2", "name": "Kostenloser Versand", "price": "0",
                 "taxes": "0", "selected": chosen == "free_shipping:2"}]}]  # fmt: skip
        shipping = Decimal(0)
        if rates_out:
            picked = next(r for r in rates_out[0]["shipping_rates"] if r["selected"])
            shipping = Decimal(picked["price"]) + Decimal(picked["taxes"])
        return {"items": items, "shipping_rates": rates_out, "errors": [],
                "payment_methods": ["bacs", "ppcp-gateway"],
                "totals": {"total_items": str(int(goods)), "total_shipping": str(int(shipping)),
                           "total_price": str(int(goods + shipping)), "currency_code": "EUR",
                           "currency_minor_unit": 2}}  # fmt: skip

    def session(request: web.Request) -> str:
        token = request.headers.get("Cart-Token") or ""
        if token not in state.carts:
            token = secrets.token_hex(12)
            state.carts[token] = []
        return token

    def store(token: str, body: Any, status: int = 200) -> web.Response:
        return web.json_response(body, status=status, headers={"Cart-Token": token})

    @web.middleware
    async def auth(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/wp-json/wc/v3/"):
            given = request.headers.get("Authorization", "")
            pair = (
                tuple(base64.b64decode(given[6:]).decode().split(":", 1))
                if given.startswith("Basic ")
                else ()
            )
            if pair == READ_ONLY_WRONG:
                return _error(
                    401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
                )
            if pair != KEYS:
                return _error(
                    401, "woocommerce_rest_authentication_error", "Consumer secret is invalid."
                )
        return await handler(request)

    @routes.get("/wp-json/wc/v3/products")
    async def products(request: web.Request) -> web.Response:
        page = int(request.query.get("page", "1"))
        body = fixture(f"products_page{page}") if page in (1, 2) else []
        return web.json_response(body, headers={"X-WP-Total": "3", "X-WP-TotalPages": "2"})

    @routes.get("/wp-json/wc/v3/products/101/variations")
    async def product_variations(request: web.Request) -> web.Response:
        return web.json_response(fixture("variations_101"), headers={"X-WP-TotalPages": "1"})

    @routes.get("/wp-json/wc/v3/settings/tax/woocommerce_prices_include_tax")
    async def prices_include_tax(request: web.Request) -> web.Response:
        return web.json_response({"id": "woocommerce_prices_include_tax", "value": "no"})

    @routes.get("/wp-json/wc/v3/settings/general/woocommerce_default_country")
    async def default_country(request: web.Request) -> web.Response:
        return web.json_response({"id": "woocommerce_default_country", "value": "DE:BE"})

    @routes.get("/wp-json/wc/v3/taxes")
    async def taxes(request: web.Request) -> web.Response:
        return web.json_response(fixture("taxes_de"), headers={"X-WP-TotalPages": "1"})

    @routes.get("/wp-json/wc/v3/payment_gateways")
    async def gateways(request: web.Request) -> web.Response:
        return web.json_response(fixture("payment_gateways"))

    @routes.get("/wp-json/wc/v3/orders")
    async def orders(request: web.Request) -> web.Response:
        return web.json_response([fixture("order_5001")])

    @routes.get("/wp-json/wc/v3/orders/{id}")
    async def order(request: web.Request) -> web.Response:
        if request.match_info["id"] != "5001":
            return _error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
        return web.json_response(fixture("order_5001"))

    @routes.get("/wp-json/wc/store/v1/cart")
    async def get_cart(request: web.Request) -> web.Response:
        token = session(request)
        return store(token, cart(token))

    @routes.post("/wp-json/wc/store/v1/cart/add-item")
    async def add_item(request: web.Request) -> web.Response:
        token = session(request)
        body = await request.json()
        if state.stock.get(body["id"], 0) < body["quantity"]:
            return _error(400, "woocommerce_rest_product_partially_out_of_stock",
                          "Sie können nicht so viele in den Warenkorb legen.")  # fmt: skip
        state.carts[token].append({"key": secrets.token_hex(16), "id": body["id"],
                                   "quantity": body["quantity"]})  # fmt: skip
        return store(token, cart(token), 201)

    @routes.post("/wp-json/wc/store/v1/cart/update-item")
    async def update_item(request: web.Request) -> web.Response:
        token = session(request)
        body = await request.json()
        for line in state.carts[token]:
            if line["key"] == body["key"]:
                line["quantity"] = body["quantity"]
        return store(token, cart(token))

    @routes.post("/wp-json/wc/store/v1/cart/remove-item")
    async def remove_item(request: web.Request) -> web.Response:
        token = session(request)
        key = (await request.json())["key"]
        state.carts[token] = [x for x in state.carts[token] if x["key"] != key]
        return store(token, cart(token))

    @routes.post("/wp-json/wc/store/v1/cart/update-customer")
    async def update_customer(request: web.Request) -> web.Response:
        token = session(request)
        state.addresses[token] = (await request.json())["shipping_address"]["country"]
        return store(token, cart(token))

    @routes.post("/wp-json/wc/store/v1/cart/select-shipping-rate")
    async def select_rate(request: web.Request) -> web.Response:
        token = session(request)
        state.rates[token] = (await request.json())["rate_id"]
        return store(token, cart(token))

    @routes.post("/wp-json/wc/store/v1/checkout")
    async def checkout(request: web.Request) -> web.Response:
        token = session(request)
        body = await request.json()
        if not body["billing_address"].get("postcode"):
            return _error(400, "rest_invalid_param", "Ungültiger Parameter: billing_address")
        for line in state.carts[token]:
            if state.stock.get(line["id"], 0) < line["quantity"]:
                return _error(400, "woocommerce_rest_product_out_of_stock",
                              "Leider ist ein Artikel nicht mehr vorrätig.")  # fmt: skip
        number = 5001 + len(state.orders)
        state.orders.append({"id": number, "body": body, "cart": cart(token)})
        state.carts[token] = []
        redirect = ("https://www.paypal.com/checkoutnow?token=EC-1"
                    if body["payment_method"] == "ppcp-gateway" else "")  # fmt: skip
        return store(token, {"order_id": number, "status": "on-hold", "order_key": "wc_order_x",
                             "customer_id": 0, "payment_method": body["payment_method"],
                             "payment_result": {"payment_status": "success",
                                                "payment_details": [], "redirect_url": redirect}})  # fmt: skip

    app = web.Application(middlewares=[auth])
    app.router.add_routes(routes)
    return app
