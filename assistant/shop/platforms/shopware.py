"""Shopware 6: the Store API (a sales channel's ``sw-access-key``, one ``sw-context-token`` per
cart) for catalog, cart, shipping, payment and the guest order; the Admin API (an integration's
client id and secret, OAuth client credentials) for order status and tracking.

References: https://shopware.stoplight.io/docs/store-api/ (product listing, cart line items,
context, shipping-method, payment-method, account/register, checkout/order, handle-payment) and
https://shopware.stoplight.io/docs/admin-api/ (oauth/token, search/order).

* Products and variants are one list; a parent with variants is not sold itself, its variants
  are, named "<product> (<option>, <option>)". The SKU is the product number.
* Prices: ``calculatedPrice.unitPrice`` is net when the sales channel shows net prices
  (``context.taxState == "net"``): then the tax rule's rate is added to give the gross price.
* A guest order registers a guest customer (``account/register`` with ``guest: true``), which
  gives the cart's context a customer; the shipping and payment method are set on the context.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from assistant.clock import Clock, utc_now
from assistant.shop.adapter import (
    Cart,
    CartLine,
    OrderInfo,
    OrderRefused,
    OrderRequest,
    OutOfStock,
    PaymentKind,
    PaymentMethod,
    PlacedOrder,
    ProductInfo,
    ShippingOption,
    ShopUnavailable,
)
from assistant.shop.platforms.base import (
    Answer,
    PlatformAdapter,
    PlatformLine,
    Problem,
    Transport,
    gross,
    money,
    not_the_api,
    parsed,
    problem,
    split_name,
    unreachable,
    vat_class,
)
from assistant.shop.platforms.state import SessionStore

PAGE = 100
STOCK_KEYS = ("product-out-of-stock", "product-stock-reached", "product-not-found")


class ShopwareAdapter(PlatformAdapter):
    kind = "shopware"
    page_size = PAGE

    def __init__(
        self,
        base_url: str,
        access_key: str,
        *,
        store: SessionStore,
        client_id: str | None = None,
        client_secret: str | None = None,
        storefront_url: str | None = None,
        timeout: float = 5.0,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(store, clock)
        self._base = base_url.rstrip("/")
        self._storefront = (storefront_url or self._base).rstrip("/")
        self._client = (client_id, client_secret) if client_id and client_secret else None
        self._admin_token: str | None = None
        self._http = Transport(timeout, {"sw-access-key": access_key})
        self._net: bool | None = None
        self._countries: dict[str, str] = {}

    async def close(self) -> None:
        await self._http.close()

    # -- Store API --------------------------------------------------------------------------

    async def _store_api(
        self,
        method: str,
        path: str,
        *,
        cart_id: str | None = None,
        json: Any = None,
        params: dict[str, str] | None = None,
        allow: tuple[int, ...] = (),
    ) -> Answer:
        headers = {}
        token = await self._store.get(f"cart:{cart_id}") if cart_id else None
        if token:
            headers["sw-context-token"] = token
        answer = await self._http.call(
            method, f"{self._base}/store-api{path}", json=json, params=params, headers=headers
        )
        fresh = answer.headers.get("sw-context-token")
        if cart_id and fresh and fresh != token:
            await self._store.put(f"cart:{cart_id}", fresh)
        if not answer.ok and answer.status not in allow:
            raise ShopUnavailable(detail=f"shopware {method} {path}: HTTP {answer.status}")
        return answer

    async def _prices_net(self) -> bool:
        if self._net is None:
            body = (await self._store_api("GET", "/context")).body
            state = parsed(lambda: (body.get("context") or {}).get("taxState") or body["taxState"])
            self._net = state == "net"
        return self._net

    # -- catalog --------------------------------------------------------------------------------

    async def _load_catalog(self) -> list[tuple[ProductInfo, str]]:
        net = await self._prices_net()
        elements: list[dict[str, Any]] = []
        page = 1
        while True:
            body = (
                await self._store_api(
                    "POST",
                    "/product",
                    json={"page": page, "limit": self.page_size, "total-count-mode": "exact"},
                )
            ).body
            found = parsed(lambda: body["elements"])  # noqa: B023
            elements += found
            total = parsed(lambda: int(body["total"]))  # noqa: B023
            if not found or len(elements) >= total:
                break
            page += 1
        names = {e["id"]: _name(e) for e in elements if isinstance(e, dict) and "id" in e}
        return parsed(
            lambda: [
                (_product(e, names, net), e["id"])
                for e in elements
                if not e.get("childCount")  # a parent with variants is not sold itself
            ]
        )

    # -- cart -------------------------------------------------------------------------------

    async def _cart_body(self, cart_id: str) -> dict[str, Any]:
        if await self._store.get(f"cart:{cart_id}") is None:
            return {"lineItems": []}
        body = (await self._store_api("GET", "/checkout/cart", cart_id=cart_id)).body
        return body if isinstance(body, dict) else {}

    async def _lines(self, cart_id: str) -> list[PlatformLine]:
        body = await self._cart_body(cart_id)
        net = body.get("price", {}).get("taxStatus") == "net" if body.get("price") else False
        catalog = self._catalog.products
        return parsed(
            lambda: [
                _line(x, catalog, net) for x in body["lineItems"] if x.get("type") == "product"
            ]
        )

    async def _add(self, cart_id: str, ref: str, qty: int) -> None:
        await self._store_api(
            "POST",
            "/checkout/cart/line-item",
            cart_id=cart_id,
            json={"items": [{"type": "product", "referencedId": ref, "quantity": qty}]},
        )

    async def _change(self, cart_id: str, line: PlatformLine, qty: int) -> None:
        if qty <= 0:
            await self._store_api(
                "POST", "/checkout/cart/line-item/delete", cart_id=cart_id, json={"ids": [line.ref]}
            )
        else:
            await self._store_api(
                "PATCH",
                "/checkout/cart/line-item",
                cart_id=cart_id,
                json={"items": [{"id": line.ref, "quantity": qty}]},
            )

    # -- checkout ---------------------------------------------------------------------------

    async def _country_id(self, iso: str) -> str | None:
        if not self._countries:
            body = (await self._store_api("POST", "/country", json={"limit": 300})).body
            self._countries = parsed(lambda: {c["iso"]: c["id"] for c in body["elements"]})
        return self._countries.get(iso)

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        """Shopware prices only the context's chosen method: each method is chosen in turn
        and the cart's delivery cost read."""
        cart_id = cart.cart_id
        country_id = await self._country_id(country)
        if cart_id is None or country_id is None or cart.is_empty():
            return []
        await self._store_api("PATCH", "/context", cart_id=cart_id, json={"countryId": country_id})
        body = (
            await self._store_api(
                "POST", "/shipping-method", cart_id=cart_id, params={"onlyAvailable": "1"}
            )
        ).body
        methods = parsed(lambda: body["elements"])
        options = []
        for method in methods:
            await self._store_api(
                "PATCH", "/context", cart_id=cart_id, json={"shippingMethodId": method["id"]}
            )
            priced = await self._cart_body(cart_id)
            options.append(parsed(lambda: _shipping(method, priced)))  # noqa: B023
        return options

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        body = (
            await self._store_api("POST", "/payment-method", params={"onlyAvailable": "1"})
        ).body
        return parsed(lambda: [_payment(m) for m in body["elements"] if m.get("active", True)])

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        done = await self._placed(order.idempotency_key)
        if done is not None:
            return PlacedOrder(done["id"], done["status"], Decimal(done["total"]), done["cur"],
                               done.get("url"))  # fmt: skip
        cart_id = order.cart_id
        country_id = await self._country_id(order.address.country)
        if country_id is None:
            raise OrderRefused(detail=f"shopware: no country {order.address.country}")
        first, last = split_name(order.address.name)
        address = {
            "firstName": first or "-",
            "lastName": last,
            "street": order.address.street,
            "zipcode": order.address.postcode,
            "city": order.address.city,
            "countryId": country_id,
        }
        registered = await self._store_api(
            "POST",
            "/account/register",
            cart_id=cart_id,
            allow=(400,),
            json={
                "guest": True,
                "email": order.email,
                "firstName": first or "-",
                "lastName": last,
                "acceptedDataProtection": True,
                "storefrontUrl": self._storefront,
                "billingAddress": address,
            },
        )
        if not registered.ok:
            raise OrderRefused(detail=f"shopware register: {_codes(registered.body)}")
        await self._store_api(
            "PATCH",
            "/context",
            cart_id=cart_id,
            json={"shippingMethodId": order.shipping_id, "paymentMethodId": order.payment_id},
        )
        cart = await self._cart_body(cart_id)
        short = _short(cart, self._catalog.products)
        if short:
            raise OutOfStock(short)
        total = parsed(lambda: money(cart["price"]["totalPrice"]))
        if total != order.total:
            raise OrderRefused(detail=f"shopware: total {total} is not {order.total}")
        created = await self._store_api(
            "POST", "/checkout/order", cart_id=cart_id, json={}, allow=(400,)
        )
        if not created.ok:
            detail = _codes(created.body)
            if "stock" in detail.lower():
                raise OutOfStock(tuple(x.sku for x in order.lines))
            raise OrderRefused(detail=f"shopware order: {detail}")
        placed_body = created.body
        url = None
        if await self._is_async(order.payment_id):
            paid = await self._store_api(
                "POST",
                "/handle-payment",
                cart_id=cart_id,
                json={
                    "orderId": placed_body["id"],
                    "finishUrl": f"{self._storefront}/checkout/finish",
                    "errorUrl": f"{self._storefront}/account/order",
                },
            )
            url = (paid.body or {}).get("redirectUrl") if isinstance(paid.body, dict) else None
        placed = parsed(
            lambda: PlacedOrder(
                order_id=placed_body["orderNumber"],
                status=_status(placed_body),
                total=money(placed_body["amountTotal"]),
                currency=(placed_body.get("currency") or {}).get("isoCode", "EUR"),
                payment_url=url if isinstance(url, str) and url.startswith("http") else None,
            )
        )
        await self._remember(
            order.idempotency_key,
            {"id": placed.order_id, "status": placed.status, "total": str(placed.total),
             "cur": placed.currency, "url": placed.payment_url},
        )  # fmt: skip
        await self._store.drop(f"cart:{cart_id}")
        return placed

    async def _is_async(self, payment_id: str) -> bool:
        body = (await self._store_api("POST", "/payment-method")).body
        methods = body.get("elements", []) if isinstance(body, dict) else []
        return any(m.get("id") == payment_id and _kind(m) == "redirect" for m in methods)

    # -- Admin API --------------------------------------------------------------------------

    async def _admin_login(self) -> str:
        if self._client is None:
            raise ShopUnavailable(detail="shopware: no Admin API integration configured")
        answer = await self._http.call(
            "POST",
            f"{self._base}/api/oauth/token",
            json={
                "grant_type": "client_credentials",
                "client_id": self._client[0],
                "client_secret": self._client[1],
            },
        )
        token = answer.body.get("access_token") if isinstance(answer.body, dict) else None
        if not answer.ok or not isinstance(token, str):
            raise ShopUnavailable(detail=f"shopware admin sign-in: HTTP {answer.status}")
        return token

    async def _admin(self, path: str, payload: Any) -> Answer:
        for attempt in (1, 2):
            if self._admin_token is None:
                self._admin_token = await self._admin_login()
            answer = await self._http.call(
                "POST",
                f"{self._base}/api{path}",
                json=payload,
                headers={"Authorization": f"Bearer {self._admin_token}"},
            )
            if answer.status == 401 and attempt == 1:
                self._admin_token = None  # tokens last ten minutes
                continue
            return answer
        raise ShopUnavailable(detail="shopware: admin token refused")

    async def order_status(self, order_id: str) -> OrderInfo | None:
        answer = await self._admin(
            "/search/order",
            {
                "limit": 1,
                "filter": [{"type": "equals", "field": "orderNumber", "value": order_id}],
                "associations": {
                    "lineItems": {},
                    "currency": {},
                    "stateMachineState": {},
                    "deliveries": {"associations": {"stateMachineState": {}, "shippingMethod": {}}},
                    "transactions": {"associations": {"stateMachineState": {}}},
                },
            },
        )
        if not answer.ok:
            raise ShopUnavailable(detail=f"shopware search/order: HTTP {answer.status}")
        found = parsed(lambda: answer.body["data"])
        return parsed(lambda: _order(found[0])) if found else None

    # -- connection check -------------------------------------------------------------------

    async def check(self) -> list[Problem]:
        url = f"{self._base}/store-api/context"
        try:
            answer = await self._http.call("GET", url, server_errors=True)
        except ShopUnavailable as exc:
            return [unreachable(self._base, exc.detail)]
        codes = _codes(answer.body)
        if answer.status in (400, 401, 403, 412, 500) and (
            "ACCESS_KEY" in codes or "SALES_CHANNEL" in codes
        ):
            return [
                problem(
                    "wrong_key",
                    "Shopware kennt diesen Zugangsschlüssel (sw-access-key) nicht: bitte den API-Zugang des Verkaufskanals kopieren.",
                    "Shopware does not know this access key (sw-access-key): copy the sales channel's API access key.",
                )
            ]
        if not answer.ok or not isinstance(answer.body, dict) or "token" not in answer.body:
            return [not_the_api(self._base, "Shopware Store API", answer.status)]
        if self._client is None:
            return [
                problem(
                    "no_admin_key",
                    "Ohne Admin-API-Integration (Client-ID und Secret) kann der Assistent keinen Bestellstatus zeigen.",
                    "Without an Admin API integration (client id and secret) the assistant cannot show order status.",
                )
            ]
        try:
            self._admin_token = await self._admin_login()
        except ShopUnavailable:
            return [
                problem(
                    "wrong_admin_key",
                    "Shopware lehnt die Integration ab: Client-ID oder Secret stimmt nicht.",
                    "Shopware refuses the integration: wrong client id or secret.",
                )
            ]
        probe = await self._admin("/search/order", {"limit": 1})
        if probe.status == 403:
            return [
                problem(
                    "missing_scope",
                    "Der Integration fehlt das Leserecht für Bestellungen (order:read).",
                    "The integration lacks read permission for orders (order:read).",
                )
            ]
        return []


