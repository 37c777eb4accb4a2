"""Vendure (open source, Node.js): the Shop GraphQL API for catalog, cart and the guest
checkout, the Admin GraphQL API for payment methods and order status.

Reference: https://docs.vendure.io/reference/graphql-api/shop/ and .../admin/ ; the checkout
sequence follows https://docs.vendure.io/guides/storefront/checkout-flow/ (customer, addresses,
shipping method, ``ArrangingPayment``, ``addPaymentToOrder``).

* A cart is a Vendure session: its bearer token (``vendure-auth-token``) is kept per cart.
* Amounts are integers in minor units; ``priceWithTax`` is what a shopper pays, whether the
  channel enters prices gross or net, and the tax rate applied gives the VAT class.
* ``stockLevel`` is "IN_STOCK"/"LOW_STOCK"/"OUT_OF_STOCK" unless the shop shows numbers; the
  shop checks the exact stock when an item is added and when the order is paid.
"""

from __future__ import annotations

import re
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
    PLENTY,
    BadAnswer,
    PlatformAdapter,
    PlatformLine,
    Problem,
    graphql_data,
    minor,
    not_the_api,
    parsed,
    problem,
    split_name,
    unreachable,
    vat_class,
)
from assistant.shop.platforms.base import Transport as _Transport
from assistant.shop.platforms.state import SessionStore

PAGE = 100
_VARIANT = "id sku name priceWithTax stockLevel taxRateApplied { value } featuredAsset { preview }"
_PRODUCTS = (
    "query($skip: Int!, $take: Int!) { products(options: {skip: $skip, take: $take}) {"
    " totalItems items { id name collections { name } featuredAsset { preview }"
    f" variants {{ {_VARIANT} }} }} }} }}"
)
_ORDER = (
    "id code state totalWithTax currencyCode"
    " lines { id quantity unitPriceWithTax taxRate productVariant { id sku name stockLevel } }"
)
_ACTIVE = f"{{ activeOrder {{ {_ORDER} }} }}"
_ERROR = "... on ErrorResult { errorCode message }"
#: Vendure's order states, in the assistant's words.
STATES = {
    "ArrangingPayment": "pending_payment",
    "PaymentAuthorized": "received",
    "PaymentSettled": "paid",
    "PartiallyShipped": "shipped",
    "Shipped": "shipped",
    "PartiallyDelivered": "delivered",
    "Delivered": "delivered",
    "Cancelled": "cancelled",
    "Modifying": "processing",
    "ArrangingAdditionalPayment": "processing",
}
_DAYS = re.compile(r"(\d+)\s*(?:[–-]|bis|to)\s*(\d+)")


