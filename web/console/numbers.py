"""Numbers and days as an agent reads them: ``1.234,5`` and ``12,5 %`` in German, ``1,234.5``
and ``12.5%`` in English; "–" where a metric is not defined for the data (a rate over
nothing), never a made-up zero. Pure."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

NONE = "–"
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _missing(value: float | Decimal | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value: float | Decimal | None, lang: str, digits: int = 0) -> str:
    if value is None or _missing(value):
        return NONE
    text = f"{value:,.{digits}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


#: Signs written before the amount in English and after it in German; other currencies by code.
CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(value: float | Decimal | None, lang: str, currency: str = "EUR") -> str:
    """An amount with its currency: ``1.234,50 €`` in German, ``€1,234.50`` in English
    (``12,00 CHF`` / ``CHF 12.00`` for a currency without a sign here)."""
    if value is None or _missing(value):
        return NONE
    sign = "−" if value < 0 else ""
    amount = number(-value if value < 0 else value, lang, 2)
    symbol = CURRENCY_SIGNS.get(currency.upper())
    if lang == "de":
        return f"{sign}{amount} {symbol or currency.upper()}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{currency.upper()} {amount}"


def percent(share: float | None, lang: str, digits: int = 1) -> str:
    """A share (0.125) as a percentage."""
    if share is None or _missing(share):
        return NONE
    shown = number(100 * share, lang, digits)
    return f"{shown} %" if lang == "de" else f"{shown}%"


def day(value: date, lang: str) -> str:
    return f"{value:%d.%m.%Y}" if lang == "de" else value.isoformat()


def short_day(value: date, lang: str) -> str:
    """For an axis: ``20.11.`` / ``Nov 20``."""
    return f"{value:%d.%m.}" if lang == "de" else f"{MONTHS_EN[value.month - 1]} {value.day}"