# -- Shopware's JSON --------------------------------------------------------------------------


def _codes(body: Any) -> str:
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return ""
    return ", ".join(str(e.get("code", "")) + ":" + str(e.get("detail", ""))[:80] for e in errors)


def _name(product: dict[str, Any]) -> str:
    translated = product.get("translated") or {}
    name = translated.get("name") or product.get("name") or ""
    return str(name)


def _product(data: dict[str, Any], names: dict[str, str], net: bool) -> ProductInfo:
    name = _name(data) or names.get(data.get("parentId") or "", "")
    options = [str(v["option"]) for v in data.get("variation") or [] if v.get("option")]
    if options:
        name = f"{name} ({', '.join(options)})"
    price = data["calculatedPrice"]
    rate = _rate(price, data)
    unit = money(price["unitPrice"])
    media = ((data.get("cover") or {}).get("media") or {}).get("url")
    return ProductInfo(
        sku=data["productNumber"],
        name_de=name,
        name_en=name,
        price=gross(unit, rate) if net else unit,
        stock=max(int(data.get("availableStock") or 0), 0) if data.get("available", True) else 0,
        image_url=media if isinstance(media, str) and media.startswith("http") else None,
        vat=vat_class(rate),
    )


def _rate(price: dict[str, Any], data: dict[str, Any] | None = None) -> Decimal:
    rules = price.get("taxRules") or []
    if rules:
        return money(rules[0]["taxRate"])
    return money(((data or {}).get("tax") or {}).get("taxRate", 0))


