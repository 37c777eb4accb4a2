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
