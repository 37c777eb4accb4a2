"""The demo shop's terms: which products are taxed at the reduced rate, how it ships and how
one can pay. The figures are the ones the demo FAQ states (``assistant/demo/data/faq.json``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.shop.adapter import PaymentMethod, ShippingOption, VatClass

#: Food is taxed at the reduced rate: coffee beans and tea leaves, not pots and strainers.
REDUCED_RATE_CATEGORIES = frozenset({"beans"})
REDUCED_RATE_SKUS = frozenset({"TEA-004", "TEA-005", "TEA-006", "TEA-007", "TEA-008"})


def vat_class(sku: str, category: str) -> VatClass:
    if category in REDUCED_RATE_CATEGORIES or sku in REDUCED_RATE_SKUS:
        return "reduced"
    return "standard"


@dataclass(frozen=True, slots=True)
class ShippingRule:
    id: str
    name_de: str
    name_en: str
    price: Decimal
    free_from: Decimal | None
    days_min: int
    days_max: int

    def option(self, goods: Decimal) -> ShippingOption:
        free = self.free_from is not None and goods >= self.free_from
        return ShippingOption(
            self.id,
            self.name_de,
            self.name_en,
            Decimal("0.00") if free else self.price,
            self.days_min,
            self.days_max,
        )


SHIPPING: dict[str, tuple[ShippingRule, ...]] = {
    "DE": (
        ShippingRule(
            "dhl", "Standard (DHL)", "Standard (DHL)", Decimal("4.90"), Decimal("49"), 1, 3
        ),
        ShippingRule("dhl-express", "Express (DHL)", "Express (DHL)", Decimal("9.90"), None, 1, 1),
    ),
    "AT": (
        ShippingRule(
            "dhl", "Standard (DHL)", "Standard (DHL)", Decimal("6.90"), Decimal("79"), 3, 5
        ),
    ),
    "CH": (
        ShippingRule(
            "post-ch",
            "Standard (Post, verzollt)",
            "Standard (Swiss Post, customs paid)",
            Decimal("14.90"),
            Decimal("149"),
            4,
            7,
        ),
    ),
}

INVOICE = PaymentMethod("invoice", "invoice", "Rechnung", "Invoice")
PREPAYMENT = PaymentMethod(
    "prepayment", "prepayment", "Vorkasse (Überweisung)", "Prepayment (bank transfer)"
)
PAYPAL = PaymentMethod("paypal", "redirect", "PayPal", "PayPal")
CARD = PaymentMethod("card", "redirect", "Kreditkarte", "Credit card")
#: Paying by invoice: deliveries to Germany and Austria up to this order value.
INVOICE_LIMIT = Decimal("1000")
INVOICE_COUNTRIES = frozenset({"DE", "AT"})


def payment_methods(country: str, total: Decimal) -> list[PaymentMethod]:
    methods = [PREPAYMENT, PAYPAL, CARD]
    if country in INVOICE_COUNTRIES and total <= INVOICE_LIMIT:
        methods.insert(0, INVOICE)
    return methods
