"""A loopback Shopware 6 that answers with the Store API's and Admin API's published shapes
(https://shopware.stoplight.io/docs/store-api/, https://shopware.stoplight.io/docs/admin-api/),
from the JSON fixtures in tests/fixtures/shopware/. Carts live per ``sw-context-token``."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aiohttp import web

from tests.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "shopware"
ACCESS_KEY = "SWSCTESTACCESSKEY0001"
CLIENT = ("SWIATESTINTEGRATION01", "test-integration-secret")


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@dataclass
class ShopwareState:
    products: list[dict[str, Any]] = field(default_factory=lambda: fixture("products")["elements"])
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)
    #: The integration may not read orders (a missing ACL privilege).
    no_order_read: bool = False
    requests: list[str] = field(default_factory=list)


def _error(status: int, code: str, detail: str) -> web.Response:
    body = {"errors": [{"status": str(status), "code": code, "title": "Error", "detail": detail}]}
    return web.json_response(body, status=status)


def make_shopware(state: ShopwareState) -> web.Application:
    routes = web.RouteTableDef()
    by_id = {p["id"]: p for p in state.products}
    methods = {m["id"]: m for m in fixture("shipping_methods")["elements"]}

    def context(request: web.Request) -> tuple[str, dict[str, Any]]:
        token = request.headers.get("sw-context-token") or ""
        if token not in state.contexts:  # unknown or expired: a new context
            token = secrets.token_hex(16)
            state.contexts[token] = {"lines": [], "shipping": "5h1p0001", "customer": None}
        return token, state.contexts[token]

    def cart(ctx: dict[str, Any]) -> dict[str, Any]:
        items, errors = [], {}
        for line in ctx["lines"]:
            product = by_id[line["referencedId"]]
            if line["quantity"] > product["availableStock"]:
                line["quantity"] = product["availableStock"]
                errors[f"product-stock-reached{line['id']}"] = {
                    "id": line["id"], "messageKey": "product-stock-reached", "level": 10,
                    "message": "The product is only available in a limited quantity."}  # fmt: skip
            price = product["calculatedPrice"]
            unit = Decimal(str(price["unitPrice"]))
            items.append({
                "id": line["id"], "referencedId": product["id"], "type": "product",
                "label": product["translated"]["name"] + "".join(
                    f" ({v['option']})" for v in product["variation"]),
                "quantity": line["quantity"], "payload": {"productNumber": product["productNumber"]},
                "price": {"unitPrice": float(unit), "totalPrice": float(unit * line["quantity"]),
                          "quantity": line["quantity"], "taxRules": price["taxRules"]},
            })  # fmt: skip
        goods = sum(Decimal(str(x["price"]["totalPrice"])) for x in items)
        shipping = Decimal(
            str(methods[ctx["shipping"]]["prices"][0]["currencyPrice"][0]["gross"])
        ) if items else Decimal(0)  # fmt: skip
        return {
            "name": "mainCart", "apiAlias": "cart", "lineItems": items, "errors": errors,
            "price": {"totalPrice": float(goods + shipping), "positionPrice": float(goods),
                      "taxStatus": "gross"},
            "deliveries": [{"shippingCosts": {"totalPrice": float(shipping)},
                            "shippingMethod": {"id": ctx["shipping"]}}],
        }  # fmt: skip

    def answer(token: str, body: Any, status: int = 200) -> web.Response:
        return web.json_response(body, status=status, headers={"sw-context-token": token})

    @web.middleware
    async def access(request: web.Request, handler: Any) -> web.StreamResponse:
        state.requests.append(f"{request.method} {request.path}")
        if (
            request.path.startswith("/store-api/")
            and request.headers.get("sw-access-key") != ACCESS_KEY
        ):
            return _error(401, "FRAMEWORK__API_INVALID_ACCESS_KEY", "Access key is invalid.")
        return await handler(request)

    @routes.get("/store-api/context")
    async def get_context(request: web.Request) -> web.Response:
        token, _ = context(request)
        return answer(token, {**fixture("context"), "token": token})

    @routes.patch("/store-api/context")
    async def patch_context(request: web.Request) -> web.Response:
        token, ctx = context(request)
        body = await request.json()
        if "shippingMethodId" in body:
            if body["shippingMethodId"] not in methods:
                return _error(400, "CHECKOUT__SHIPPING_METHOD_NOT_FOUND", "not found")
            ctx["shipping"] = body["shippingMethodId"]
        ctx.update({k: v for k, v in body.items() if k in ("countryId", "paymentMethodId")})
        return answer(token, {"contextToken": token, "apiAlias": "array_struct"})

    @routes.post("/store-api/product")
    async def products(request: web.Request) -> web.Response:
        token, _ = context(request)
        body = await request.json()
        page, limit = int(body.get("page", 1)), int(body.get("limit", 10))
        chunk = state.products[(page - 1) * limit : page * limit]
        return answer(token, {"entity": "product", "total": len(state.products), "page": page,
                              "limit": limit, "elements": chunk,
                              "apiAlias": "dal_entity_search_result"})  # fmt: skip

    @routes.post("/store-api/country")
    async def countries(request: web.Request) -> web.Response:
        return answer(context(request)[0], fixture("countries"))

    @routes.post("/store-api/shipping-method")
    async def shipping(request: web.Request) -> web.Response:
        return answer(context(request)[0], fixture("shipping_methods"))

    @routes.post("/store-api/payment-method")
    async def payment(request: web.Request) -> web.Response:
        return answer(context(request)[0], fixture("payment_methods"))

    @routes.get("/store-api/checkout/cart")
    async def get_cart(request: web.Request) -> web.Response:
        token, ctx = context(request)
        return answer(token, cart(ctx))

    @routes.post("/store-api/checkout/cart/line-item")
    async def add(request: web.Request) -> web.Response:
        token, ctx = context(request)
        for item in (await request.json())["items"]:
            if item["referencedId"] not in by_id:
                return _error(400, "CHECKOUT__CART_LINE_ITEM_NOT_FOUND", "not found")
            ctx["lines"].append({"id": secrets.token_hex(8), "referencedId": item["referencedId"],
                                 "quantity": int(item.get("quantity", 1))})  # fmt: skip
        return answer(token, cart(ctx))

    @routes.patch("/store-api/checkout/cart/line-item")
    async def change(request: web.Request) -> web.Response:
        token, ctx = context(request)
        for item in (await request.json())["items"]:
            for line in ctx["lines"]:
                if line["id"] == item["id"]:
                    line["quantity"] = int(item["quantity"])
        return answer(token, cart(ctx))

    @routes.post("/store-api/checkout/cart/line-item/delete")
    async def remove(request: web.Request) -> web.Response:
        token, ctx = context(request)
        ids = set((await request.json())["ids"])
        ctx["lines"] = [x for x in ctx["lines"] if x["id"] not in ids]
        return answer(token, cart(ctx))

    @routes.post("/store-api/account/register")
    async def register(request: web.Request) -> web.Response:
        _, ctx = context(request)
        body = await request.json()
        if not body["billingAddress"].get("zipcode"):
            return web.json_response(fixture("register_invalid"), status=400)
        ctx["customer"] = {"email": body["email"], "guest": body["guest"]}
        fresh = secrets.token_hex(16)  # a login gives the context a new token
        state.contexts[fresh] = ctx
        return answer(fresh, {"id": "cu5t0001", "email": body["email"], "guest": True,
                              "apiAlias": "customer"})  # fmt: skip

    @routes.post("/store-api/checkout/order")
    async def order(request: web.Request) -> web.Response:
        token, ctx = context(request)
        current = cart(ctx)
        if ctx["customer"] is None:
            return _error(403, "CHECKOUT__CUSTOMER_NOT_LOGGED_IN", "Customer is not logged in.")
        if current["errors"] or not current["lineItems"]:
            return _error(400, "CHECKOUT__CART_INVALID", "The cart is invalid: stock")
        number = str(10001 + len(state.orders))
        placed = {"id": secrets.token_hex(8), "orderNumber": number,
                  "amountTotal": current["price"]["totalPrice"], "currency": {"isoCode": "EUR"},
                  "stateMachineState": {"technicalName": "open"}, "apiAlias": "order",
                  "lineItems": current["lineItems"], "email": ctx["customer"]["email"],
                  "paymentMethodId": ctx.get("paymentMethodId")}  # fmt: skip
        state.orders.append(placed)
        ctx["lines"] = []
        return answer(token, placed)

    @routes.post("/store-api/handle-payment")
    async def handle_payment(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response(
            {"redirectUrl": f"https://www.paypal.com/checkoutnow?token={body['orderId']}"}
        )

    @routes.post("/api/oauth/token")
    async def oauth(request: web.Request) -> web.Response:
        body = await request.json()
        if (body.get("client_id"), body.get("client_secret")) != CLIENT:
            return web.json_response({"errors": [{"code": "0", "status": "401",
                "title": "Unauthorized", "detail": "The user credentials were incorrect."}]},
                status=401)  # fmt: skip
        return web.json_response({"token_type": "Bearer", "expires_in": 600,
                                  "access_token": "admin-token"})  # fmt: skip

    @routes.post("/api/search/order")
    async def search_order(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bearer admin-token":
            return _error(401, "FRAMEWORK__UNAUTHORIZED", "Unauthorized")
        if state.no_order_read:
            return _error(
                403, "FRAMEWORK__MISSING_PRIVILEGE_ERROR", '{"missingPrivileges":["order:read"]}'
            )
        body = await request.json()
        wanted = [f["value"] for f in body.get("filter", []) if f["field"] == "orderNumber"]
        result = fixture("admin_order")
        if wanted and wanted[0] != result["data"][0]["orderNumber"]:
            return web.json_response({"total": 0, "data": []})
        return web.json_response(result)

    app = web.Application(middlewares=[access])
    app.router.add_routes(routes)
    return app
