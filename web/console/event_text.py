"""An event's properties as a line an agent reads, not as JSON: ``order_id: A-1 · total:
20,00 € · items: 1 × BEAN-001`` with umlauts as they are (the template escapes the text).
Orders in the customer card as order number, amount with currency and items. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from web.console.numbers import money

#: Properties that are amounts; the event's ``currency`` (EUR without one) goes with them.
AMOUNTS = frozenset({"total", "value", "price", "discount", "subtotal", "amount"})
SEPARATOR = " · "
#: Shown first, in this order; the rest alphabetically (PostgreSQL's JSONB keeps no key order).
FIRST = ("order_id", "name", "type", "kind", "step", "status", "items", "total")
#: Longer values are cut: an event line is a summary, the export has everything.
MAX_VALUE = 200


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _line_item(item: Any) -> str | None:
    """``{"sku": "A", "qty": 2}`` or ``["A", 2]`` (a cart line) as ``2 × A``."""
    if isinstance(item, Mapping) and "sku" in item:
        return f"{item.get('qty', 1)} × {item['sku']}"
    if isinstance(item, list | tuple) and len(item) == 2 and isinstance(item[0], str):
        return f"{item[1]} × {item[0]}"
    return None


def _value(key: str, value: Any, lang: str, currency: str) -> str:
    if key in AMOUNTS and (amount := _amount(value)) is not None:
        return money(amount, lang, currency)
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        return "(" + describe(value, lang, currency) + ")"
    if isinstance(value, list | tuple):
        items = [_line_item(v) for v in value]
        if items and all(items):
            return ", ".join(str(i) for i in items)
        return ", ".join(_value("", v, lang, currency) for v in value)
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def describe(properties: Mapping[str, Any], lang: str, currency: str | None = None) -> str:
    """``key: value`` pairs joined by `` · ``; amounts with the currency, lines as ``n × sku``."""
    cur = currency or str(properties.get("currency") or "EUR")
    keys = sorted(
        (k for k in properties if k != "currency"),
        key=lambda k: (FIRST.index(k) if k in FIRST else len(FIRST), k),
    )
    return SEPARATOR.join(f"{key}: {_value(key, properties[key], lang, cur)}" for key in keys)


@dataclass(frozen=True, slots=True)
class OrderLine:
    order_id: str
    total: str
    items: str


def order_line(properties: Mapping[str, Any], lang: str) -> OrderLine:
    """An order event (``order_placed``, ``order_created``, ``order_paid``) for the card."""
    currency = str(properties.get("currency") or "EUR")
    total = _amount(properties.get("total"))
    items = properties.get("items")
    lines = [_line_item(i) for i in items] if isinstance(items, list) else []
    return OrderLine(
        order_id=str(properties.get("order_id") or "–"),
        total=money(total, lang, currency),
        items=", ".join(x for x in lines if x),
    )
