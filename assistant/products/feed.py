"""Google Merchant Center product feeds, the export every shop system offers: RSS 2.0 or Atom
XML with the ``g:`` namespace (``http://base.google.com/ns/1.0``), or the same attributes as
columns of a TSV/CSV file.

XML is read with a SAX parser from ``defusedxml`` that refuses document type declarations,
entity declarations and external references (no "billion laughs", no file or network reads
from inside the feed); the caller has already capped the size. Every item becomes a
:class:`CatalogEntry` or a :class:`LineError` that names its line: one bad product never
hides the others, and the importer decides what happens to the file as a whole.
"""

from __future__ import annotations

import csv
import io
import re
import xml.sax
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml.sax
from defusedxml import DefusedXmlException

from assistant.products.entries import (
    SKU,
    Catalog,
    CatalogEntry,
    CategoryEntry,
    FeedError,
    LineError,
    slugify,
)
from assistant.shop.adapter import Availability

G_NS = "http://base.google.com/ns/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
#: A feed product's stock when the feed only says "in stock": the shop's own checkout counts.
AVAILABLE_STOCK = 1000
MAX_ITEMS = 500_000
MAX_NAME = 200
MAX_TEXT = 10_000
_AVAILABILITY: dict[str, Availability] = {
    "in_stock": "in_stock",
    "in stock": "in_stock",
    "instock": "in_stock",
    "available for order": "in_stock",
    "out_of_stock": "out_of_stock",
    "out of stock": "out_of_stock",
    "outofstock": "out_of_stock",
    "preorder": "preorder",
    "pre-order": "preorder",
    "backorder": "backorder",
}
_PRICE = re.compile(r"^\s*(?:EUR|€)?\s*([0-9]+(?:[.,][0-9]{1,2})?)\s*(EUR|€)?\s*$", re.IGNORECASE)
_OTHER_CURRENCY = re.compile(r"\b([A-Z]{3})\b")
Fields = dict[str, list[Any]]


def parse_feed(data: bytes, *, lang: str = "de") -> Catalog:
    """A feed's products, in ``lang`` (the feed's language: both names get its text)."""
    text_start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if text_start == b"<":
        fmt, items = "xml", _xml_items(data)
    else:
        fmt, items = "tsv", _delimited_items(data)
    return _catalog(fmt, items, lang)


# -- XML ------------------------------------------------------------------------------------