class VendureAdapter(PlatformAdapter):
    kind = "vendure"

    def __init__(
        self,
        base_url: str,
        *,
        store: SessionStore,
        admin_user: str | None = None,
        admin_password: str | None = None,
        channel_token: str | None = None,
        shop_path: str = "shop-api",
        admin_path: str = "admin-api",
        timeout: float = 5.0,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(store, clock)
        base = base_url.rstrip("/")
        self._shop_url = f"{base}/{shop_path.strip('/')}"
        self._admin_url = f"{base}/{admin_path.strip('/')}"
        self._admin_user = admin_user
        self._admin_password = admin_password
        self._admin_token: str | None = None
        channel = {"vendure-token": channel_token} if channel_token else {}
        self._http = _Transport(timeout, channel)

    async def close(self) -> None:
        await self._http.close()

    # -- GraphQL --------------------------------------------------------------------------------

    async def _shop(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        cart_id: str | None = None,
        lang: str = "de",
    ) -> dict[str, Any]:
        """``data`` of a Shop API call, in the cart's session when ``cart_id`` is given (a new
        session's token is kept for the cart)."""
        headers = {}
        token = await self._store.get(f"cart:{cart_id}") if cart_id else None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        answer = await self._http.call(
            "POST",
            self._shop_url,
            params={"languageCode": lang},
            json={"query": query, "variables": variables or {}},
            headers=headers,
        )
        fresh = answer.headers.get("vendure-auth-token")
        if cart_id and fresh and fresh != token:
            await self._store.put(f"cart:{cart_id}", fresh)
        return _data(answer.status, answer.body, "Shop API")

    async def _admin(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        if not self._admin_user or not self._admin_password:
            raise ShopUnavailable(detail="vendure: no admin credentials configured")
        for attempt in (1, 2):
            if self._admin_token is None:
                self._admin_token = await self._login()
            answer = await self._http.call(
                "POST",
                self._admin_url,
                json={"query": query, "variables": variables or {}},
                headers={"Authorization": f"Bearer {self._admin_token}"},
            )
            if attempt == 1 and _forbidden(answer.body):
                self._admin_token = None  # the session ran out: sign in again
                continue
            return _data(answer.status, answer.body, "Admin API")
        raise ShopUnavailable(detail="vendure: admin access refused")

    async def _login(self) -> str:
        answer = await self._http.call(
            "POST",
            self._admin_url,
            json={
                "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p)"
                " { __typename ... on CurrentUser { id } ... on ErrorResult { errorCode } } }",
                "variables": {"u": self._admin_user, "p": self._admin_password},
            },
        )
        data = _data(answer.status, answer.body, "Admin API")
        token = answer.headers.get("vendure-auth-token")
        if data.get("login", {}).get("__typename") != "CurrentUser" or not token:
            raise ShopUnavailable(detail="vendure: admin sign-in refused")
        return token

    # -- catalog --------------------------------------------------------------------------------

    async def _load_catalog(self) -> list[tuple[ProductInfo, str]]:
        german = await self._all_products("de")
        english = {
            v["id"]: v["name"] for p in await self._all_products("en") for v in p["variants"]
        }
        return parsed(lambda: [_product(p, v, english) for p in german for v in p["variants"]])

    async def _all_products(self, lang: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        while True:
            data = await self._shop(_PRODUCTS, {"skip": len(items), "take": PAGE}, lang=lang)
            page = parsed(lambda: data["products"])  # noqa: B023
            items += page["items"]
            if not page["items"] or len(items) >= page["totalItems"]:
                return items

    # -- cart -------------------------------------------------------------------------------

    async def _active(self, cart_id: str) -> dict[str, Any] | None:
        if await self._store.get(f"cart:{cart_id}") is None:
            return None  # no session yet: an empty cart, and no session made for nothing
        order = (await self._shop(_ACTIVE, cart_id=cart_id)).get("activeOrder")
        return order if isinstance(order, dict) else None

    async def _lines(self, cart_id: str) -> list[PlatformLine]:
        order = await self._active(cart_id)
        if order is None:
            return []
        catalog = self._catalog.products
        return parsed(lambda: [_line(x, catalog) for x in order["lines"]])

    async def _add(self, cart_id: str, ref: str, qty: int) -> None:
        query = (
            "mutation($id: ID!, $qty: Int!) { addItemToOrder(productVariantId: $id, quantity: $qty)"
            f" {{ __typename {_ERROR} }} }}"
        )
        result = await self._mutate(query, {"id": ref, "qty": qty}, "addItemToOrder", cart_id)
        if result.get("errorCode") == "ORDER_MODIFICATION_ERROR" and await self._reopen(cart_id):
            await self._mutate(query, {"id": ref, "qty": qty}, "addItemToOrder", cart_id)

    async def _change(self, cart_id: str, line: PlatformLine, qty: int) -> None:
        if qty <= 0:
            query = (
                "mutation($id: ID!) { removeOrderLine(orderLineId: $id)"
                f" {{ __typename {_ERROR} }} }}"
            )
            variables: dict[str, Any] = {"id": line.ref}
            name = "removeOrderLine"
        else:
            query = (
                "mutation($id: ID!, $qty: Int!) { adjustOrderLine(orderLineId: $id, quantity: $qty)"
                f" {{ __typename {_ERROR} }} }}"
            )
            variables, name = {"id": line.ref, "qty": qty}, "adjustOrderLine"
        result = await self._mutate(query, variables, name, cart_id)
        if result.get("errorCode") == "ORDER_MODIFICATION_ERROR" and await self._reopen(cart_id):
            await self._mutate(query, variables, name, cart_id)

    async def _mutate(
        self, query: str, variables: dict[str, Any], name: str, cart_id: str
    ) -> dict[str, Any]:
        """A cart mutation's result. Vendure answers stock shortfalls with an error result
        but still adds what it has: the cart read afterwards shows the shopper the truth."""
        result = (await self._shop(query, variables, cart_id=cart_id)).get(name)
        return result if isinstance(result, dict) else {}

    async def _reopen(self, cart_id: str) -> bool:
        """An order left in ``ArrangingPayment`` (a checkout that did not finish) takes no
        changes: back to ``AddingItems``."""
        data = await self._shop(
            'mutation { transitionOrderToState(state: "AddingItems") { __typename } }',
            cart_id=cart_id,
        )
        return (data.get("transitionOrderToState") or {}).get("__typename") == "Order"

    # -- checkout ---------------------------------------------------------------------------

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        """Vendure prices shipping for the session's order and its address: the country is set
        on the order first (the full address follows when the order is placed)."""
        cart_id = cart.cart_id
        if cart_id is None or cart.is_empty():
            return []
        await self._reopen_if_needed(cart_id)
        await self._set_address(cart_id, {"streetLine1": "-", "countryCode": country})
        data = await self._shop(
            "{ eligibleShippingMethods { id name description priceWithTax } }", cart_id=cart_id
        )
        return parsed(lambda: [_shipping(m) for m in data["eligibleShippingMethods"]])

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        data = await self._admin(
            "{ paymentMethods(options: {take: 100}) { items { code name enabled"
            " handler { code } } } }"
        )
        return parsed(
            lambda: [
                PaymentMethod(m["code"], _payment_kind(m), m["name"], m["name"])
                for m in data["paymentMethods"]["items"]
                if m["enabled"]
            ]
        )

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        done = await self._placed(order.idempotency_key)
        if done is not None:
            return PlacedOrder(done["code"], done["status"], Decimal(done["total"]), done["cur"])
        cart_id = order.cart_id
        await self._reopen_if_needed(cart_id)
        lines = await self._lines(cart_id)
        if sorted((x.line.sku, x.line.qty) for x in lines) != sorted(
            (x.sku, x.qty) for x in order.lines
        ):
            raise OrderRefused(detail="vendure: the cart changed since the summary")
        first, last = split_name(order.address.name)
        customer = await self._shop(
            "mutation($in: CreateCustomerInput!) { setCustomerForOrder(input: $in)"
            f" {{ __typename {_ERROR} }} }}",
            {"in": {"emailAddress": order.email, "firstName": first, "lastName": last}},
            cart_id=cart_id,
        )
        _refuse_error(customer.get("setCustomerForOrder"), "setCustomerForOrder")
        await self._set_address(cart_id, _address(order))
        billing = await self._shop(
            "mutation($in: CreateAddressInput!) { setOrderBillingAddress(input: $in)"
            f" {{ __typename {_ERROR} }} }}",
            {"in": _address(order)},
            cart_id=cart_id,
        )
        _refuse_error(billing.get("setOrderBillingAddress"), "setOrderBillingAddress")
        shipping = await self._shop(
            "mutation($id: [ID!]!) { setOrderShippingMethod(shippingMethodId: $id)"
            f" {{ __typename ... on Order {{ {_ORDER} }} {_ERROR} }} }}",
            {"id": [order.shipping_id]},
            cart_id=cart_id,
        )
        priced = shipping.get("setOrderShippingMethod") or {}
        _refuse_error(priced, "setOrderShippingMethod")
        total = parsed(lambda: minor(priced["totalWithTax"], 2))
        if total != order.total:
            raise OrderRefused(detail=f"vendure: total {total} is not {order.total}")
        short = [
            line["productVariant"]["sku"]
            for line in priced.get("lines", [])
            if line["productVariant"].get("stockLevel") == "OUT_OF_STOCK"
        ]
        if short:
            raise OutOfStock(tuple(short))
        moved = await self._shop(
            'mutation { transitionOrderToState(state: "ArrangingPayment") { __typename'
            " ... on OrderStateTransitionError { errorCode transitionError } } }",
            cart_id=cart_id,
        )
        _refuse_error(moved.get("transitionOrderToState"), "ArrangingPayment")
        paid = await self._shop(
            "mutation($in: PaymentInput!) { addPaymentToOrder(input: $in) { __typename"
            " ... on Order { code state totalWithTax currencyCode }"
            f"{_ERROR} }} }}",
            {"in": {"method": order.payment_id, "metadata": {}}},
            cart_id=cart_id,
        )
        result = paid.get("addPaymentToOrder") or {}
        if result.get("__typename") != "Order":
            await self._reopen(cart_id)
            _refuse_error(result, "addPaymentToOrder")
        placed = parsed(
            lambda: PlacedOrder(
                order_id=result["code"],
                status=STATES.get(result["state"], "received"),
                total=minor(result["totalWithTax"], 2),
                currency=result["currencyCode"],
            )
        )
        await self._remember(
            order.idempotency_key,
            {
                "code": placed.order_id,
                "status": placed.status,
                "total": str(placed.total),
                "cur": placed.currency,
            },
        )
        await self._store.drop(f"cart:{cart_id}")  # the next cart is a new session
        return placed

    async def order_status(self, order_id: str) -> OrderInfo | None:
        data = await self._admin(
            "query($code: String!) { orders(options: {filter: {code: {eq: $code}}, take: 1})"
            " { items { code state orderPlacedAt totalWithTax currencyCode"
            " customer { emailAddress } fulfillments { state trackingCode }"
            " lines { quantity unitPriceWithTax taxRate productVariant { sku name } } } } }",
            {"code": order_id},
        )
        items = parsed(lambda: data["orders"]["items"])
        if not items or items[0].get("state") in ("AddingItems", "Draft"):
            return None
        return parsed(lambda: _order(items[0]))

    # -- helpers ----------------------------------------------------------------------------

    async def _reopen_if_needed(self, cart_id: str) -> None:
        order = await self._active(cart_id)
        if order is not None and order.get("state") == "ArrangingPayment":
            await self._reopen(cart_id)

    async def _set_address(self, cart_id: str, address: dict[str, str]) -> None:
        data = await self._shop(
            "mutation($in: CreateAddressInput!) { setOrderShippingAddress(input: $in)"
            f" {{ __typename {_ERROR} }} }}",
            {"in": address},
            cart_id=cart_id,
        )
        _refuse_error(data.get("setOrderShippingAddress"), "setOrderShippingAddress")

    # -- connection check -------------------------------------------------------------------

    async def check(self) -> list[Problem]:
        try:
            answer = await self._http.call(
                "POST",
                self._shop_url,
                json={"query": "{ activeChannel { code defaultCurrencyCode } }"},
            )
        except ShopUnavailable as exc:
            return [unreachable(self._shop_url, exc.detail)]
        channel = (answer.body or {}).get("data", {}) if isinstance(answer.body, dict) else {}
        if not isinstance(channel, dict) or not channel.get("activeChannel"):
            if isinstance(answer.body, dict) and answer.body.get("errors"):
                return [
                    problem(
                        "wrong_key",
                        "Vendure kennt diesen Kanal-Token nicht (vendure-token).",
                        "Vendure does not know this channel token (vendure-token).",
                    )
                ]
            return [not_the_api(self._shop_url, "Vendure Shop API", answer.status)]
        if not self._admin_user or not self._admin_password:
            return [
                problem(
                    "no_admin_key",
                    "Ohne Admin-Zugang (Benutzer und Passwort) kennt der Assistent weder Zahlungsarten noch den Bestellstatus.",
                    "Without admin access (user and password) the assistant knows neither payment methods nor order status.",
                )
            ]
        try:
            self._admin_token = await self._login()
        except ShopUnavailable as exc:
            if "refused" in exc.detail:
                return [
                    problem(
                        "wrong_admin_key",
                        "Vendure lehnt die Admin-Anmeldung ab: Benutzer oder Passwort stimmt nicht.",
                        "Vendure refuses the admin sign-in: wrong user or password.",
                    )
                ]
            return [unreachable(self._admin_url, exc.detail)]
        data = await self._admin("{ me { channels { permissions } } }")
        channels: list[dict[str, Any]] = (data.get("me") or {}).get("channels") or []
        granted = {p for c in channels for p in c["permissions"]}
        missing = sorted({"ReadOrder", "ReadPaymentMethod"} - granted)
        if missing:
            return [
                problem(
                    "missing_scope",
                    f"Dem Admin-Benutzer fehlen Rechte: {', '.join(missing)}.",
                    f"The admin user lacks permissions: {', '.join(missing)}.",
                )
            ]
        return []


# -- Vendure's JSON -------------------------------------------------------------------------


def _data(status: int, body: Any, api: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ShopUnavailable(detail=f"vendure {api}: HTTP {status}, not GraphQL")
    return graphql_data(body, f"vendure {api}")


def _forbidden(body: Any) -> bool:
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return False
    return any((e.get("extensions") or {}).get("code") == "FORBIDDEN" for e in errors)


def _refuse_error(result: Any, step: str) -> None:
    """An ErrorResult from a checkout mutation: the order is refused, the shopper is told."""
    if not isinstance(result, dict) or result.get("errorCode"):
        code = result.get("errorCode") if isinstance(result, dict) else None
        raise OrderRefused(detail=f"vendure {step}: {code}")


def _stock(level: Any) -> int:
    if isinstance(level, str) and level.isdigit():
        return int(level)
    if level == "OUT_OF_STOCK":
        return 0
    return PLENTY


def _product(
    product: dict[str, Any], variant: dict[str, Any], english: dict[str, str]
) -> tuple[ProductInfo, str]:
    sku = variant["sku"] or f"vendure-{variant['id']}"
    image = (variant.get("featuredAsset") or product.get("featuredAsset") or {}).get("preview")
    collections = product.get("collections") or []
    return ProductInfo(
        sku=sku,
        name_de=variant["name"],
        name_en=english.get(variant["id"], variant["name"]),
        price=minor(variant["priceWithTax"], 2, "priceWithTax"),
        stock=_stock(variant.get("stockLevel")),
        category=collections[0]["name"] if collections else "",
        image_url=image if isinstance(image, str) and image.startswith("http") else None,
        vat=vat_class(Decimal(str(variant["taxRateApplied"]["value"]))),
    ), str(variant["id"])


def _line(line: dict[str, Any], catalog: dict[str, ProductInfo]) -> PlatformLine:
    variant = line["productVariant"]
    sku = variant["sku"] or f"vendure-{variant['id']}"
    known = catalog.get(sku)
    return PlatformLine(
        CartLine(
            sku=sku,
            qty=int(line["quantity"]),
            name_de=variant["name"],
            name_en=known.name_en if known else variant["name"],
            unit_price=minor(line["unitPriceWithTax"], 2),
            vat=vat_class(Decimal(str(line["taxRate"]))),
        ),
        str(line["id"]),
    )


def _shipping(method: dict[str, Any]) -> ShippingOption:
    days = _DAYS.search(method.get("description") or "")
    low, high = (int(days.group(1)), int(days.group(2))) if days else (2, 5)
    return ShippingOption(
        id=str(method["id"]),
        name_de=method["name"],
        name_en=method["name"],
        price=minor(method["priceWithTax"], 2),
        days_min=low,
        days_max=high,
    )


def _payment_kind(method: dict[str, Any]) -> PaymentKind:
    words = f"{method['code']} {method['handler']['code']}".casefold()
    if any(w in words for w in ("invoice", "rechnung", "dummy-payment")):
        return "invoice"
    if any(w in words for w in ("prepayment", "vorkasse", "transfer", "ueberweisung")):
        return "prepayment"
    return "redirect"


def _address(order: OrderRequest) -> dict[str, str]:
    a = order.address
    return {
        "fullName": a.name,
        "streetLine1": a.street,
        "postalCode": a.postcode,
        "city": a.city,
        "countryCode": a.country,
    }


def _order(data: dict[str, Any]) -> OrderInfo:
    tracking = next(
        (f["trackingCode"] for f in data.get("fulfillments") or [] if f.get("trackingCode")),
        None,
    )
    placed = data.get("orderPlacedAt")
    customer = data.get("customer") or {}
    if not isinstance(data.get("lines"), list):
        raise BadAnswer("order without lines")
    return OrderInfo(
        order_id=data["code"],
        status=STATES.get(data["state"], "processing"),
        email=customer.get("emailAddress") or "",
        customer_ref=None,
        lines=tuple(
            CartLine(
                sku=x["productVariant"]["sku"],
                qty=int(x["quantity"]),
                name_de=x["productVariant"]["name"],
                name_en=x["productVariant"]["name"],
                unit_price=minor(x["unitPriceWithTax"], 2),
                vat=vat_class(Decimal(str(x["taxRate"]))),
            )
            for x in data["lines"]
        ),
        total=minor(data["totalWithTax"], 2),
        currency=data["currencyCode"],
        tracking_url=tracking
        if isinstance(tracking, str) and tracking.startswith("http")
        else None,
        created_at=datetime.fromisoformat(placed.replace("Z", "+00:00")) if placed else None,
    )


__all__ = ["STATES", "VendureAdapter"]
