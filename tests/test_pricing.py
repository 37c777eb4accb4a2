"""Order totals and the VAT in them, against numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from assistant.shop.adapter import CartLine
from assistant.shop.demo_terms import SHIPPING, payment_methods, vat_class
from assistant.shop.pricing import compute_totals


def _line(sku: str, qty: int, price: str, vat: str = "standard") -> CartLine:
    return CartLine(sku, qty, unit_price=D(price), vat=vat)  # type: ignore[arg-type]


def test_germany_mixed_rates_shipping_split_in_proportion() -> None:
    # Goods 11.90 (7 %) + 8.90 (19 %) = 20.80; shipping 4.90 split 8.90/20.80 -> 2.10 at 19 %,
    # the rest 2.80 at 7 %. 19 %: 11.00 x 19/119 = 1.7563 -> 1.76; 7 %: 14.70 x 7/107 = 0.9617 -> 0.96.
    totals = compute_totals(
        [_line("BEAN-001", 1, "11.90", "reduced"), _line("FILT-001", 1, "8.90")], D("4.90"), "DE"
    )
    assert (totals.subtotal, totals.shipping, totals.total) == (D("20.80"), D("4.90"), D("25.70"))
    assert [(v.rate, v.gross, v.vat) for v in totals.vat] == [
        (D("19"), D("11.00"), D("1.76")),
        (D("7"), D("14.70"), D("0.96")),
    ]
    assert totals.vat_total == D("2.72")


def test_austria_rounds_half_up() -> None:
    # Goods 2 x 12.90 = 25.80 (10 %) + 14.90 (20 %) = 40.70; shipping 6.90 x 14.90/40.70 =
    # 2.526 -> 2.53 at 20 %, 4.37 at 10 %. 20 %: 17.43 / 6 = 2.905 -> 2.91 (half up);
    # 10 %: 30.17 / 11 = 2.7427 -> 2.74.
    totals = compute_totals(
        [_line("TEA-004", 2, "12.90", "reduced"), _line("CUP-001", 1, "14.90")], D("6.90"), "AT"
    )
    assert totals.total == D("47.60")
    assert [(v.rate, v.gross, v.vat) for v in totals.vat] == [
        (D("20"), D("17.43"), D("2.91")),
        (D("10"), D("30.17"), D("2.74")),
    ]


def test_switzerland_coffee_only_ships_at_the_reduced_rate() -> None:
    # 2 x 11.90 + 14.90 shipping = 38.70, all at 2.6 %: 38.70 x 2.6/102.6 = 0.9807 -> 0.98.
    totals = compute_totals([_line("BEAN-001", 2, "11.90", "reduced")], D("14.90"), "CH")
    assert totals.total == D("38.70")
    assert [(v.rate, v.gross, v.vat) for v in totals.vat] == [(D("2.6"), D("38.70"), D("0.98"))]


def test_free_shipping_and_the_standard_rate_alone() -> None:
    # 169.00 at 8.1 %: 169 x 8.1/108.1 = 12.6633 -> 12.66.
    totals = compute_totals([_line("FILT-011", 1, "169.00")], D("0.00"), "CH")
    assert totals.total == D("169.00")
    assert [(v.rate, v.vat) for v in totals.vat] == [(D("8.1"), D("12.66"))]


amounts = st.decimals(min_value=D("0.01"), max_value=D("999.99"), places=2)


@given(
    st.lists(
        st.tuples(st.integers(1, 99), amounts, st.sampled_from(["standard", "reduced"])),
        min_size=1,
        max_size=8,
    ),
    st.decimals(min_value=D("0"), max_value=D("50"), places=2),
    st.sampled_from(["DE", "AT", "CH"]),
)
def test_the_rate_shares_always_add_up_to_the_total(
    lines: list[tuple[int, D, str]], shipping: D, country: str
) -> None:
    cart = [_line(f"S{i}", qty, str(price), vat) for i, (qty, price, vat) in enumerate(lines)]
    totals = compute_totals(cart, shipping, country)
    assert totals.total == sum((x.unit_price * x.qty for x in cart), D(0)) + shipping
    assert sum((v.gross for v in totals.vat), D(0)) == totals.total
    assert all(D(0) <= v.vat < v.gross for v in totals.vat)
    assert all(v.vat.as_tuple().exponent == -2 for v in totals.vat)


def test_demo_terms() -> None:
    assert vat_class("BEAN-007", "beans") == "reduced"
    assert vat_class("TEA-005", "tea") == "reduced"
    assert vat_class("TEA-001", "tea") == "standard"  # a teapot is not food
    de = [rule.option(D("48.99")) for rule in SHIPPING["DE"]]
    assert [(o.id, o.price) for o in de] == [("dhl", D("4.90")), ("dhl-express", D("9.90"))]
    assert SHIPPING["DE"][0].option(D("49.00")).price == D("0.00")
    assert payment_methods("DE", D("1000"))[0].id == "invoice"
    assert "invoice" not in [m.id for m in payment_methods("DE", D("1000.01"))]
    assert "invoice" not in [m.id for m in payment_methods("CH", D("10"))]
