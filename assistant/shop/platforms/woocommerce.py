"""WooCommerce: the REST API v3 (``/wp-json/wc/v3``, consumer key and secret) for products,
variations, tax rates, payment gateways and orders; the Store API (``/wp-json/wc/store/v1``)
for carts and the guest checkout, one ``Cart-Token`` per cart.

References: https://woocommerce.github.io/woocommerce-rest-api-docs/ (products, product
variations, taxes, payment gateways, orders; pagination by ``page``/``per_page`` with the
``X-WP-TotalPages`` header) and https://developer.woocommerce.com/docs/apis/store-api/
(cart, cart/add-item, update-item, remove-item, update-customer, select-shipping-rate,
checkout; cart tokens).

* Prices: REST v3 gives the price as entered; when the shop enters prices without tax
  (``woocommerce_prices_include_tax`` = "no") the rate of the product's tax class for the
  shop's country is added. The Store API's cart amounts are strings in minor units.
* A variable product is sold as its variations, named "<product> (<attribute values>)".
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
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
    VatClass,
)
from assistant.shop.platforms.base import (
    PLENTY,
    Answer,
    PlatformAdapter,
    PlatformLine,
    Problem,
    Transport,
    gross,
    minor,
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
#: WooCommerce order states in the assistant's words.
STATES = {
    "pending": "pending_payment",
    "on-hold": "received",
    "processing": "paid",
    "completed": "shipped",
    "cancelled": "cancelled",
    "refunded": "refunded",
    "failed": "pending_payment",
}
STOCK_CODES = (
    "woocommerce_rest_product_out_of_stock",
    "woocommerce_rest_product_partially_out_of_stock",
    "woocommerce_rest_cart_product_no_stock",
    "woocommerce_rest_product_not_enough_stock",
)


class WooCommerceAdapter(PlatformAdapter):
    kind = "woocommerce"
    page_size = PAGE

    def __init__(
        self,
        base_url: str,
        consumer_key: str,
        consumer_secret: str,
        *,
        store: SessionStore,
        timeout: float = 5.0,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(store, clock)
        self._base = base_url.rstrip("/")
        pair = base64.b64encode(f"{consumer_key}:{consumer_secret}".encode()).decode()
        self._auth = {"Authorization": f"Basic {pair}"}
        self._http = Transport(timeout)
        self._tax: dict[str, Decimal] | None = None  # tax class -> rate, when prices are net
        self._gateways: dict[str, PaymentMethod] = {}

    async def close(self) -> None:
        await self._http.close()

    # -- the two APIs ---------------------------------------------------------------------------

    async def _rest(self, path: str, params: dict[str, str] | None = None) -> Answer:
        answer = await self._http.call(
            "GET", f"{self._base}/wp-json/wc/v3{path}", params=params, headers=self._auth
        )
        if not answer.ok:
            raise ShopUnavailable(detail=f"woocommerce GET {path}: HTTP {answer.status}")
        return answer

    async def _rest_pages(self, path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = await self._rest(path, {"per_page": str(self.page_size), "page": str(page)})
            found = parsed(lambda: list(answer.body))  # noqa: B023
            items += found
            pages = int(answer.headers.get("x-wp-totalpages", "1") or 1)
            if not found or page >= pages:
                return items
            page += 1

    async def _cart_api(
        self, method: str, path: str, cart_id: str, json: Any = None, allow: tuple[int, ...] = ()
    ) -> Answer:
        token = await self._store.get(f"cart:{cart_id}")
        headers = {"Cart-Token": token} if token else {}
        answer = await self._http.call(
            method, f"{self._base}/wp-json/wc/store/v1{path}", json=json, headers=headers
        )
        if token and answer.status in (401, 403) and "token" in answer.text.lower():
            await self._store.drop(f"cart:{cart_id}")  # an expired cart token: a new cart
            answer = await self._http.call(
                method, f"{self._base}/wp-json/wc/store/v1{path}", json=json
            )
        fresh = answer.headers.get("cart-token")
        if fresh and fresh != token:
            await self._store.put(f"cart:{cart_id}", fresh)
        if not answer.ok and answer.status not in allow:
            if _code(answer.body) in STOCK_CODES:
                raise OutOfStock(())
            raise ShopUnavailable(detail=f"woocommerce {method} {path}: HTTP {answer.status}")
        return answer

    # -- catalog --------------------------------------------------------------------------------

    async def _rates(self) -> dict[str, Decimal] | None:
        """Tax class -> rate for the shop's country, or ``None`` when prices include tax."""
        if self._tax is None:
            setting = await self._rest("/settings/tax/woocommerce_prices_include_tax")
            if parsed(lambda: setting.body["value"]) == "yes":
                self._tax = {}
            else:
                country = await self._rest("/settings/general/woocommerce_default_country")
                iso = parsed(lambda: str(country.body["value"]).split(":")[0])
                taxes = await self._rest_pages(f"/taxes?country={iso}")
                self._tax = {}
                for tax in taxes:
                    self._tax.setdefault(tax.get("class") or "standard", money(tax["rate"]))
        return self._tax or None

    async def _load_catalog(self) -> list[tuple[ProductInfo, str]]:
        rates = await self._rates()
        entries: list[tuple[ProductInfo, str]] = []
        for product in await self._rest_pages("/products"):
            if product.get("status", "publish") != "publish":
                continue
            if product.get("type") == "variable":
                variations = await self._rest_pages(f"/products/{product['id']}/variations")
                parent = product
                entries += parsed(lambda: [_product(v, rates, parent) for v in variations])  # noqa: B023
            else:
                single = product
                entries.append(parsed(lambda: _product(single, rates)))  # noqa: B023
        return entries

    # -- cart -------------------------------------------------------------------------------

    async def _cart_body(self, cart_id: str) -> dict[str, Any]:
        if await self._store.get(f"cart:{cart_id}") is None:
            return {"items": []}
        body = (await self._cart_api("GET", "/cart", cart_id)).body
        return body if isinstance(body, dict) else {}

    async def _lines(self, cart_id: str) -> list[PlatformLine]:
        body = await self._cart_body(cart_id)
        refs = {ref: sku for sku, ref in self._catalog.refs.items()}
        catalog = self._catalog.products
        return parsed(lambda: [_line(x, refs, catalog) for x in body["items"]])

    async def _add(self, cart_id: str, ref: str, qty: int) -> None:
        await self._cart_api("POST", "/cart/add-item", cart_id, {"id": int(ref), "quantity": qty})

    async def _change(self, cart_id: str, line: PlatformLine, qty: int) -> None:
        if qty <= 0:
            await self._cart_api("POST", "/cart/remove-item", cart_id, {"key": line.ref})
        else:
            await self._cart_api(
                "POST", "/cart/update-item", cart_id, {"key": line.ref, "quantity": qty}
            )

    # -- checkout ---------------------------------------------------------------------------

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        if cart.cart_id is None or cart.is_empty():
            return []
        answer = await self._cart_api(
            "POST",
            "/cart/update-customer",
            cart.cart_id,
            {"shipping_address": {"country": country}, "billing_address": {"country": country}},
        )
        return parsed(lambda: _shipping(answer.body))

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        gateways = (await self._rest("/payment_gateways")).body
        methods = parsed(lambda: [_payment(g) for g in gateways if g.get("enabled")])
        self._gateways = {m.id: m for m in methods}
        return methods

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        done = await self._placed(order.idempotency_key)
        if done is not None:
            return PlacedOrder(done["id"], done["status"], Decimal(done["total"]), done["cur"],
                               done.get("url"))  # fmt: skip
        cart_id = order.cart_id
        body = (
            await self._cart_api(
                "POST",
                "/cart/select-shipping-rate",
                cart_id,
                {"package_id": 0, "rate_id": order.shipping_id},
                allow=(400,),
            )
        ).body
        totals = parsed(lambda: body["totals"])
        total = parsed(lambda: minor(totals["total_price"], int(totals["currency_minor_unit"])))
        if total != order.total:
            raise OrderRefused(detail=f"woocommerce: total {total} is not {order.total}")
        first, last = split_name(order.address.name)
        address = {
            "first_name": first,
            "last_name": last,
            "address_1": order.address.street,
            "city": order.address.city,
            "postcode": order.address.postcode,
            "country": order.address.country,
        }
        answer = await self._cart_api(
            "POST",
            "/checkout",
            cart_id,
            {
                "billing_address": {**address, "email": order.email},
                "shipping_address": address,
                "payment_method": order.payment_id,
            },
            allow=(400, 409),
        )
        if not answer.ok:
            code = _code(answer.body)
            if code in STOCK_CODES:
                raise OutOfStock(tuple(x.sku for x in order.lines))
            raise OrderRefused(detail=f"woocommerce checkout: {code}")
        result = answer.body
        url = ((result.get("payment_result") or {}).get("redirect_url")) or None
        placed = parsed(
            lambda: PlacedOrder(
                order_id=str(result["order_id"]),
                status=STATES.get(str(result["status"]), "received"),
                total=order.total,
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

    async def order_status(self, order_id: str) -> OrderInfo | None:
        if not order_id.isdigit():
            return None
        answer = await self._http.call(
            "GET", f"{self._base}/wp-json/wc/v3/orders/{order_id}", headers=self._auth
        )
        if answer.status == 404:
            return None
        if not answer.ok:
            raise ShopUnavailable(detail=f"woocommerce order: HTTP {answer.status}")
        return parsed(lambda: _order(answer.body))

    # -- connection check -------------------------------------------------------------------

    async def check(self) -> list[Problem]:
        try:
            root = await self._http.call("GET", f"{self._base}/wp-json/wc/store/v1/cart")
        except ShopUnavailable as exc:
            return [unreachable(self._base, exc.detail)]
        if not isinstance(root.body, dict) or "items" not in root.body:
            return [not_the_api(self._base, "WooCommerce Store API", root.status)]
        answer = await self._http.call(
            "GET",
            f"{self._base}/wp-json/wc/v3/orders",
            params={"per_page": "1"},
            headers=self._auth,
        )
        code = _code(answer.body)
        if answer.status == 403 or code == "woocommerce_rest_cannot_view":
            return [
                problem(
                    "missing_scope",
                    "Der REST-API-Schlüssel darf keine Bestellungen lesen: Berechtigung „Lesen“ oder „Lesen/Schreiben“ wählen.",
                    "The REST API key may not read orders: give it Read or Read/Write permission.",
                )
            ]
        if answer.status == 401:
            return [
                problem(
                    "wrong_key",
                    "WooCommerce lehnt den REST-API-Schlüssel ab (Consumer Key oder Secret falsch).",
                    "WooCommerce refuses the REST API key (wrong consumer key or secret).",
                )
            ]
        if not answer.ok:
            return [not_the_api(self._base, "WooCommerce REST API v3", answer.status)]
        return []


# -- WooCommerce's JSON ---------------------------------------------------------------------


def _code(body: Any) -> str:
    return str(body.get("code", "")) if isinstance(body, dict) else ""


def _tax_class(data: dict[str, Any], parent: dict[str, Any] | None) -> str:
    cls = data.get("tax_class")
    if cls in (None, "", "parent"):
        cls = (parent or {}).get("tax_class") or ""
    return str(cls) or "standard"


def _vat(cls: str, rates: dict[str, Decimal] | None) -> tuple[VatClass, Decimal | None]:
    rate = (rates or {}).get(cls)
    if rate is not None:
        return vat_class(rate), rate
    return ("reduced" if "reduced" in cls else "standard"), None


def _product(
    data: dict[str, Any], rates: dict[str, Decimal] | None, parent: dict[str, Any] | None = None
) -> tuple[ProductInfo, str]:
    cls = _tax_class(data, parent)
    vat, rate = _vat(cls, rates)
    price = money(data.get("price") or data.get("regular_price") or "0")
    if rates is not None and rate is not None:
        price = gross(price, rate)
    name = str(data.get("name") or "")
    if parent is not None:
        values = [str(a["option"]) for a in data.get("attributes") or [] if a.get("option")]
        name = f"{parent['name']} ({', '.join(values)})" if values else str(parent["name"])
    stock = data.get("stock_quantity")
    in_stock = data.get("stock_status", "instock") != "outofstock"
    images = data.get("images") or ([data["image"]] if data.get("image") else [])
    image = images[0].get("src") if images else None
    categories = (parent or data).get("categories") or []
    return (
        ProductInfo(
            sku=str(data.get("sku") or f"woo-{data['id']}"),
            name_de=name,
            name_en=name,
            price=price,
            stock=(int(stock) if isinstance(stock, int) else PLENTY) if in_stock else 0,
            category=str(categories[0]["name"]) if categories else "",
            image_url=image if isinstance(image, str) and image.startswith("http") else None,
            vat=vat,
        ),
        str(data["id"]),
    )


def _line(
    item: dict[str, Any], refs: dict[str, str], catalog: dict[str, ProductInfo]
) -> PlatformLine:
    prices = item["prices"]
    unit = minor(prices["price"], int(prices.get("currency_minor_unit", 2)))
    sku = str(item.get("sku") or refs.get(str(item["id"])) or f"woo-{item['id']}")
    known = catalog.get(sku)
    totals = item.get("totals") or {}
    if (
        known is None
        and totals.get("line_total_tax") not in (None, "0")
        and totals.get("line_total")
    ):
        rate = money(totals["line_total_tax"]) * 100 / money(totals["line_total"])
        vat = vat_class(rate.quantize(Decimal(1)))
    else:
        vat = known.vat if known else "standard"
    return PlatformLine(
        CartLine(
            sku=sku,
            qty=int(item["quantity"]),
            name_de=str(item["name"]),
            name_en=known.name_en if known else str(item["name"]),
            unit_price=unit,
            vat=vat,
        ),
        str(item["key"]),
    )


def _shipping(cart: dict[str, Any]) -> list[ShippingOption]:
    digits = int((cart.get("totals") or {}).get("currency_minor_unit", 2))
    options = []
    for package in cart.get("shipping_rates") or []:
        for rate in package.get("shipping_rates") or []:
            net = minor(rate["price"], digits)
            taxes = minor(rate.get("taxes") or "0", digits)
            options.append(
                ShippingOption(
                    id=str(rate["rate_id"]),
                    name_de=str(rate["name"]),
                    name_en=str(rate["name"]),
                    price=net + taxes,
                    days_min=2,
                    days_max=5,
                )
            )
    return options


def _payment_kind(gateway_id: str) -> PaymentKind:
    if gateway_id in ("bacs",):
        return "prepayment"
    if gateway_id in ("cheque", "cod") or "invoice" in gateway_id or "rechnung" in gateway_id:
        return "invoice"
    return "redirect"


def _payment(gateway: dict[str, Any]) -> PaymentMethod:
    title = str(gateway.get("title") or gateway["id"])
    return PaymentMethod(str(gateway["id"]), _payment_kind(str(gateway["id"])), title, title)


def _order(data: dict[str, Any]) -> OrderInfo:
    created = data.get("date_created_gmt")
    tracking = None
    for meta in data.get("meta_data") or []:
        if meta.get("key") in ("_tracking_url", "tracking_url") and isinstance(
            meta.get("value"), str
        ):
            tracking = meta["value"]
    customer = data.get("customer_id")
    return OrderInfo(
        order_id=str(data["id"]),
        status=STATES.get(str(data["status"]), "processing"),
        email=str((data.get("billing") or {}).get("email", "")),
        customer_ref=str(customer) if customer else None,
        lines=tuple(
            CartLine(
                sku=str(x.get("sku") or x.get("product_id")),
                qty=int(x["quantity"]),
                name_de=str(x["name"]),
                name_en=str(x["name"]),
                unit_price=(money(x["total"]) + money(x.get("total_tax") or "0"))
                / int(x["quantity"]),
            )
            for x in data.get("line_items") or []
        ),
        total=money(data["total"]),
        currency=str(data.get("currency") or "EUR"),
        tracking_url=tracking if tracking and tracking.startswith("http") else None,
        created_at=datetime.fromisoformat(created).replace(tzinfo=UTC) if created else None,
    )
