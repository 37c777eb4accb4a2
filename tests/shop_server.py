"""A small shop that implements the README's "Shop REST API", started by the tests on
127.0.0.1, with switches for the ways a real shop fails: slow answers, 5xx, wrong JSON."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aiohttp import web

TOKEN = "test-shop-token"


@dataclass
class ShopState:
    products: dict[str, dict[str, Any]] = field(
        default_factory=lambda: {
            "K-1": {"sku": "K-1", "name_de": "Kaffee", "name_en": "Coffee", "price": "9.50",
                    "stock": 5, "vat": "reduced"},
            "M-1": {"sku": "M-1", "name_de": "Mühle", "name_en": "Grinder", "price": "40.00",
                    "stock": 2},
        }
    )  # fmt: skip
    carts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: The set prices each cart carries (terms as the assistant sent them).
    sets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Discount codes: {"percent": "10"} or {"amount": "5"}, with "min_order", "expired",
    #: "used" when they apply; and the code each cart carries.
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    cart_codes: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering (a shop that hangs).
    delay: float = 0.0
    #: Answer every request with this status (a shop that is down).
    fail_status: int | None = None
    #: Answer with JSON that is not what the contract says.
    garbage: bool = False
    requests: list[str] = field(default_factory=list)
    #: Reviews received, by order id (``POST /orders/{id}/reviews``).
    reviews: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    idempotency_keys: list[str] = field(default_factory=list)


def _line(state: ShopState, sku: str, qty: int) -> dict[str, Any]:
    p = state.products[sku]
    return {"sku": sku, "qty": qty, "name_de": p["name_de"], "name_en": p["name_en"],
            "price": p["price"], "vat": p.get("vat", "standard")}  # fmt: skip


def _granted(state: ShopState, cart_id: str) -> list[dict[str, Any]]:
    """The cart's sets that are complete, each taking one of each of its items, with the
    discount: the regular price of the set less the set price rounded half up to the cent."""
    left = {line["sku"]: line["qty"] for line in state.carts.get(cart_id, [])}
    granted = []
    for terms in state.sets.get(cart_id, []):
        if any(left.get(sku, 0) < 1 for sku in terms["skus"]):
            continue
        for sku in terms["skus"]:
            left[sku] -= 1
        regular = sum(Decimal(state.products[sku]["price"]) for sku in terms["skus"])
        factor = (Decimal(100) - Decimal(terms["discount_pct"])) / 100
        price = (regular * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        granted.append({**terms, "discount": str(regular - price)})
    return granted


def _goods(state: ShopState, cart_id: str) -> Decimal:
    goods = sum(Decimal(i["price"]) * i["qty"] for i in state.carts.get(cart_id, []))
    return goods - sum((Decimal(s["discount"]) for s in _granted(state, cart_id)), Decimal(0))


def _code_error(state: ShopState, code: str, goods: Decimal) -> str | None:
    terms = state.codes.get(code)
    if terms is None:
        return "code_unknown"
    if terms.get("expired"):
        return "code_expired"
    if terms.get("used"):
        return "code_used"
    if goods < Decimal(terms.get("min_order", "0")):
        return "code_minimum"
    return None


def _code(state: ShopState, cart_id: str) -> dict[str, str] | None:
    """The cart's code with what it takes off, while it applies."""
    code = state.cart_codes.get(cart_id)
    goods = _goods(state, cart_id)
    if code is None or _code_error(state, code, goods) is not None:
        return None
    terms = state.codes[code]
    if "percent" in terms:
        off = (goods * Decimal(terms["percent"]) / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    else:
        off = Decimal(terms["amount"])
    return {"code": code, "discount": str(min(off, goods))}


def _cart(state: ShopState, cart_id: str) -> dict[str, Any]:
    return {
        "items": state.carts.get(cart_id, []),
        "sets": _granted(state, cart_id),
        "code": _code(state, cart_id),
    }


def make_shop(state: ShopState) -> web.Application:
    routes = web.RouteTableDef()

    @web.middleware
    async def behaviour(request: web.Request, handler: Any) -> web.StreamResponse:
        state.requests.append(f"{request.method} {request.path}")
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response({"error": "unauthorized"}, status=401)
        if state.delay:
            await asyncio.sleep(state.delay)
        if state.fail_status:
            return web.json_response({"error": "down"}, status=state.fail_status)
        if state.garbage:
            return web.json_response({"something": "else"})
        return await handler(request)

    @routes.get("/products")
    async def products(request: web.Request) -> web.Response:
        return web.json_response({"products": list(state.products.values())})

    @routes.get("/products/{sku}")
    async def product(request: web.Request) -> web.Response:
        found = state.products.get(request.match_info["sku"])
        if found is None:
            return web.json_response({"error": "not_found"}, status=404)
        return web.json_response(found)

    @routes.get("/carts/{cart_id}")
    async def get_cart(request: web.Request) -> web.Response:
        return web.json_response(_cart(state, request.match_info["cart_id"]))

    @routes.put("/carts/{cart_id}")
    async def put_cart(request: web.Request) -> web.Response:
        body = await request.json()
        cart_id = request.match_info["cart_id"]
        lines = [
            _line(state, i["sku"], i["qty"]) for i in body["items"] if i["sku"] in state.products
        ]
        state.carts[cart_id] = lines
        if "sets" in body:  # else the cart keeps its sets
            state.sets[cart_id] = body["sets"]
        state.sets[cart_id] = [  # a set no longer complete loses its price for good
            {k: v for k, v in s.items() if k != "discount"} for s in _granted(state, cart_id)
        ]
        return web.json_response(_cart(state, cart_id))

    @routes.post("/carts/{cart_id}/code")
    async def apply_code(request: web.Request) -> web.Response:
        cart_id = request.match_info["cart_id"]
        code = str((await request.json())["code"])
        error = _code_error(state, code, _goods(state, cart_id))
        if error is not None:
            answer = {"error": error}
            if error == "code_minimum":
                answer["minimum"] = state.codes[code]["min_order"]
            return web.json_response(answer, status=422)
        state.cart_codes[cart_id] = code
        return web.json_response(_cart(state, cart_id))

    @routes.post("/shipping-options")
    async def shipping(request: web.Request) -> web.Response:
        body = await request.json()
        if body["country"] not in ("DE", "AT"):
            return web.json_response({"options": []})
        price = "0.00" if Decimal(body["subtotal"]) >= 50 else "5.00"
        return web.json_response({"options": [
            {"id": "std", "name_de": "Paket", "name_en": "Parcel", "price": price,
             "days_min": 2, "days_max": 4},
        ]})  # fmt: skip

    @routes.get("/payment-methods")
    async def payments(request: web.Request) -> web.Response:
        return web.json_response({"methods": [
            {"id": "inv", "kind": "invoice", "name_de": "Rechnung", "name_en": "Invoice"},
            {"id": "pp", "kind": "redirect", "name_de": "PayPal", "name_en": "PayPal"},
        ]})  # fmt: skip

    @routes.post("/orders")
    async def create_order(request: web.Request) -> web.Response:
        body = await request.json()
        key = request.headers.get("Idempotency-Key", "")
        state.idempotency_keys.append(key)
        for order in state.orders.values():
            if order["key"] == key:
                return web.json_response(order["placed"], status=201)
        short = [i["sku"] for i in body["items"] if state.products[i["sku"]]["stock"] < i["qty"]]
        if short:
            return web.json_response({"error": "out_of_stock", "skus": short}, status=409)
        granted = _granted(state, body["cart_id"])
        if [(s["id"], s["discount"]) for s in body.get("sets", [])] != [
            (s["id"], s["discount"]) for s in granted
        ]:
            return web.json_response({"error": "sets_changed"}, status=409)
        goods = sum(Decimal(i["price"]) * i["qty"] for i in body["items"])
        goods -= sum((Decimal(s["discount"]) for s in granted), Decimal(0))
        code = _code(state, body["cart_id"])
        if body.get("code") != code:
            used = body.get("code") and state.codes.get(body["code"]["code"], {}).get("used")
            return web.json_response({"error": "code_used" if used else "code"}, status=422)
        if code is not None:
            goods -= Decimal(code["discount"])
        shipping = Decimal("0.00") if goods >= 50 else Decimal("5.00")
        if Decimal(body["total"]) != goods + shipping:
            return web.json_response({"error": "total_mismatch"}, status=422)
        if code is not None:
            state.codes[code["code"]]["used"] = True
        for i in body["items"]:
            state.products[i["sku"]]["stock"] -= i["qty"]
        order_id = f"T-{len(state.orders) + 1000}"
        url = f"https://pay.example/{order_id}" if body["payment_id"] == "pp" else None
        placed = {"order_id": order_id, "status": "received", "total": body["total"],
                  "currency": "EUR", "payment_url": url}  # fmt: skip
        state.orders[order_id] = {"key": key, "placed": placed, "body": body}
        state.carts[body["cart_id"]] = []
        state.sets[body["cart_id"]] = []
        state.cart_codes.pop(body["cart_id"], None)
        return web.json_response(placed, status=201)

    @routes.get("/orders/{order_id}")
    async def order_status(request: web.Request) -> web.Response:
        order = state.orders.get(request.match_info["order_id"])
        if order is None:
            return web.json_response({"error": "not_found"}, status=404)
        body = order["body"]
        return web.json_response({
            "order_id": request.match_info["order_id"], "status": "shipped",
            "email": body["email"], "customer_ref": body["customer_ref"],
            "items": [_line(state, i["sku"], i["qty"]) for i in body["items"]],
            "total": body["total"], "currency": "EUR",
            "discount": str(sum((Decimal(s["discount"]) for s in body.get("sets", [])), Decimal(0))),
            "tracking_url": "https://track.example/1", "created_at": "2026-11-23T10:00:00+00:00",
        })  # fmt: skip

    @routes.post("/orders/{order_id}/reviews")
    async def review(request: web.Request) -> web.Response:
        order_id = request.match_info["order_id"]
        if order_id not in state.orders:
            return web.json_response({"error": "not_found"}, status=404)
        state.reviews.setdefault(order_id, []).append(await request.json())
        return web.json_response({"status": "received"}, status=201)

    app = web.Application(middlewares=[behaviour])
    app.router.add_routes(routes)
    return app
