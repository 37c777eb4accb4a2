"""Orders as bundle mining sees them, from the two places they come from: an order event's
``items`` and a shop's CSV export. Pure parsing; storing is :mod:`assistant.bundles.history`."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

#: Events whose ``items`` [{sku, qty, price}] are a basket.
ORDER_EVENTS = frozenset({"order_placed", "order_created"})
CSV_REQUIRED = ("order_id", "sku")
CSV_OPTIONAL = ("qty", "price", "ordered_at", "customer_id")
MAX_ERRORS = 10
_SKU = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


@dataclass(frozen=True, slots=True)
class Line:
    sku: str
    qty: int = 1
    price: Decimal | None = None


@dataclass(slots=True)
class Order:
    external_id: str | None
    lines: dict[str, Line] = field(default_factory=dict)
    customer_id: str | None = None
    ordered_at: datetime | None = None

    def add(self, line: Line) -> None:
        """The same product twice in one order is one line with both quantities."""
        known = self.lines.get(line.sku)
        if known is not None:
            line = Line(line.sku, known.qty + line.qty, known.price or line.price)
        self.lines[line.sku] = line


def order_from_event(type_: str, properties: Mapping[str, Any]) -> Order | None:
    """The basket in an order event, or ``None``. Malformed lines are skipped: the event itself
    is stored either way, and a basket with what could be read is better than none."""
    if type_ not in ORDER_EVENTS:
        return None
    items = properties.get("items")
    if not isinstance(items, list):
        return None
    order_id = properties.get("order_id")
    order = Order(external_id=str(order_id)[:200] if order_id not in (None, "") else None)
    for item in items:
        if not isinstance(item, Mapping):
            continue
        sku = item.get("sku")
        if not isinstance(sku, str) or not _SKU.match(sku):
            continue
        qty = item.get("qty", 1)
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            qty = 1
        order.add(Line(sku, qty, _decimal(item.get("price"))))
    return order if order.lines else None


class OrderFileError(ValueError):
    """A CSV that cannot be imported as a whole; ``problems`` name line and column."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def parse_orders_csv(rows: Iterable[str]) -> list[Order]:
    """Orders from CSV text lines (header first). All or nothing: any bad row raises
    :class:`OrderFileError` listing the first problems, so a fixed file can be imported again."""
    reader = csv.DictReader(rows)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        found = ", ".join(header) if header else "nothing"
        raise OrderFileError(
            [f"missing column(s) {', '.join(missing)} in the header (found: {found})"]
        )
    reader.fieldnames = header
    problems: list[str] = []
    orders: dict[str, Order] = {}
    for row in reader:
        where = f"line {reader.line_num}"
        try:
            order_id, line, customer, when = _row(row)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            if len(problems) >= MAX_ERRORS:
                break
            continue
        order = orders.setdefault(order_id, Order(order_id, customer_id=customer, ordered_at=when))
        order.add(line)
    if problems:
        raise OrderFileError(problems)
    return list(orders.values())


def _row(row: Mapping[str, str | None]) -> tuple[str, Line, str | None, datetime | None]:
    if None in row:
        raise ValueError("more fields than the header has columns")
    order_id = (row.get("order_id") or "").strip()
    if not order_id or len(order_id) > 200:
        raise ValueError("order_id is empty or longer than 200 characters")
    sku = (row.get("sku") or "").strip()
    if not _SKU.match(sku):
        raise ValueError(f"sku {sku[:70]!r} is not a product id (1-64 of A-Z a-z 0-9 _ . : -)")
    raw_qty = (row.get("qty") or "").strip() or "1"
    if not raw_qty.isdigit() or not 1 <= int(raw_qty) <= 100_000:
        raise ValueError(f"qty must be a whole number from 1, got {raw_qty[:20]!r}")
    raw_price = (row.get("price") or "").strip()
    price = _decimal(raw_price.replace(",", ".")) if raw_price else None
    if raw_price and (price is None or price < 0):
        raise ValueError(f"price must be a number like 12.90, got {raw_price[:20]!r}")
    customer = (row.get("customer_id") or "").strip()[:200] or None
    return order_id, Line(sku, int(raw_qty), price), customer, _when(row.get("ordered_at"))


def _when(raw: str | None) -> datetime | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"ordered_at must be a date like 2026-11-23 or 2026-11-23T14:05:00, got {text[:30]!r}"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e10"):
        return None
    return number.quantize(Decimal("0.01"))