class _ItemHandler(xml.sax.handler.ContentHandler):
    """Collects each ``<item>`` (RSS) or ``<entry>`` (Atom) as field name -> values, with the
    line it starts on. Google attributes keep their name; others (``title``, ``link``,
    ``description``, ``summary``) get a leading underscore and are used when no ``g:`` one is
    there."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[int, Fields]] = []
        self.root: str | None = None
        self._locator: Any = None
        self._item: Fields | None = None
        self._line = 0
        self._depth = 0
        self._text: list[str] = []
        self._detail: dict[str, str] | None = None

    def setDocumentLocator(self, locator: Any) -> None:
        self._locator = locator

    def startElementNS(self, name: tuple[str | None, str], qname: Any, attrs: Any) -> None:
        uri, local = name
        if self.root is None:
            self.root = local
        if self._item is None:
            if local in ("item", "entry"):
                if len(self.items) >= MAX_ITEMS:
                    raise FeedError(f"more than {MAX_ITEMS:,} products in one feed")
                self._item, self._depth = {}, 0
                self._line = self._locator.getLineNumber() if self._locator else 0
            return
        self._depth += 1
        self._text = []
        if local == "product_detail" and uri == G_NS:
            self._detail = {}
        elif local == "link" and uri != G_NS:
            href = attrs.get((None, "href"))
            rel = attrs.get((None, "rel"), "alternate")
            if href and rel == "alternate":
                self._item.setdefault("_link", []).append(href.strip())

    def characters(self, content: str) -> None:
        if self._item is not None:
            self._text.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: Any) -> None:
        if self._item is None:
            return
        uri, local = name
        if self._depth == 0:
            self.items.append((self._line, self._item))
            self._item = None
            return
        self._depth -= 1
        text = "".join(self._text).strip()
        self._text = []
        if self._detail is not None:
            if local == "product_detail":
                self._item.setdefault("product_detail", []).append(self._detail)
                self._detail = None
            else:
                self._detail[local] = text
            return
        if text:
            key = local if uri == G_NS else f"_{local}"
            self._item.setdefault(key, []).append(text)


def _xml_items(data: bytes) -> list[tuple[int, Fields]]:
    handler = _ItemHandler()
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True  # a feed has no use for a DTD: refuse it outright
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except DefusedXmlException as exc:
        raise FeedError(f"unsafe XML refused ({type(exc).__name__})") from None
    except xml.sax.SAXParseException as exc:
        raise FeedError(
            f"not well-formed XML at line {exc.getLineNumber()}: {exc.getMessage()}"
        ) from None
    if handler.root not in ("rss", "feed"):
        raise FeedError("not a product feed: expected <rss> (RSS 2.0) or <feed> (Atom)")
    return handler.items


# -- TSV / CSV ------------------------------------------------------------------------------


def _delimited_items(data: bytes) -> list[tuple[int, Fields]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(f"not UTF-8 text (byte {exc.start})") from None
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";"), key=first.count)
    if first.count(delimiter) == 0:
        raise FeedError("not a product feed: no XML and no header line with columns")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [_column(h) for h in next(reader)]
    if "id" not in header or "title" not in header or "price" not in header:
        raise FeedError("the header line needs at least the columns id, title and price")
    items: list[tuple[int, Fields]] = []
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(items) >= MAX_ITEMS:
            raise FeedError(f"more than {MAX_ITEMS:,} products in one feed")
        fields: Fields = {}
        for name, cell in zip(header, row, strict=False):
            for value in _cells(name, cell.strip()):
                fields.setdefault(name, []).append(value)
        items.append((start, fields))
    return items


def _column(name: str) -> str:
    """ "image link", "g:image_link" and "Image_Link" are the same column."""
    name = name.strip().lower().removeprefix("g:")
    return re.sub(r"[\s-]+", "_", name)


def _cells(name: str, cell: str) -> Iterator[Any]:
    if not cell:
        return
    if name == "additional_image_link":
        yield from (part.strip() for part in cell.split(",") if part.strip())
    elif name == "product_detail":
        # "section:attribute:value" (or "attribute:value"), several separated by commas.
        for part in cell.split(","):
            pieces = [p.strip() for p in part.split(":")]
            if len(pieces) >= 2 and pieces[-1]:
                yield {"attribute_name": pieces[-2], "attribute_value": pieces[-1]}
    else:
        yield cell


# -- items to entries -----------------------------------------------------------------------


def _catalog(fmt: str, items: list[tuple[int, Fields]], lang: str) -> Catalog:
    entries: list[CatalogEntry] = []
    errors: list[LineError] = []
    first_line: dict[str, int] = {}
    categories: dict[str, CategoryEntry] = {}
    for line, fields in items:
        try:
            entry, category = _entry(fields, lang)
        except _Bad as bad:
            errors.append(LineError(line, bad.message, _first(fields, "id")))
            continue
        if entry.sku in first_line:
            message = f"id {entry.sku} appears twice (first on line {first_line[entry.sku]})"
            errors.append(LineError(line, message, entry.sku))
            continue
        first_line[entry.sku] = line
        categories.setdefault(category.slug, category)
        entries.append(entry)
    return Catalog(fmt, tuple(categories.values()), tuple(entries), tuple(errors))


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _first(fields: Fields, *keys: str) -> str | None:
    for key in keys:
        for value in fields.get(key, ()):
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _entry(fields: Fields, lang: str) -> tuple[CatalogEntry, CategoryEntry]:
    sku = _first(fields, "id", "_id")
    if sku is None:
        raise _Bad("no id")
    if not SKU.match(sku):
        raise _Bad(f"id {sku[:80]!r} must be 1-64 letters, digits or _ . : / + -")
    title = _first(fields, "title", "_title")
    if title is None:
        raise _Bad("no title")
    description = _first(fields, "description", "_description", "_summary", "_content") or ""
    price = _price(_first(fields, "price"), "price")
    if price is None:
        raise _Bad("no price")
    sale = _price(_first(fields, "sale_price"), "sale_price")
    availability = _availability(_first(fields, "availability"))
    link = _url(_first(fields, "link", "_link"), "link")
    image = _url(_first(fields, "image_link"), "image_link")
    product_type = (_first(fields, "product_type") or "")[:500]
    google_category = (_first(fields, "google_product_category") or "")[:300]
    category = _category(product_type or google_category)
    quantity = _first(fields, "quantity", "sell_on_google_quantity")
    stock = _quantity(quantity, availability)
    name = title[:MAX_NAME]
    text = description[:MAX_TEXT]
    entry = CatalogEntry(
        sku=sku,
        category=category.slug,
        name_de=name,
        name_en=name,
        description_de=text,
        description_en=text,
        price=price,
        sale_price=sale if sale is not None and sale < price else None,
        stock=stock,
        availability=availability,
        link=link,
        image_url=image,
        brand=(_first(fields, "brand") or "")[:120],
        gtin=(_first(fields, "gtin") or None),
        item_group_id=(_first(fields, "item_group_id") or None),
        product_type=product_type,
        google_category=google_category,
        color=(_first(fields, "color") or "")[:64],
        size=(_first(fields, "size") or "")[:64],
        material=(_first(fields, "material") or "")[:120],
        rating=_rating(_first(fields, "product_rating", "rating")),
        rating_count=_count(_first(fields, "product_review_count", "rating_count")),
        tags=tuple(
            slugify(v)
            for key in ("custom_label_0", "custom_label_1", "custom_label_2", "custom_label_3")
            for v in fields.get(key, ())
            if isinstance(v, str) and v.strip()
        ),
        family=(_first(fields, "item_group_id") or None),
        attributes=_details(fields),
    )
    if entry.gtin is not None and not entry.gtin.isdigit():
        raise _Bad(f"gtin {entry.gtin[:40]!r} must be digits")
    if lang not in ("de", "en"):
        raise _Bad(f"unknown language {lang!r}")
    return entry, category


def _price(value: str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    found = _PRICE.match(value)
    if found is None:
        other = _OTHER_CURRENCY.search(value)
        if other and other.group(1) != "EUR":
            raise _Bad(f"{field} {value!r} is in {other.group(1)}; the assistant sells in EUR")
        raise _Bad(f"{field} {value!r} is not an amount like '12.90 EUR'")
    try:
        amount = Decimal(found.group(1).replace(",", "."))
    except InvalidOperation:
        raise _Bad(f"{field} {value!r} is not an amount") from None
    if amount >= Decimal("10000000000"):
        raise _Bad(f"{field} {value!r} is too large")
    return amount


def _availability(value: str | None) -> Availability:
    if value is None:
        return "in_stock"
    found = _AVAILABILITY.get(value.strip().lower())
    if found is None:
        raise _Bad(f"availability {value!r} must be in_stock, out_of_stock, preorder or backorder")
    return found


def _url(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if not value.startswith(("https://", "http://")) or len(value) > 1000 or " " in value:
        raise _Bad(f"{field} {value[:80]!r} must be an http(s) address")
    return value


def _quantity(value: str | None, availability: Availability) -> int:
    if availability == "out_of_stock":
        return 0
    if value is None:
        return AVAILABLE_STOCK
    if not value.isdigit():
        raise _Bad(f"quantity {value!r} must be a whole number")
    return min(int(value), 1_000_000_000)


def _rating(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        rating = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise _Bad(f"rating {value!r} must be a number from 0 to 5") from None
    if not rating.is_finite() or not 0 <= rating <= 5:
        raise _Bad(f"rating {value!r} must be a number from 0 to 5")
    return rating.quantize(Decimal("0.01"))


def _count(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise _Bad(f"review count {value!r} must be a whole number")
    return int(value)


def _details(fields: Fields) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for detail in fields.get("product_detail", ()):
        if not isinstance(detail, dict):
            continue
        name, value = detail.get("attribute_name", ""), detail.get("attribute_value", "")
        if name and value:
            out[slugify(name)[:40]] = value[:200]
    return out


def _category(path: str) -> CategoryEntry:
    """The deepest level of the shop's category path names the product's category."""
    parts = [p.strip() for p in re.split(r">|/", path) if p.strip()]
    if not parts:
        return CategoryEntry("other", "Sonstiges", "Other")
    name = parts[-1][:200]
    return CategoryEntry(slugify(name), name, name)