def _line(item: dict[str, Any], catalog: dict[str, ProductInfo], net: bool) -> PlatformLine:
    price = item["price"]
    rate = _rate(price)
    unit = money(price["unitPrice"])
    sku = str((item.get("payload") or {}).get("productNumber") or item["referencedId"])
    return PlatformLine(
        CartLine(
            sku=sku,
            qty=int(item["quantity"]),
            name_de=str(item["label"]),
            name_en=catalog[sku].name_en if sku in catalog else str(item["label"]),
            unit_price=gross(unit, rate) if net else unit,
            vat=vat_class(rate),
        ),
        str(item["id"]),
    )


def _short(cart: dict[str, Any], catalog: dict[str, ProductInfo]) -> tuple[str, ...]:
    """SKUs the cart's own errors say are short (Shopware reduces the quantity and says so)."""
    errors = cart.get("errors") or {}
    entries = errors.values() if isinstance(errors, dict) else errors
    by_line = {
        str(x["id"]): str((x.get("payload") or {}).get("productNumber") or x.get("referencedId"))
        for x in cart.get("lineItems", [])
    }
    skus = []
    for error in entries:
        if isinstance(error, dict) and error.get("messageKey") in STOCK_KEYS:
            skus.append(by_line.get(str(error.get("id")), str(error.get("id"))))
    return tuple(skus)


