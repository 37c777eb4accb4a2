"""A catalog as every importer produces it: categories, products and the shop's finders, plus
the lines that could not be read. The database rows are made from these in one place
(:mod:`assistant.products.importer`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.shop.adapter import Availability

#: What a product's SKU may look like (the widget's action frames carry it).
SKU = re.compile(r"^[A-Za-z0-9_.:/+-]{1,64}$")


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    slug: str
    name_de: str
    name_en: str


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    sku: str
    category: str
    name_de: str
    name_en: str
    price: Decimal
    description_de: str = ""
    description_en: str = ""
    stock: int = 0
    availability: Availability = "in_stock"
    sale_price: Decimal | None = None
    link: str | None = None
    image_url: str | None = None
    brand: str = ""
    gtin: str | None = None
    item_group_id: str | None = None
    product_type: str = ""
    google_category: str = ""
    color: str = ""
    size: str = ""
    material: str = ""
    rating: Decimal | None = None
    rating_count: int | None = None
    tags: tuple[str, ...] = ()
    tier: int = 2
    family: str | None = None
    swatch: str = "#6f4e37"
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LineError:
    """A product that could not be read: where (line of the file, or item number), its id
    when known, and what is wrong, in words an owner can act on."""

    line: int
    message: str
    sku: str | None = None
    #: "line" of a text file, or "product" (its number in a JSON list).
    unit: str = "line"

    def as_dict(self) -> dict[str, Any]:
        return {self.unit: self.line, "sku": self.sku, "message": self.message}

    def __str__(self) -> str:
        where = f"{self.unit} {self.line}" + (f" ({self.sku})" if self.sku else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Catalog:
    format: str
    categories: tuple[CategoryEntry, ...]
    products: tuple[CatalogEntry, ...]
    errors: tuple[LineError, ...] = ()
    #: Guided product finders (see :mod:`flows.finder`), from the bilingual format only.
    finders: tuple[dict[str, Any], ...] = ()


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


class FeedError(ValueError):
    """The file as a whole cannot be read (not XML, not a feed, too large, unsafe)."""


def slugify(text: str) -> str:
    """ "Kaffeemühlen & Zubehör" -> "kaffeemuehlen-zubehoer" (at most 64 characters)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.translate(_UMLAUTS)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:64].strip("-") or "other"
