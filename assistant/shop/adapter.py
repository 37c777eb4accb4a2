"""The contract between the assistant and a shop. The built-in :class:`DemoShop` keeps its
data in our database; a real shop is reached over HTTP. Prices are ``Decimal`` (gross EUR),
and the shop, never the browser, says what something costs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal, Protocol, runtime_checkable

from assistant.errors import AssistantError
from assistant.i18n import L10n
from assistant.shop.codes import CodeDiscount
from flows.parsing import Address

#: Which VAT rate applies: "reduced" for food (coffee beans, tea), "intermediate" for the
#: goods Austria taxes at 13 % (plants, wine from the farm; Germany's 7 %), else "standard".
VatClass = Literal["standard", "reduced", "intermediate"]
#: How a payment method works: the shop sends an invoice, waits for a bank transfer, or
#: sends the shopper to a payment page (PayPal, card) that the shop or its provider runs.
PaymentKind = Literal["invoice", "prepayment", "redirect"]
#: Whether a product can be bought now (Google Merchant Center's ``availability`` values).
Availability = Literal["in_stock", "out_of_stock", "preorder", "backorder"]
AVAILABILITIES: tuple[Availability, ...] = ("in_stock", "out_of_stock", "preorder", "backorder")


@dataclass(frozen=True, slots=True)
class ProductInfo:
    sku: str
    name_de: str
    name_en: str
    price: Decimal
    stock: int
    category: str = ""
    image_url: str | None = None
    tags: tuple[str, ...] = ()
    tier: int = 2
    family: str | None = None
    description_de: str = ""
    description_en: str = ""
    vat: VatClass = "standard"
    #: The product's page in the shop (cards link to it).
    link: str | None = None
    brand: str = ""
    gtin: str | None = None
    #: in_stock, out_of_stock, preorder or backorder (Google Merchant Center's values).
    availability: Availability = "in_stock"
    #: The price on sale, when lower than ``price`` (the regular price).
    sale_price: Decimal | None = None
    item_group_id: str | None = None
    #: The shop's category path ("Küche > Kaffee > Mühlen").
    product_type: str = ""
    color: str = ""
    size: str = ""
    material: str = ""
    rating: Decimal | None = None
    rating_count: int | None = None
    #: Free attributes for search and the finder ({"grind": "stepless", "fits": [...]}).
    attributes: Mapping[str, object] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_de

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_de

    @property
    def in_stock(self) -> bool:
        return self.stock > 0 and self.availability != "out_of_stock"

    @property
    def current_price(self) -> Decimal:
        """What the shopper pays now: the sale price when there is a lower one."""
        if self.sale_price is not None and self.sale_price < self.price:
            return self.sale_price
        return self.price


@dataclass(frozen=True, slots=True)
class CartLine:
    sku: str
    qty: int
    name_de: str = ""
    name_en: str = ""
    unit_price: Decimal = Decimal("0")
    vat: VatClass = "standard"

    def name(self, lang: str) -> str:
        return (self.name_en if lang == "en" else self.name_de) or self.sku

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.qty

    def as_dict(self) -> dict[str, object]:
        return {
            "sku": self.sku,
            "qty": self.qty,
            "name_de": self.name_de,
            "name_en": self.name_en,
            "price": str(self.unit_price),
            "vat": self.vat,
        }


@dataclass(frozen=True, slots=True)
class SetTerms:
    """A curated set the shopper accepted at its set price: ``discount_pct`` off the regular
    prices of ``skus`` (one of each), for as long as the whole set is in the cart."""

    id: str  # the bundle's slug
    skus: tuple[str, ...]
    discount_pct: Decimal
    title_de: str
    title_en: str

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_de

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "skus": list(self.skus),
            "discount_pct": str(self.discount_pct),
            "title_de": self.title_de,
            "title_en": self.title_en,
        }


@dataclass(frozen=True, slots=True)
class SetDiscount:
    """A set the cart holds completely: ``amount`` (gross EUR) comes off the cart's value."""

    terms: SetTerms
    amount: Decimal

    def as_dict(self) -> dict[str, object]:
        return {**self.terms.as_dict(), "discount": str(self.amount)}


