"""Exact order totals with the VAT contained in them, per destination country.

Prices are gross (VAT included), the same in every country. The VAT shown is the
destination country's: Germany 19 % / 7 %, Austria 20 % / 10 %, Switzerland 8.1 % / 2.6 %,
the reduced rate for food (coffee beans, tea). Shipping is split across the rates in
proportion to the goods' value at each rate (the rule for ancillary costs), so a cart of only
coffee ships at the reduced rate. Everything is ``Decimal``, rounded half up to the cent once
per rate, so the figures match a hand calculation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.shop.adapter import CartLine, VatClass

CENT = Decimal("0.01")
VAT_RATES: dict[str, dict[VatClass, Decimal]] = {
    "DE": {"standard": Decimal("19"), "reduced": Decimal("7")},
    "AT": {"standard": Decimal("20"), "reduced": Decimal("10")},
    "CH": {"standard": Decimal("8.1"), "reduced": Decimal("2.6")},
}
_ORDER: tuple[VatClass, ...] = ("standard", "reduced")


@dataclass(frozen=True, slots=True)
class VatLine:
    rate: Decimal  # percent, e.g. Decimal("19")
    gross: Decimal  # goods and shipping share at this rate, VAT included
    vat: Decimal  # the VAT contained in ``gross``


@dataclass(frozen=True, slots=True)
class Totals:
    subtotal: Decimal
    shipping: Decimal
    total: Decimal
    vat: tuple[VatLine, ...]
    currency: str = "EUR"

    @property
    def vat_total(self) -> Decimal:
        return sum((v.vat for v in self.vat), Decimal("0"))


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def contained_vat(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT inside a gross amount: gross × rate / (100 + rate), to the cent."""
    return cents(gross * rate / (Decimal(100) + rate))


def compute_totals(lines: Sequence[CartLine], shipping: Decimal, country: str) -> Totals:
    rates = VAT_RATES.get(country)
    if rates is None:
        raise ValueError(f"no VAT rates for {country!r}")
    goods: dict[VatClass, Decimal] = {}
    for line in lines:
        goods[line.vat] = goods.get(line.vat, Decimal("0")) + line.unit_price * line.qty
    subtotal = sum(goods.values(), Decimal("0"))
    classes = [c for c in _ORDER if goods.get(c)]
    shares = _split_shipping(shipping, goods, classes, subtotal)
    vat = []
    for c in classes or ["standard"]:
        gross = goods.get(c, Decimal("0")) + shares[c]
        if gross > 0:
            vat.append(VatLine(rates[c], gross, contained_vat(gross, rates[c])))
    return Totals(subtotal=subtotal, shipping=shipping, total=subtotal + shipping, vat=tuple(vat))


def _split_shipping(
    shipping: Decimal,
    goods: dict[VatClass, Decimal],
    classes: list[VatClass],
    subtotal: Decimal,
) -> dict[VatClass, Decimal]:
    """Shipping in proportion to the goods per rate; the last rate takes the rounding rest, so
    the shares add up to the shipping price exactly."""
    if not classes:
        return {"standard": shipping}
    shares: dict[VatClass, Decimal] = {}
    rest = shipping
    for c in classes[:-1]:
        shares[c] = cents(shipping * goods[c] / subtotal)
        rest -= shares[c]
    shares[classes[-1]] = rest
    return shares
