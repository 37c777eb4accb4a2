"""Shopify: the Storefront API (GraphQL, ``X-Shopify-Storefront-Access-Token``) for products
and the cart; the checkout is Shopify's own, so the chat ends with the cart's ``checkoutUrl``
(address, email and shipping method already set) instead of placing the order itself. The
Admin API (GraphQL, ``X-Shopify-Access-Token``, scope ``read_orders``) answers order status.

References: https://shopify.dev/docs/api/storefront (``products``, ``cartCreate``,
``cartLinesAdd``/``Update``/``Remove``, ``cartBuyerIdentityUpdate``,
``cartSelectedDeliveryOptionsUpdate``, ``Cart.checkoutUrl``, cursor pagination with
``pageInfo``) and https://shopify.dev/docs/api/admin-graphql (``orders``,
``currentAppInstallation.accessScopes``).

* Prices are taken as gross (an EU shop's "prices include tax"); the VAT class comes from a
  product tag ("vat:reduced", "mwst:7", "mwst:13"), since the Storefront API has no tax class.
* Stock: ``availableForSale`` only (the exact count needs an extra scope); Shopify checks the
  count in its checkout.
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
    PaymentMethod,
    PlacedOrder,
    ProductInfo,
    ShippingOption,
    ShopUnavailable,
    VatClass,
)
from assistant.shop.platforms.base import (
    PLENTY,
    PlatformAdapter,
    PlatformLine,
    Problem,
    Transport,
    graphql_data,
    money,
    not_the_api,
    parsed,
    problem,
    split_name,
    unreachable,
)
from assistant.shop.platforms.state import SessionStore

CHECKOUT = PaymentMethod(
    "shopify-checkout", "redirect", "Bezahlung im Shopify-Checkout", "Payment in Shopify checkout"
)
_VARIANT = (
    "id sku title availableForSale price { amount currencyCode } selectedOptions { name value }"
)
_PRODUCTS = (
    "query($after: String) { products(first: 100, after: $after) {"
    " pageInfo { hasNextPage endCursor }"
    " nodes { id title productType tags featuredImage { url }"
    f" variants(first: 100) {{ nodes {{ {_VARIANT} }} }} }} }} }}"
)
_CART = (
    "id checkoutUrl cost { totalAmount { amount currencyCode } }"
    " lines(first: 100) { nodes { id quantity"
    " merchandise { ... on ProductVariant { id sku title product { title tags } } }"
    " cost { amountPerQuantity { amount } } } }"
)
_ERRORS = "userErrors { field message code }"


class ShopifyAdapter(PlatformAdapter):
    kind = "shopify"
    API_VERSION = "2025-01"

    def __init__(
        self,
        shop_domain: str,
        storefront_token: str,
        *,
        store: SessionStore,
        admin_token: str | None = None,
        api_version: str = API_VERSION,
        timeout: float = 5.0,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(store, clock)
        base = shop_domain if "://" in shop_domain else f"https://{shop_domain}"
        self._base = base.rstrip("/")
        self._storefront = f"{self._base}/api/{api_version}/graphql.json"
        self._admin_url = f"{self._base}/admin/api/{api_version}/graphql.json"
        self._admin_token = admin_token
        self._http = Transport(timeout, {"X-Shopify-Storefront-Access-Token": storefront_token})

    async def close(self) -> None:
        await self._http.close()

    # -- GraphQL ----------------------------------------------------------------------------

    async def _sf(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = await self._http.call(
            "POST", self._storefront, json={"query": query, "variables": variables or {}}
        )
        return _data(answer.status, answer.body, "Storefront API")

    async def _admin(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        if not self._admin_token:
            raise ShopUnavailable(detail="shopify: no Admin API token configured")
        answer = await self._http.call(
            "POST",
            self._admin_url,
            json={"query": query, "variables": variables or {}},
            headers={"X-Shopify-Access-Token": self._admin_token},
        )
        return _data(answer.status, answer.body, "Admin API")

    # -- catalog --------------------------------------------------------------------------------

    async def _load_catalog(self) -> list[tuple[ProductInfo, str]]:
        entries: list[tuple[ProductInfo, str]] = []
        after: str | None = None
        while True:
            data = await self._sf(_PRODUCTS, {"after": after})
            page = parsed(lambda: data["products"])  # noqa: B023
            for product in page["nodes"]:
                item = product
                entries += parsed(lambda: [_product(item, v) for v in item["variants"]["nodes"]])  # noqa: B023
            info = page["pageInfo"]
            if not info["hasNextPage"]:
                return entries
            after = info["endCursor"]

    # -- cart -------------------------------------------------------------------------------

    async def _cart(self, cart_id: str) -> dict[str, Any] | None:
        ref = await self._store.get(f"cart:{cart_id}")
        if ref is None:
            return None
        cart = (await self._sf(f"query($id: ID!) {{ cart(id: $id) {{ {_CART} }} }}", {"id": ref}))[
            "cart"
        ]
        if cart is None:  # carts expire: start a new one
            await self._store.drop(f"cart:{cart_id}")
        return cart if isinstance(cart, dict) else None

    async def _lines(self, cart_id: str) -> list[PlatformLine]:
        cart = await self._cart(cart_id)
        if cart is None:
            return []
        return parsed(lambda: [_line(x) for x in cart["lines"]["nodes"]])

    async def _mutate(self, name: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        result = (await self._sf(query, variables))[name]
        errors = (
            result.get("userErrors") or []
        )  # MERCHANDISE_NOT_FOUND, INVALID, LESS_THAN, NOT_ENOUGH_STOCK ...
        if errors:
            codes = ", ".join(str(e.get("code")) for e in errors)
            if "STOCK" in codes:
                raise OutOfStock(())
            raise OrderRefused(detail=f"shopify {name}: {codes}")
        return dict(result)

    async def _add(self, cart_id: str, ref: str, qty: int) -> None:
        cart_ref = await self._store.get(f"cart:{cart_id}")
        line = {"merchandiseId": ref, "quantity": qty}
        if cart_ref is None:
            created = await self._mutate(
                "cartCreate",
                f"mutation($input: CartInput!) {{ cartCreate(input: $input) {{ cart {{ id }} {_ERRORS} }} }}",
                {"input": {"lines": [line]}},
            )
            await self._store.put(f"cart:{cart_id}", parsed(lambda: created["cart"]["id"]))
            return
        await self._mutate(
            "cartLinesAdd",
            "mutation($id: ID!, $lines: [CartLineInput!]!) { cartLinesAdd(cartId: $id, lines: $lines)"
            f" {{ cart {{ id }} {_ERRORS} }} }}",
            {"id": cart_ref, "lines": [line]},
        )

    async def _change(self, cart_id: str, line: PlatformLine, qty: int) -> None:
        cart_ref = await self._store.get(f"cart:{cart_id}")
        if qty <= 0:
            await self._mutate(
                "cartLinesRemove",
                "mutation($id: ID!, $lines: [ID!]!) { cartLinesRemove(cartId: $id, lineIds: $lines)"
                f" {{ cart {{ id }} {_ERRORS} }} }}",
                {"id": cart_ref, "lines": [line.ref]},
            )
        else:
            await self._mutate(
                "cartLinesUpdate",
                "mutation($id: ID!, $lines: [CartLineUpdateInput!]!) {"
                f" cartLinesUpdate(cartId: $id, lines: $lines) {{ cart {{ id }} {_ERRORS} }} }}",
                {"id": cart_ref, "lines": [{"id": line.ref, "quantity": qty}]},
            )

    # -- checkout: up to the checkout URL ---------------------------------------------------

    async def _deliver_to(self, cart_ref: str, address: dict[str, str], email: str | None) -> Any:
        identity: dict[str, Any] = {
            "countryCode": address["country"],
            "deliveryAddressPreferences": [{"deliveryAddress": address}],
        }
        if email:
            identity["email"] = email
        result = await self._mutate(
            "cartBuyerIdentityUpdate",
            "mutation($id: ID!, $who: CartBuyerIdentityInput!) {"
            " cartBuyerIdentityUpdate(cartId: $id, buyerIdentity: $who) { cart {"
            " id checkoutUrl cost { totalAmount { amount currencyCode } }"
            " deliveryGroups(first: 5) { nodes { id deliveryOptions { handle title"
            f" estimatedCost {{ amount }} }} }} }} }} {_ERRORS} }} }}",
            {"id": cart_ref, "who": identity},
        )
        return result["cart"]

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        ref = await self._store.get(f"cart:{cart.cart_id}") if cart.cart_id else None
        if ref is None:
            return []
        priced = await self._deliver_to(ref, {"country": country}, None)
        return parsed(lambda: _shipping(priced))

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        return [CHECKOUT]  # chosen and paid in Shopify's checkout

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        ref = await self._store.get(f"cart:{order.cart_id}")
        if ref is None:
            raise OrderRefused(detail="shopify: the cart is gone")
        first, last = split_name(order.address.name)
        address = {
            "firstName": first,
            "lastName": last,
            "address1": order.address.street,
            "zip": order.address.postcode,
            "city": order.address.city,
            "country": order.address.country,
        }
        priced = await self._deliver_to(ref, address, order.email)
        group = next(
            (
                g
                for g in priced["deliveryGroups"]["nodes"]
                if any(o["handle"] == order.shipping_id for o in g["deliveryOptions"])
            ),
            None,
        )
        if group is None:
            raise OrderRefused(detail="shopify: shipping option no longer offered")
        chosen = await self._mutate(
            "cartSelectedDeliveryOptionsUpdate",
            "mutation($id: ID!, $sel: [CartSelectedDeliveryOptionInput!]!) {"
            " cartSelectedDeliveryOptionsUpdate(cartId: $id, selectedDeliveryOptions: $sel)"
            f" {{ cart {{ id checkoutUrl cost {{ totalAmount {{ amount currencyCode }} }} }} {_ERRORS} }} }}",
            {
                "id": ref,
                "sel": [
                    {"deliveryGroupId": group["id"], "deliveryOptionHandle": order.shipping_id}
                ],
            },
        )
        cart = chosen["cart"]
        total = parsed(lambda: money(cart["cost"]["totalAmount"]["amount"]))
        if total != order.total:
            raise OrderRefused(detail=f"shopify: total {total} is not {order.total}")
        url = str(cart["checkoutUrl"])
        if not url.startswith("http"):
            raise ShopUnavailable(detail="shopify: no checkout URL")
        return PlacedOrder(
            order_id=ref.rsplit("/", 1)[-1].split("?")[0],
            status="pending_payment",
            total=total,
            currency=str(cart["cost"]["totalAmount"]["currencyCode"]),
            payment_url=url,
            handed_over=True,
        )

    async def order_status(self, order_id: str) -> OrderInfo | None:
        name = order_id.strip().lstrip("#")
        if not name.isalnum():
            return None
        data = await self._admin(
            "query($q: String!) { orders(first: 1, query: $q) { nodes {"
            " name email createdAt cancelledAt displayFinancialStatus displayFulfillmentStatus"
            " customer { id } totalPriceSet { shopMoney { amount currencyCode } }"
            " lineItems(first: 100) { nodes { sku name quantity"
            " originalUnitPriceSet { shopMoney { amount } } } }"
            " fulfillments(first: 5) { trackingInfo(first: 1) { url } } } } }",
            {"q": f"name:#{name}"},
        )
        nodes = parsed(lambda: data["orders"]["nodes"])
        return parsed(lambda: _order(nodes[0])) if nodes else None

    # -- connection check -------------------------------------------------------------------

    async def check(self) -> list[Problem]:
        try:
            answer = await self._http.call(
                "POST", self._storefront, json={"query": "{ shop { name } }"}
            )
        except ShopUnavailable as exc:
            return [unreachable(self._base, exc.detail)]
        if answer.status in (401, 403):
            return [
                problem(
                    "wrong_key",
                    "Shopify lehnt den Storefront-Zugriffstoken ab.",
                    "Shopify refuses the Storefront access token.",
                )
            ]
        if not isinstance(answer.body, dict) or "data" not in answer.body:
            return [not_the_api(self._base, "Shopify Storefront API", answer.status)]
        if not self._admin_token:
            return [
                problem(
                    "no_admin_key",
                    "Ohne Admin-API-Token (Scope read_orders) kann der Assistent keinen Bestellstatus zeigen.",
                    "Without an Admin API token (scope read_orders) the assistant cannot show order status.",
                )
            ]
        admin = await self._http.call(
            "POST",
            self._admin_url,
            json={"query": "{ currentAppInstallation { accessScopes { handle } } }"},
            headers={"X-Shopify-Access-Token": self._admin_token},
        )
        if admin.status in (401, 403):
            return [
                problem(
                    "wrong_admin_key",
                    "Shopify lehnt den Admin-API-Token ab.",
                    "Shopify refuses the Admin API token.",
                )
            ]
        data = _data(admin.status, admin.body, "Admin API")
        scopes = {
            s["handle"] for s in (data.get("currentAppInstallation") or {}).get("accessScopes", [])
        }
        if "read_orders" not in scopes:
            return [
                problem(
                    "missing_scope",
                    "Dem Admin-API-Token fehlt der Scope read_orders.",
                    "The Admin API token lacks the scope read_orders.",
                )
            ]
        return []


# -- Shopify's JSON -------------------------------------------------------------------------


def _data(status: int, body: Any, api: str) -> dict[str, Any]:
    if status in (401, 402, 403, 404) or not isinstance(body, dict):
        raise ShopUnavailable(detail=f"shopify {api}: HTTP {status}")
    return graphql_data(body, f"shopify {api}")


def _vat(tags: list[str]) -> VatClass:
    lowered = {t.casefold().replace(" ", "") for t in tags}
    if lowered & {"vat:intermediate", "mwst:13", "ust:13"}:
        return "intermediate"
    if lowered & {"vat:reduced", "mwst:7", "mwst:10", "ust:10", "ermäßigt"}:
        return "reduced"
    return "standard"


def _product(product: dict[str, Any], variant: dict[str, Any]) -> tuple[ProductInfo, str]:
    options = [
        o["value"] for o in variant.get("selectedOptions") or [] if o["value"] != "Default Title"
    ]
    name = f"{product['title']} ({', '.join(options)})" if options else str(product["title"])
    image = (product.get("featuredImage") or {}).get("url")
    return (
        ProductInfo(
            sku=str(variant.get("sku") or variant["id"].rsplit("/", 1)[-1]),
            name_de=name,
            name_en=name,
            price=money(variant["price"]["amount"]),
            stock=PLENTY if variant.get("availableForSale") else 0,
            category=str(product.get("productType") or ""),
            image_url=image if isinstance(image, str) and image.startswith("http") else None,
            vat=_vat(product.get("tags") or []),
        ),
        str(variant["id"]),
    )


def _line(node: dict[str, Any]) -> PlatformLine:
    variant = node["merchandise"]
    product = variant["product"]
    title = variant["title"]
    name = product["title"] if title == "Default Title" else f"{product['title']} ({title})"
    return PlatformLine(
        CartLine(
            sku=str(variant.get("sku") or variant["id"].rsplit("/", 1)[-1]),
            qty=int(node["quantity"]),
            name_de=name,
            name_en=name,
            unit_price=money(node["cost"]["amountPerQuantity"]["amount"]),
            vat=_vat(product.get("tags") or []),
        ),
        str(node["id"]),
    )


def _shipping(cart: dict[str, Any]) -> list[ShippingOption]:
    return [
        ShippingOption(
            id=str(option["handle"]),
            name_de=str(option["title"]),
            name_en=str(option["title"]),
            price=money(option["estimatedCost"]["amount"]),
            days_min=2,
            days_max=5,
        )
        for group in cart["deliveryGroups"]["nodes"]
        for option in group["deliveryOptions"]
    ]


def _status(order: dict[str, Any]) -> str:
    financial = str(order.get("displayFinancialStatus") or "")
    fulfillment = str(order.get("displayFulfillmentStatus") or "")
    if order.get("cancelledAt"):
        return "cancelled"
    if financial in ("REFUNDED", "PARTIALLY_REFUNDED"):
        return "refunded"
    if fulfillment in ("FULFILLED", "PARTIALLY_FULFILLED"):
        return "shipped"
    if financial == "PAID":
        return "paid"
    if financial in ("PENDING", "AUTHORIZED"):
        return "pending_payment" if financial == "PENDING" else "received"
    return "received"


def _order(data: dict[str, Any]) -> OrderInfo:
    tracking = None
    for fulfillment in data.get("fulfillments") or []:
        for info in fulfillment.get("trackingInfo") or []:
            tracking = tracking or info.get("url")
    total = data["totalPriceSet"]["shopMoney"]
    created = data.get("createdAt")
    return OrderInfo(
        order_id=str(data["name"]).lstrip("#"),
        status=_status(data),
        email=str(data.get("email") or ""),
        customer_ref=None,
        lines=tuple(
            CartLine(
                sku=str(x.get("sku") or ""),
                qty=int(x["quantity"]),
                name_de=str(x["name"]),
                name_en=str(x["name"]),
                unit_price=money(x["originalUnitPriceSet"]["shopMoney"]["amount"]),
            )
            for x in data["lineItems"]["nodes"]
        ),
        total=money(total["amount"]),
        currency=str(total["currencyCode"]),
        tracking_url=tracking
        if isinstance(tracking, str) and tracking.startswith("http")
        else None,
        created_at=datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None,
    )