@dataclass(frozen=True, slots=True)
class Cart:
    lines: tuple[CartLine, ...] = field(default=())
    #: Set prices the cart carries (see :class:`SetTerms`).
    discounts: tuple[SetDiscount, ...] = field(default=())
    #: Which cart this is, for adapters that price shipping per cart on the shop's side.
    cart_id: str | None = field(default=None, compare=False)
    #: The discount code the cart carries, priced for the cart as it is now.
    code: CodeDiscount | None = None

    @property
    def subtotal(self) -> Decimal:
        """The lines at their regular prices."""
        return sum((line.total for line in self.lines), Decimal("0"))

    @property
    def discount(self) -> Decimal:
        return sum((d.amount for d in self.discounts), Decimal("0"))

    @property
    def code_discount(self) -> Decimal:
        return self.code.amount if self.code is not None else Decimal("0")

    @property
    def goods(self) -> Decimal:
        """The lines less the set discounts: what a code's minimum order is checked on."""
        return self.subtotal - self.discount

    @property
    def total(self) -> Decimal:
        """What the goods cost: the lines less the set discounts and the code."""
        return self.subtotal - self.discount - self.code_discount

    @property
    def skus(self) -> frozenset[str]:
        return frozenset(line.sku for line in self.lines)

    @property
    def terms(self) -> tuple[SetTerms, ...]:
        return tuple(d.terms for d in self.discounts)

    def is_empty(self) -> bool:
        return not self.lines

    def as_dict(self) -> dict[str, object]:
        return {
            "items": [line.as_dict() for line in self.lines],
            "subtotal": str(self.subtotal),
            "discounts": [d.as_dict() for d in self.discounts],
            "discount": str(self.discount),
            "code": self.code.as_dict() if self.code is not None else None,
            "total": str(self.total),
        }


class ShopUnavailable(AssistantError):
    """The shop's system did not answer (timeout, 5xx): the shopper is told, nothing breaks."""

    code = "shop_unavailable"
    status = 503
    message = L10n(
        de="Der Shop ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
        en="The shop cannot be reached right now. Please try again in a moment.",
    )


class UnknownProduct(AssistantError):
    code = "unknown_product"
    status = 404
    message = L10n(
        de="Diesen Artikel gibt es im Shop nicht.",
        en="This item does not exist in the shop.",
    )


@dataclass(frozen=True, slots=True)
class ShippingOption:
    """A way to ship to one country, priced for one cart (free shipping thresholds applied)."""

    id: str
    name_de: str
    name_en: str
    price: Decimal
    days_min: int
    days_max: int

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_de


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    id: str
    kind: PaymentKind
    name_de: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_de


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """Everything the shop needs to create an order. ``lines`` and ``total`` are what the
    shopper confirmed; the shop refuses the order if its own prices or stock disagree."""

    cart_id: str
    customer_ref: str
    email: str
    address: Address
    shipping_id: str
    payment_id: str
    locale: str
    lines: tuple[CartLine, ...]
    total: Decimal
    #: The same key for a retried request: the shop creates the order once.
    idempotency_key: str
    #: The set prices in ``total`` (the cart's :attr:`Cart.discounts` at the summary).
    discounts: tuple[SetDiscount, ...] = ()
    #: The discount code in ``total`` (the cart's :attr:`Cart.code` at the summary).
    code: CodeDiscount | None = None


@dataclass(frozen=True, slots=True)
class PlacedOrder:
    order_id: str
    status: str
    total: Decimal
    currency: str = "EUR"
    #: Where to pay for a redirect payment method (PayPal, card), else ``None``.
    payment_url: str | None = None
    #: The platform finishes the order on its own checkout page (Shopify): ``payment_url``
    #: is that page, and ``order_id`` is the cart's reference until the order exists.
    handed_over: bool = False


@dataclass(frozen=True, slots=True)
class OrderInfo:
    """An order as the shop knows it, for "Wo ist meine Bestellung?". ``email`` and
    ``customer_ref`` are there so the assistant can check whose order it is."""

    order_id: str
    status: str
    email: str
    customer_ref: str | None
    lines: tuple[CartLine, ...]
    total: Decimal
    currency: str = "EUR"
    tracking_url: str | None = None
    created_at: datetime | None = None
    #: Set discounts in ``total``.
    discount: Decimal = Decimal("0")


