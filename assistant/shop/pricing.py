"""Exact order totals with the VAT contained in them, per destination country.

Prices are gross (VAT included), the same in every country. The VAT shown is the
destination country's: Germany 19 % / 7 %, Austria 20 % / 10 % (and 13 % for plants and
the like, 7 % in Germany), Switzerland 8.1 % / 2.6 %, the reduced rate for food (coffee beans,
tea). A discount code reduces all goods (after set prices) in proportion to their value
at each rate. A set discount reduces the goods it applies to:
it is split across the rates in proportion to the set's items at each rate. Shipping is then
split across the rates in proportion to the goods' value at each rate (the rule for ancillary
costs), so a cart of only coffee ships at the reduced rate. Everything is ``Decimal``, rounded
half up to the cent once per share, so the figures match a hand calculation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.shop.adapter import Cart, CartLine, SetDiscount, SetTerms, VatClass

CENT = Decimal("0.01")
VAT_RATES: dict[str, dict[VatClass, Decimal]] = {
    "DE": {"standard": Decimal("19"), "reduced": Decimal("7"), "intermediate": Decimal("7")},
    "AT": {"standard": Decimal("20"), "reduced": Decimal("10"), "intermediate": Decimal("13")},
    "CH": {"standard": Decimal("8.1"), "reduced": Decimal("2.6"), "intermediate": Decimal("2.6")},
}
_ORDER: tuple[VatClass, ...] = ("standard", "intermediate", "reduced")


@dataclass(frozen=True, slots=True)
class VatLine:
    rate: Decimal  # percent, e.g. Decimal("19")
    gross: Decimal  # goods and shipping share at this rate, VAT included
    vat: Decimal  # the VAT contained in ``gross``


@dataclass(frozen=True, slots=True)
class Totals:
    subtotal: Decimal  # the goods at regular prices
    shipping: Decimal
    total: Decimal  # subtotal - discount + shipping
    vat: tuple[VatLine, ...]
    currency: str = "EUR"
    discount: Decimal = Decimal("0")  # the set prices
    code_discount: Decimal = Decimal("0")  # the discount code

    @property
    def vat_total(self) -> Decimal:
        return sum((v.vat for v in self.vat), Decimal("0"))


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def contained_vat(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT inside a gross amount: gross × rate / (100 + rate), to the cent."""
    return cents(gross * rate / (Decimal(100) + rate))


def set_price(regular: Decimal, discount_pct: Decimal) -> Decimal:
    """What a set whose items cost ``regular`` costs as a set, to the cent."""
    return cents(regular * (Decimal(100) - discount_pct) / Decimal(100))


def set_discounts(lines: Iterable[CartLine], terms: Iterable[SetTerms]) -> tuple[SetDiscount, ...]:
    """The set prices a cart earns: each set, in the order given, takes one of each of its
    items from what is left in the cart, so one item never counts for two sets. A set that
    does not find all its items (or has no discount) earns nothing."""
    left = Counter[str]()
    prices: dict[str, Decimal] = {}
    for line in lines:
        left[line.sku] += line.qty
        prices[line.sku] = line.unit_price
    earned = []
    for set_ in terms:
        if set_.discount_pct <= 0 or not set_.skus or any(left[s] < 1 for s in set_.skus):
            continue
        left.subtract(set_.skus)
        regular = sum((prices[s] for s in set_.skus), Decimal("0"))
        earned.append(SetDiscount(set_, regular - set_price(regular, set_.discount_pct)))
    return tuple(earned)


def compute_totals(
    lines: Sequence[CartLine],
    shipping: Decimal,
    country: str,
    discounts: Sequence[SetDiscount] = (),
    code_discount: Decimal = Decimal("0"),
) -> Totals:
    rates = VAT_RATES.get(country)
    if rates is None:
        raise ValueError(f"no VAT rates for {country!r}")
    goods: dict[VatClass, Decimal] = {}
    for line in lines:
        goods[line.vat] = goods.get(line.vat, Decimal("0")) + line.unit_price * line.qty
    subtotal = sum(goods.values(), Decimal("0"))
    vat_of = {line.sku: line.vat for line in lines}
    price_of = {line.sku: line.unit_price for line in lines}
    for set_ in discounts:
        items: dict[VatClass, Decimal] = {}
        for sku in set_.terms.skus:
            cls = vat_of.get(sku, "standard")
            items[cls] = items.get(cls, Decimal("0")) + price_of.get(sku, Decimal("0"))
        for cls, share in _split(set_.amount, items).items():
            goods[cls] = goods.get(cls, Decimal("0")) - share
    discount = sum((d.amount for d in discounts), Decimal("0"))
    if code_discount:
        for cls, share in _split(code_discount, dict(goods)).items():
            goods[cls] = goods.get(cls, Decimal("0")) - share
    classes = [c for c in _ORDER if goods.get(c)]
    shares = _split(shipping, goods)
    by_rate: dict[Decimal, Decimal] = {}  # two classes at one rate (DE 7 %) show as one
    for c in classes or ["standard"]:
        gross = goods.get(c, Decimal("0")) + shares.get(c, Decimal("0"))
        if gross > 0:
            by_rate[rates[c]] = by_rate.get(rates[c], Decimal("0")) + gross
    vat = [VatLine(rate, gross, contained_vat(gross, rate)) for rate, gross in by_rate.items()]
    return Totals(
        subtotal=subtotal,
        shipping=shipping,
        total=subtotal - discount - code_discount + shipping,
        vat=tuple(vat),
        discount=discount,
        code_discount=code_discount,
    )


def cart_totals(cart: Cart, shipping: Decimal, country: str) -> Totals:
    """The totals of a cart with its set prices and its discount code."""
    return compute_totals(cart.lines, shipping, country, cart.discounts, cart.code_discount)


def _split(amount: Decimal, weights: Mapping[VatClass, Decimal]) -> dict[VatClass, Decimal]:
    """``amount`` over the rates in proportion to ``weights`` (standard first); the last rate
    takes the rounding rest, so the shares add up to ``amount`` exactly."""
    classes = [c for c in _ORDER if weights.get(c)]
    if not classes:
        return {"standard": amount}
    whole = sum((weights[c] for c in classes), Decimal("0"))
    shares: dict[VatClass, Decimal] = {}
    rest = amount
    for c in classes[:-1]:
        shares[c] = cents(amount * weights[c] / whole)
        rest -= shares[c]
    shares[classes[-1]] = rest
    return shares
