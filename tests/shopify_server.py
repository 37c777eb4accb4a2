"""A loopback Shopify: the Storefront API's and Admin API's GraphQL answers in their published
shapes (https://shopify.dev/docs/api/storefront, https://shopify.dev/docs/api/admin-graphql),
products and orders from tests/fixtures/shopify/, carts kept per cart id. The operation is
told by the root field of the query, as the fixtures only need the fields the connector asks."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aiohttp import web

from tests.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "shopify"
STOREFRONT_TOKEN = "sf-test-token"
ADMIN_TOKEN = "shpat_test"
VERSION = "2025-01"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@dataclass
class ShopifyState:
    carts: dict[str, dict[str, Any]] = field(default_factory=dict)
    scopes: list[str] = field(
        default_factory=lambda: ["read_orders", "unauthenticated_read_checkouts"]
    )


def make_shopify(state: ShopifyState) -> web.Application:
    routes = web.RouteTableDef()
    variants = {
        v["id"]: (p, v)
        for page in ("products_page1", "products_page2")
        for p in fixture(page)["data"]["products"]["nodes"]
        for v in p["variants"]["nodes"]
    }
    delivery = [{"handle": "dhl-paket", "title": "DHL Paket", "estimatedCost": {"amount": "4.9"}},
                {"handle": "express", "title": "DHL Express", "estimatedCost": {"amount": "9.9"}}]  # fmt: skip

    def cart(cart_id: str) -> dict[str, Any]:
        data = state.carts[cart_id]
        nodes, goods = [], Decimal(0)
        for line in data["lines"]:
            product, variant = variants[line["merchandiseId"]]
            goods += Decimal(variant["price"]["amount"]) * line["quantity"]
            nodes.append({"id": line["id"], "quantity": line["quantity"],
                          "merchandise": {"id": variant["id"], "sku": variant["sku"],
                                          "title": variant["title"],
                                          "product": {"title": product["title"], "tags": product["tags"]}},
                          "cost": {"amountPerQuantity": {"amount": variant["price"]["amount"]}}})  # fmt: skip
        chosen = next((o for o in delivery if o["handle"] == data.get("delivery")), None)
        total = goods + (Decimal(chosen["estimatedCost"]["amount"]) if chosen else 0)
        return {"id": cart_id,
                "checkoutUrl": f"https://kaffee.myshopify.com/cart/c/{cart_id.rsplit('/', 1)[-1]}?key=abc",
                "cost": {"totalAmount": {"amount": str(total), "currencyCode": "EUR"}},
                "lines": {"nodes": nodes},
                "deliveryGroups": {"nodes": [{"id": "gid://shopify/CartDeliveryGroup/1",
                                              "deliveryOptions": delivery}] if data.get("country") else []}}  # fmt: skip

    def payload(body: dict[str, Any]) -> dict[str, Any]:
        query, v = body["query"], body.get("variables") or {}
        if "products(" in query:
            return fixture("products_page2" if v.get("after") else "products_page1")
        if "shop {" in query:
            return {"data": {"shop": {"name": "Kaffee Klein"}}}
        if "cart(id:" in query:
            return {"data": {"cart": cart(v["id"]) if v["id"] in state.carts else None}}
        if "cartCreate" in query:
            cart_id = f"gid://shopify/Cart/{secrets.token_hex(8)}"
            state.carts[cart_id] = {"lines": []}
            return _add(cart_id, v["input"]["lines"], "cartCreate")
        if "cartLinesAdd" in query:
            return _add(v["id"], v["lines"], "cartLinesAdd")
        if "cartLinesUpdate" in query:
            for change in v["lines"]:
                for line in state.carts[v["id"]]["lines"]:
                    if line["id"] == change["id"]:
                        line["quantity"] = change["quantity"]
            return {"data": {"cartLinesUpdate": {"cart": cart(v["id"]), "userErrors": []}}}
        if "cartLinesRemove" in query:
            data = state.carts[v["id"]]
            data["lines"] = [x for x in data["lines"] if x["id"] not in v["lines"]]
            return {"data": {"cartLinesRemove": {"cart": cart(v["id"]), "userErrors": []}}}
        if "cartBuyerIdentityUpdate" in query:
            state.carts[v["id"]].update(country=v["who"]["countryCode"], who=v["who"])
            return {"data": {"cartBuyerIdentityUpdate": {"cart": cart(v["id"]), "userErrors": []}}}
        if "cartSelectedDeliveryOptionsUpdate" in query:
            state.carts[v["id"]]["delivery"] = v["sel"][0]["deliveryOptionHandle"]
            return {
                "data": {
                    "cartSelectedDeliveryOptionsUpdate": {"cart": cart(v["id"]), "userErrors": []}
                }
            }
        return {"errors": [{"message": "unknown field", "extensions": {"code": "undefinedField"}}]}

    def _add(cart_id: str, lines: list[dict[str, Any]], name: str) -> dict[str, Any]:
        for line in lines:
            if line["merchandiseId"] not in variants:
                return {"data": {name: {"cart": None, "userErrors": [
                    {"field": ["lines", "0", "merchandiseId"], "code": "INVALID",
                     "message": "The merchandise with id does not exist."}]}}}  # fmt: skip
            if not variants[line["merchandiseId"]][1]["availableForSale"]:
                return {"data": {name: {"cart": None, "userErrors": [
                    {"field": ["lines"], "code": "MERCHANDISE_NOT_ENOUGH_STOCK",
                     "message": "Der Artikel ist ausverkauft."}]}}}  # fmt: skip
            state.carts[cart_id]["lines"].append(
                {"id": f"gid://shopify/CartLine/{secrets.token_hex(6)}", **line}
            )
        return {"data": {name: {"cart": cart(cart_id), "userErrors": []}}}

    @routes.post(f"/api/{VERSION}/graphql.json")
    async def storefront(request: web.Request) -> web.Response:
        if request.headers.get("X-Shopify-Storefront-Access-Token") != STOREFRONT_TOKEN:
            return web.json_response(
                {"errors": [{"message": "", "extensions": {"code": "UNAUTHORIZED"}}]}, status=401
            )
        return web.json_response(payload(await request.json()))

    @routes.post(f"/admin/api/{VERSION}/graphql.json")
    async def admin(request: web.Request) -> web.Response:
        if request.headers.get("X-Shopify-Access-Token") != ADMIN_TOKEN:
            return web.json_response(
                {
                    "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
                },
                status=401,
            )
        body = await request.json()
        if "currentAppInstallation" in body["query"]:
            return web.json_response({"data": {"currentAppInstallation": {
                "accessScopes": [{"handle": s} for s in state.scopes]}}})  # fmt: skip
        if body["variables"]["q"] == "name:#1001":
            return web.json_response(fixture("order_1001"))
        return web.json_response({"data": {"orders": {"nodes": []}}})

    app = web.Application()
    app.router.add_routes(routes)
    return app
