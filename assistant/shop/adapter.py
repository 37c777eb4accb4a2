"""The contract between the assistant and a shop. The built-in :class:`DemoShop` keeps its
data in our database; a real shop is reached over HTTP. Prices are ``Decimal`` (gross EUR),
and the shop, never the browser, says what something costs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from assistant.errors import AssistantError
from assistant.i18n import L10n


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

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_de

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


@dataclass(frozen=True, slots=True)
class CartLine:
    sku: str
    qty: int
    name_de: str = ""
    name_en: str = ""
    unit_price: Decimal = Decimal("0")

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
        }


@dataclass(frozen=True, slots=True)
class Cart:
    lines: tuple[CartLine, ...] = field(default=())

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0"))

    @property
    def skus(self) -> frozenset[str]:
        return frozenset(line.sku for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines

    def as_dict(self) -> dict[str, object]:
        return {"items": [line.as_dict() for line in self.lines], "total": str(self.total)}


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
