"""A shop reached over its REST API: JSON over HTTP with a bearer token. The README's "Shop
REST API" section is the contract a shop implements; this module is its client.

Every call runs under a timeout. A timeout, a refused connection, a 5xx, a rejected token or
an answer that is not the agreed JSON all become :class:`ShopUnavailable`: the shopper is
told the shop cannot be reached, and nothing in the conversation breaks.
"""

from __future__ import annotations

import asyncio
import json as _json
import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp

from assistant.shop.adapter import (
    AVAILABILITIES,
    Cart,
    CartLine,
    OrderInfo,
    OrderRefused,
    OrderRequest,
    OutOfStock,
    PaymentMethod,
    PlacedOrder,
    ProductInfo,
    SetDiscount,
    SetTerms,
    ShippingOption,
    ShopReview,
    ShopUnavailable,
    UnknownProduct,
)
from assistant.shop.codes import CodeDiscount, CodeRejected, Problem

log = logging.getLogger(__name__)
T = TypeVar("T")


class BadAnswer(ValueError):
    """The shop answered, but not with the JSON the contract describes."""


class HttpShopAdapter:
    def __init__(self, base_url: str, token: str, *, timeout: float = 5.0) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- catalog and carts ------------------------------------------------------------------

    async def search(self, query: str, lang: str, limit: int = 5) -> list[ProductInfo]:
        _, body = await self._call(
            "GET", "/products", params={"q": query, "lang": lang, "limit": str(limit)}
        )
        return self._parse(lambda: [_product(p) for p in _list(body, "products")])

    async def products(self) -> list[ProductInfo]:
        _, body = await self._call("GET", "/products")
        return self._parse(lambda: [_product(p) for p in _list(body, "products")])

    async def product(self, sku: str) -> ProductInfo | None:
        status, body = await self._call("GET", f"/products/{_seg(sku)}", allow=(404,))
        if status == 404:
            return None
        return self._parse(lambda: _product(body))

    async def get_cart(self, cart_id: str) -> Cart:
        _, body = await self._call("GET", f"/carts/{_seg(cart_id)}")
        return self._parse(lambda: _cart(body))

    async def set_cart(self, cart_id: str, items: list[tuple[str, int]]) -> Cart:
        payload = {"items": [{"sku": sku, "qty": qty} for sku, qty in items]}
        _, body = await self._call("PUT", f"/carts/{_seg(cart_id)}", json=payload)
        return self._parse(lambda: _cart(body))

    async def add_to_cart(self, cart_id: str, sku: str, qty: int = 1) -> Cart:
        if await self.product(sku) is None:
            raise UnknownProduct(detail=sku)
        cart = await self.get_cart(cart_id)
        return await self.set_cart(cart_id, [*((x.sku, x.qty) for x in cart.lines), (sku, qty)])

    async def set_quantity(self, cart_id: str, sku: str, qty: int) -> Cart:
        cart = await self.get_cart(cart_id)
        items = [(x.sku, qty if x.sku == sku else x.qty) for x in cart.lines]
        return await self.set_cart(cart_id, [(s, q) for s, q in items if q > 0])

    async def apply_set(self, cart_id: str, terms: SetTerms) -> Cart:
        """A PUT with ``sets`` replaces the cart's sets (one without keeps them)."""
        cart = await self.get_cart(cart_id)
        sets = [t for t in cart.terms if t.id != terms.id] + [terms]
        payload = {
            "items": [{"sku": x.sku, "qty": x.qty} for x in cart.lines],
            "sets": [t.as_dict() for t in sets],
        }
        _, body = await self._call("PUT", f"/carts/{_seg(cart_id)}", json=payload)
        return self._parse(lambda: _cart(body))

    async def apply_code(self, cart_id: str, code: str) -> Cart:
        """``POST /carts/{id}/code``: the shop checks and prices the code; a 422 with
        ``error`` ``code_unknown`` / ``code_expired`` / ``code_minimum`` / ``code_used`` (and
        ``minimum`` for the minimum order) says why not."""
        path = f"/carts/{_seg(cart_id)}/code"
        status, body = await self._call("POST", path, json={"code": code}, allow=(404, 422))
        if status == 404:
            raise CodeRejected("unsupported", code)
        if status == 422:
            error = body.get("error") if isinstance(body, dict) else None
            why: Problem = _CODE_ERRORS.get(str(error), "unknown")
            minimum = (
                self._parse(lambda: _money(body, "minimum"))
                if why == "minimum" and isinstance(body, dict) and "minimum" in body
                else Decimal("0")
            )
            goods = (await self.get_cart(cart_id)).goods if why == "minimum" else Decimal("0")
            raise CodeRejected(why, code, minimum=minimum, goods=goods)
        return self._parse(lambda: _cart(body))

    # -- checkout ---------------------------------------------------------------------------

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        payload = {
            "country": country,
            "items": [{"sku": x.sku, "qty": x.qty} for x in cart.lines],
            "subtotal": str(cart.total),
        }
        _, body = await self._call("POST", "/shipping-options", json=payload)
        return self._parse(lambda: [_shipping(o) for o in _list(body, "options")])

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        params = {"country": country, "total": str(total)}
        _, body = await self._call("GET", "/payment-methods", params=params)
        return self._parse(lambda: [_payment(m) for m in _list(body, "methods")])

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        payload = {
            "cart_id": order.cart_id,
            "customer_ref": order.customer_ref,
            "email": order.email,
            "address": order.address.to_json(),
            "shipping_id": order.shipping_id,
            "payment_id": order.payment_id,
            "locale": order.locale,
            "items": [
                {"sku": x.sku, "qty": x.qty, "price": str(x.unit_price)} for x in order.lines
            ],
            "sets": [d.as_dict() for d in order.discounts],
            "code": order.code.as_dict() if order.code is not None else None,
            "total": str(order.total),
        }
        status, body = await self._call(
            "POST",
            "/orders",
            json=payload,
            allow=(409, 422),
            headers={"Idempotency-Key": order.idempotency_key},
        )
        if status in (409, 422):
            error = body.get("error") if isinstance(body, dict) else None
            if error == "out_of_stock":
                skus = self._parse(lambda: tuple(str(s) for s in _list(body, "skus")))
                raise OutOfStock(skus)
            raise OrderRefused(detail=f"HTTP {status}: {str(error)[:100]}")
        return self._parse(lambda: _placed(body))

    async def order_status(self, order_id: str) -> OrderInfo | None:
        status, body = await self._call("GET", f"/orders/{_seg(order_id)}", allow=(404,))
        if status == 404:
            return None
        return self._parse(lambda: _order(body))

    async def post_review(self, review: ShopReview) -> bool:
        """``POST /orders/{id}/reviews``: 2xx took it; 404 means the shop does not know the
        order (or takes no reviews through the assistant)."""
        payload = {
            "rating": review.rating,
            "text": review.text,
            "locale": review.locale,
            "customer_ref": review.customer_ref,
            "created_at": review.created_at.isoformat(),
        }
        path = f"/orders/{_seg(review.order_id)}/reviews"
        status, _ = await self._call("POST", path, json=payload, allow=(404,))
        return status != 404

    # -- transport --------------------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        allow: tuple[int, ...] = (),
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        """Status and JSON body of a 2xx (or an ``allow``-ed) answer; else ShopUnavailable."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
            )
        try:
            async with asyncio.timeout(self._timeout):
                async with self._session.request(
                    method, self._base + path, params=params, json=json, headers=headers
                ) as resp:
                    status = resp.status
                    text = await resp.text()
        except TimeoutError:
            raise ShopUnavailable(
                detail=f"{method} {path}: no answer in {self._timeout}s"
            ) from None
        except aiohttp.ClientError as exc:
            raise ShopUnavailable(detail=f"{method} {path}: {type(exc).__name__}") from None
        if status >= 500 or status in (401, 403) or (status >= 400 and status not in allow):
            log.warning("shop API %s %s answered HTTP %s", method, path, status)
            raise ShopUnavailable(detail=f"{method} {path}: HTTP {status}")
        try:
            body = _json.loads(text) if text.strip() else None
        except ValueError:
            raise ShopUnavailable(detail=f"{method} {path}: not JSON") from None
        return status, body

    def _parse(self, build: Callable[[], T]) -> T:
        try:
            return build()
        except (
            BadAnswer,
            KeyError,
            TypeError,
            ValueError,
            InvalidOperation,
            AttributeError,
        ) as exc:
            log.warning("shop API answer does not follow the contract: %s", exc)
            raise ShopUnavailable(detail=f"bad answer: {exc}") from None


# -- the contract's JSON shapes ---------------------------------------------------------------


def _seg(value: str) -> str:
    return quote(value, safe="")


def _list(body: Any, key: str) -> list[Any]:
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, list):
        raise BadAnswer(f"expected a list in {key!r}")
    return value


def _str(data: Any, key: str, default: str | None = None) -> str:
    value = data.get(key, default) if isinstance(data, dict) else None
    if not isinstance(value, str):
        raise BadAnswer(f"expected a string in {key!r}")
    return value


def _optional_str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _int(data: Any, key: str, default: int | None = None) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadAnswer(f"expected a whole number in {key!r}")
    return value


def _money(data: Any, key: str) -> Decimal:
    """Amounts travel as decimal strings ("12.90"); plain JSON numbers are read exactly too."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadAnswer(f"expected an amount in {key!r}")
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        raise BadAnswer(f"bad amount in {key!r}")
    return amount


