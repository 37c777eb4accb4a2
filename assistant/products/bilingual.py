"""The project's own catalog format: JSON with German and English texts side by side, the
shop's categories in order, and its guided product finders. The demo shop's catalog is a file
in this format (``assistant/demo/data/catalog.json``); a shop can use it too when its feed
has only one language.

    {"format": "shopassist-catalog/1",
     "categories": [{"slug": "grinders", "name": {"de": "Kaffeemühlen", "en": "Coffee grinders"}}],
     "products": [{"sku": "GRND-001", "category": "grinders",
                   "name": {"de": "...", "en": "..."}, "description": {"de": "...", "en": "..."},
                   "price": "39.90", "stock": 75, "brand": "...", "color": "rot", ...}],
     "finders": [...]}

Everything else a product may carry is named as in a Google feed (``link``, ``image_link``,
``sale_price``, ``availability``, ``gtin``, ``item_group_id``, ``product_type``, ``size``,
``material``, ``rating``, ``rating_count``) plus ``tags``, ``tier``, ``family``, ``swatch`` and
free ``attributes``.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.products.entries import (
    SKU,
    Catalog,
    CatalogEntry,
    CategoryEntry,
    FeedError,
    LineError,
    slugify,
)
from assistant.products.feed import AVAILABLE_STOCK, MAX_NAME, MAX_TEXT
from assistant.shop.adapter import AVAILABILITIES, Availability

FORMAT = "shopassist-catalog/1"


def looks_bilingual(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    return head.startswith(b"{") and b"shopassist-catalog" in head


def parse_bilingual(data: bytes) -> Catalog:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"not JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise FeedError(f'not a catalog file: expected {{"format": "{FORMAT}", ...}}')
    categories = _categories(doc.get("categories", []))
    products: list[CatalogEntry] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    raw = doc.get("products")
    if not isinstance(raw, list):
        raise FeedError('"products" must be a list')
    known = {c.slug for c in categories}
    for number, item in enumerate(raw, 1):
        try:
            entry = _product(item, known)
        except _Bad as bad:
            sku = item.get("sku") if isinstance(item, dict) else None
            errors.append(
                LineError(number, bad.message, sku if isinstance(sku, str) else None, "product")
            )
            continue
        if entry.sku in seen:
            errors.append(
                LineError(
                    number,
                    f"sku appears twice (first as product {seen[entry.sku]})",
                    entry.sku,
                    "product",
                )
            )
            continue
        seen[entry.sku] = number
        products.append(entry)
    finders = doc.get("finders", [])
    if not isinstance(finders, list) or not all(isinstance(f, dict) for f in finders):
        raise FeedError('"finders" must be a list of objects')
    return Catalog("catalog", tuple(categories), tuple(products), tuple(errors), tuple(finders))


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _categories(raw: object) -> list[CategoryEntry]:
    if not isinstance(raw, list):
        raise FeedError('"categories" must be a list')
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("slug"), str):
            raise FeedError("every category needs a slug")
        name = _texts(item.get("name"), item["slug"])
        out.append(CategoryEntry(slugify(item["slug"]), name[0][:200], name[1][:200]))
    return out


def _texts(value: object, what: str) -> tuple[str, str]:
    """{"de": ..., "en": ...} (one of them may be missing) or one string for both."""
    if isinstance(value, str):
        return value, value
    if isinstance(value, dict):
        de, en = value.get("de"), value.get("en")
        de = de if isinstance(de, str) else None
        en = en if isinstance(en, str) else None
        if de or en:
            return de or en or "", en or de or ""
    raise _Bad(f"{what} needs a text (a string, or {{'de': ..., 'en': ...}})")


def _product(item: object, categories: set[str]) -> CatalogEntry:
    if not isinstance(item, dict):
        raise _Bad("not an object")
    sku = item.get("sku")
    if not isinstance(sku, str) or not SKU.match(sku):
        raise _Bad("sku must be 1-64 letters, digits or _ . : / + -")
    category = item.get("category")
    if not isinstance(category, str) or category not in categories:
        raise _Bad(f"category {category!r} is not among the file's categories")
    name_de, name_en = _texts(item.get("name"), "name")
    description = item.get("description")
    desc_de, desc_en = _texts(description, "description") if description else ("", "")
    price = _amount(item.get("price"), "price")
    if price is None:
        raise _Bad("no price")
    sale = _amount(item.get("sale_price"), "sale_price")
    availability = _availability(item.get("availability"))
    stock = item.get("stock")
    if stock is None:
        stock = 0 if availability == "out_of_stock" else AVAILABLE_STOCK
    if not isinstance(stock, int) or isinstance(stock, bool) or stock < 0:
        raise _Bad("stock must be a whole number from 0")
    if stock == 0 and "availability" not in item:
        availability = "out_of_stock"
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _Bad("tags must be a list of words")
    attributes = item.get("attributes", {})
    if not isinstance(attributes, dict):
        raise _Bad("attributes must be an object")
    tier = item.get("tier", 2)
    if tier not in (1, 2, 3):
        raise _Bad("tier must be 1, 2 or 3")
    return CatalogEntry(
        sku=sku,
        category=category,
        name_de=name_de[:MAX_NAME],
        name_en=name_en[:MAX_NAME],
        description_de=desc_de[:MAX_TEXT],
        description_en=desc_en[:MAX_TEXT],
        price=price,
        sale_price=sale if sale is not None and sale < price else None,
        stock=stock,
        availability=availability,
        link=_url(item.get("link"), "link"),
        image_url=_url(item.get("image_link"), "image_link"),
        brand=_string(item, "brand", 120),
        gtin=_string(item, "gtin", 32) or None,
        item_group_id=_string(item, "item_group_id", 64) or None,
        product_type=_string(item, "product_type", 500),
        color=_string(item, "color", 64),
        size=_string(item, "size", 64),
        material=_string(item, "material", 120),
        rating=_amount(item.get("rating"), "rating"),
        rating_count=item.get("rating_count")
        if isinstance(item.get("rating_count"), int)
        else None,
        tags=tuple(tags),
        tier=tier,
        family=_string(item, "family", 64) or None,
        swatch=_string(item, "swatch", 16) or "#6f4e37",
        attributes=attributes,
    )


def _string(item: dict[str, Any], key: str, limit: int) -> str:
    value = item.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{key} must be a string")
    return value[:limit]


def _amount(value: object, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Bad(f'{what} must be an amount like "12.90"')
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _Bad(f'{what} must be an amount like "12.90"') from None
    if not amount.is_finite() or amount < 0:
        raise _Bad(f"{what} must not be negative")
    return amount


def _availability(value: object) -> Availability:
    if value is None:
        return "in_stock"
    for known in AVAILABILITIES:
        if value == known:
            return known
    raise _Bad("availability must be in_stock, out_of_stock, preorder or backorder")


def _url(value: object, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.startswith(("https://", "http://", "/")):
        raise _Bad(f"{what} must be an http(s) address or a path on this server")
    return value[:1000]