class OutOfStock(AssistantError):
    """The shop has less of something than the cart holds at order time, or than an offer
    would add; ``message`` says what became of the cart."""

    code = "out_of_stock"
    status = 409
    message = L10n(
        de="Ein Artikel ist leider nicht mehr in dieser Menge vorrätig.",
        en="Sorry, an item is no longer in stock in that quantity.",
    )

    def __init__(self, skus: tuple[str, ...], message: L10n | None = None) -> None:
        super().__init__(message=message, detail=", ".join(skus))
        self.skus = skus


class OrderRefused(AssistantError):
    """The shop did not accept the order for a reason other than stock (prices changed, a
    payment method is not allowed): the shopper is told and can try again."""

    code = "order_refused"
    status = 409
    message = L10n(
        de="Der Shop hat die Bestellung nicht angenommen. Bitte prüfen Sie Ihre Angaben.",
        en="The shop did not accept the order. Please check your details.",
    )


@dataclass(frozen=True, slots=True)
class ShopReview:
    """A customer's review of one order, as the shop receives it (``customer_ref``: the
    shop's own customer id where we know it)."""

    order_id: str
    rating: int
    text: str
    locale: str
    customer_ref: str | None
    created_at: datetime


@runtime_checkable
class TakesReviews(Protocol):
    """The optional part of an adapter: a shop that publishes or keeps reviews. An adapter
    without it keeps the review with us only (``review.shop_status`` = ``unsupported``)."""

    async def post_review(self, review: ShopReview) -> bool:
        """Hand the review to the shop; ``False`` when the shop does not know the order.
        May raise :class:`ShopUnavailable`."""
        ...


class ShopAdapter(Protocol):
    """What the assistant needs from a shop. Every method may raise :class:`ShopUnavailable`."""

    async def search(self, query: str, lang: str, limit: int = 5) -> list[ProductInfo]: ...

    async def product(self, sku: str) -> ProductInfo | None: ...

    async def products(self) -> list[ProductInfo]: ...

    async def get_cart(self, cart_id: str) -> Cart: ...

    async def set_cart(self, cart_id: str, items: list[tuple[str, int]]) -> Cart:
        """Replace the cart with ``(sku, qty)`` pairs (unknown SKUs are dropped)."""
        ...

    async def add_to_cart(self, cart_id: str, sku: str, qty: int = 1) -> Cart: ...

    async def set_quantity(self, cart_id: str, sku: str, qty: int) -> Cart:
        """Change a line's quantity; 0 removes it."""
        ...

    async def apply_set(self, cart_id: str, terms: SetTerms) -> Cart:
        """Give the cart ``terms``' set price (replacing earlier terms with the same id). The
        shop keeps it while the whole set is in the cart and drops it when it no longer is;
        a cart change that leaves the set complete keeps it."""
        ...

    async def apply_code(self, cart_id: str, code: str) -> Cart:
        """Give the cart the discount code ``code`` (replacing an earlier one), priced by the
        shop. Raises :class:`~assistant.shop.codes.CodeRejected` with the reason (unknown,
        expired, minimum order, already used; "unsupported" where the shop takes no codes
        through the assistant). The shop redeems the code with :meth:`create_order`."""
        ...

    async def shipping_options(self, country: str, cart: Cart) -> list[ShippingOption]:
        """How the cart can be shipped to ``country`` ("DE", "AT", "CH"), priced."""
        ...

    async def payment_methods(self, country: str, total: Decimal) -> list[PaymentMethod]:
        """The payment methods the shop offers for this country and order total."""
        ...

    async def create_order(self, order: OrderRequest) -> PlacedOrder:
        """Create the order (and empty the cart). Raises :class:`OutOfStock` when stock ran
        out since the cart was filled, :class:`OrderRefused` for other refusals."""
        ...

    async def order_status(self, order_id: str) -> OrderInfo | None:
        """The order, or ``None`` when there is none with that number."""
        ...

    async def close(self) -> None:
        """Release connections (HTTP sessions); nothing to do for the database shop."""
        ...