def _vat(data: dict[str, Any]) -> Any:
    vat = data.get("vat")
    return vat if vat in ("reduced", "intermediate") else "standard"


def _product(data: Any) -> ProductInfo:
    if not isinstance(data, dict):
        raise BadAnswer("expected a product object")
    name_de = _str(data, "name_de")
    return ProductInfo(
        sku=_str(data, "sku"),
        name_de=name_de,
        name_en=_str(data, "name_en", name_de),
        price=_money(data, "price"),
        stock=_int(data, "stock", 0),
        category=_str(data, "category", ""),
        image_url=_optional_str(data, "image_url"),
        vat=_vat(data),
        # The optional catalog fields (see docs/catalog.md): absent is fine, wrong is not.
        description_de=_str(data, "description_de", ""),
        description_en=_str(data, "description_en", _str(data, "description_de", "")),
        tags=tuple(t for t in data.get("tags", []) if isinstance(t, str))
        if isinstance(data.get("tags", []), list)
        else (),
        link=_http_url(data, "link"),
        brand=_str(data, "brand", ""),
        availability=_availability(data),
        sale_price=_money(data, "sale_price") if data.get("sale_price") is not None else None,
        color=_str(data, "color", ""),
        size=_str(data, "size", ""),
        material=_str(data, "material", ""),
        product_type=_str(data, "product_type", ""),
        rating=_money(data, "rating") if data.get("rating") is not None else None,
        attributes=data["attributes"] if isinstance(data.get("attributes"), dict) else {},
    )