def _shipping(method: dict[str, Any], cart: dict[str, Any]) -> ShippingOption:
    deliveries = cart.get("deliveries") or []
    cost = deliveries[0]["shippingCosts"]["totalPrice"] if deliveries else 0
    time = method.get("deliveryTime") or {}
    factor = 7 if time.get("unit") == "week" else 1
    name = _name(method)
    return ShippingOption(
        id=method["id"],
        name_de=name,
        name_en=name,
        price=money(cost),
        days_min=int(time.get("min", 1)) * factor,
        days_max=int(time.get("max", 5)) * factor,
    )


def _kind(method: dict[str, Any]) -> PaymentKind:
    handler = str(
        method.get("technicalName") or method.get("formattedHandlerIdentifier") or ""
    ).lower()
    if "invoice" in handler:
        return "invoice"
    if "prepayment" in handler:
        return "prepayment"
    if method.get("asynchronous"):
        return "redirect"
    return "invoice" if "cash" in handler or "default" in handler else "redirect"


def _payment(method: dict[str, Any]) -> PaymentMethod:
    name = _name(method)
    return PaymentMethod(method["id"], _kind(method), name, name)


def _state(entity: dict[str, Any] | None) -> str:
    return str(((entity or {}).get("stateMachineState") or {}).get("technicalName", ""))