def _http_url(data: dict[str, Any], key: str) -> str | None:
    url = _optional_str(data, key)
    return url if url is not None and url.startswith(("https://", "http://")) else None


def _availability(data: dict[str, Any]) -> Any:
    value = data.get("availability")
    if value in AVAILABILITIES:
        return value
    return "in_stock" if _int(data, "stock", 0) > 0 else "out_of_stock"


def _line(data: Any) -> CartLine:
    if not isinstance(data, dict):
        raise BadAnswer("expected a cart line object")
    name_de = _str(data, "name_de", "")
    return CartLine(
        sku=_str(data, "sku"),
        qty=_int(data, "qty"),
        name_de=name_de,
        name_en=_str(data, "name_en", name_de),
        unit_price=_money(data, "price"),
        vat=_vat(data),
    )


_CODE_ERRORS: dict[str, Problem] = {
    "code_unknown": "unknown",
    "code_expired": "expired",
    "code_minimum": "minimum",
    "code_used": "used",
}


def _cart(body: Any) -> Cart:
    sets = _list(body, "sets") if isinstance(body, dict) and "sets" in body else []
    code = body.get("code") if isinstance(body, dict) else None
    return Cart(
        tuple(_line(item) for item in _list(body, "items")),
        tuple(_set_discount(item) for item in sets),
        code=_code(code) if isinstance(code, dict) else None,
    )


def _code(data: dict[str, Any]) -> CodeDiscount:
    return CodeDiscount(_str(data, "code"), _money(data, "discount"))


def _set_discount(data: Any) -> SetDiscount:
    if not isinstance(data, dict):
        raise BadAnswer("expected a set object")
    skus = data.get("skus")
    if not isinstance(skus, list) or not skus or not all(isinstance(s, str) for s in skus):
        raise BadAnswer("expected a list of SKUs in 'skus'")
    title_de = _str(data, "title_de")
    terms = SetTerms(
        id=_str(data, "id"),
        skus=tuple(skus),
        discount_pct=_money(data, "discount_pct"),
        title_de=title_de,
        title_en=_str(data, "title_en", title_de),
    )
    return SetDiscount(terms, _money(data, "discount"))


def _shipping(data: Any) -> ShippingOption:
    name_de = _str(data, "name_de")
    return ShippingOption(
        id=_str(data, "id"),
        name_de=name_de,
        name_en=_str(data, "name_en", name_de),
        price=_money(data, "price"),
        days_min=_int(data, "days_min"),
        days_max=_int(data, "days_max"),
    )


def _payment(data: Any) -> PaymentMethod:
    kind = _str(data, "kind")
    if kind not in ("invoice", "prepayment", "redirect"):
        raise BadAnswer(f"unknown payment kind {kind[:40]!r}")
    name_de = _str(data, "name_de")
    return PaymentMethod(_str(data, "id"), kind, name_de, _str(data, "name_en", name_de))  # type: ignore[arg-type]


def _placed(body: Any) -> PlacedOrder:
    if not isinstance(body, dict):
        raise BadAnswer("expected an order object")
    url = _optional_str(body, "payment_url")
    if url is not None and not url.startswith(("https://", "http://")):
        raise BadAnswer("payment_url must be an http(s) URL")
    return PlacedOrder(
        order_id=_str(body, "order_id"),
        status=_str(body, "status"),
        total=_money(body, "total"),
        currency=_str(body, "currency", "EUR"),
        payment_url=url,
    )


def _order(body: Any) -> OrderInfo:
    if not isinstance(body, dict):
        raise BadAnswer("expected an order object")
    created = _optional_str(body, "created_at")
    tracking = _optional_str(body, "tracking_url")
    if tracking is not None and not tracking.startswith(("https://", "http://")):
        tracking = None
    return OrderInfo(
        order_id=_str(body, "order_id"),
        status=_str(body, "status"),
        email=_str(body, "email"),
        customer_ref=_optional_str(body, "customer_ref"),
        lines=tuple(_line(item) for item in _list(body, "items")),
        total=_money(body, "total"),
        currency=_str(body, "currency", "EUR"),
        tracking_url=tracking,
        created_at=datetime.fromisoformat(created) if created else None,
        discount=_money(body, "discount") if "discount" in body else Decimal("0"),
    )