def _status(order: dict[str, Any]) -> str:
    """Order, delivery and payment states (Shopware keeps three) as one of ours."""
    state = _state(order)
    delivery = _state((order.get("deliveries") or [None])[0])
    payment = _state((order.get("transactions") or [None])[-1])
    if state == "cancelled":
        return "cancelled"
    if payment in ("refunded", "refunded_partially"):
        return "refunded"
    if state == "completed":
        return "delivered"
    if delivery in ("shipped", "shipped_partially"):
        return "shipped"
    if payment in ("paid", "paid_partially"):
        return "paid"
    if state == "in_progress":
        return "processing"
    return "received"


def _order(data: dict[str, Any]) -> OrderInfo:
    tracking = None
    for delivery in data.get("deliveries") or []:
        codes = delivery.get("trackingCodes") or []
        pattern = (delivery.get("shippingMethod") or {}).get("trackingUrl") or ""
        if codes and "%s" in pattern:
            tracking = pattern.replace("%s", str(codes[0]))
    placed = data.get("orderDateTime")
    customer = data.get("orderCustomer") or {}
    return OrderInfo(
        order_id=data["orderNumber"],
        status=_status(data),
        email=str(customer.get("email", "")),
        customer_ref=None,
        lines=tuple(
            CartLine(
                sku=str((x.get("payload") or {}).get("productNumber") or x.get("referencedId")),
                qty=int(x["quantity"]),
                name_de=str(x["label"]),
                name_en=str(x["label"]),
                unit_price=money(x["unitPrice"]),
                vat=vat_class(_rate(x.get("price") or {})),
            )
            for x in data.get("lineItems") or []
            if x.get("type", "product") == "product"
        ),
        total=money(data["amountTotal"]),
        currency=(data.get("currency") or {}).get("isoCode", "EUR"),
        tracking_url=tracking if tracking and tracking.startswith("http") else None,
        created_at=datetime.fromisoformat(placed.replace("Z", "+00:00")) if placed else None,
    )
