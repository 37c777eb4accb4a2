"""Order totals and the VAT in them, against numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from assistant.demo.terms import SHIPPING, payment_methods, vat_class
from assistant.shop.adapter import CartLine, SetTerms
from assistant.shop.pricing import compute_totals, set_discounts, set_price


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


def _set(id_: str, pct: str, *skus: str) -> SetTerms:
    return SetTerms(id_, skus, D(pct), f"Set {id_}", f"Set {id_}")


LATTE = [
    _line("ACC-005", 1, "27.90"),
    _line("CUP-003", 1, "14.90"),
    _line("BEAN-002", 1, "14.90", "reduced"),
]


def test_a_set_discount_reduces_the_goods_it_applies_to_per_rate() -> None:
    # Latte-art set, 5 % off 57.70: set price 54.815 -> 54.82 (half up), discount 2.88.
    # Split like shipping: 2.88 x 42.80/57.70 = 2.1363 -> 2.14 off the 19/20 % goods, the rest
    # 0.74 off the coffee. Goods now 40.66 (20 %) and 14.16 (10 %) = 54.82. Austria ships for
    # 6.90 (free from 79): 6.90 x 40.66/54.82 = 5.1177 -> 5.12 at 20 %, 1.78 at 10 %.
    # 20 %: 45.78 / 6 = 7.63; 10 %: 15.94 / 11 = 1.4491 -> 1.45. Total 57.70 - 2.88 + 6.90.
    [discount] = set_discounts(LATTE, [_set("latte-art", "5", "ACC-005", "CUP-003", "BEAN-002")])
    assert discount.amount == D("2.88") and set_price(D("57.70"), D("5")) == D("54.82")
    totals = compute_totals(LATTE, D("6.90"), "AT", [discount])
    assert (totals.subtotal, totals.discount, totals.shipping, totals.total) == (
        D("57.70"),
        D("2.88"),
        D("6.90"),
        D("61.72"),
    )
    assert [(v.rate, v.gross, v.vat) for v in totals.vat] == [
        (D("20"), D("45.78"), D("7.63")),
        (D("10"), D("15.94"), D("1.45")),
    ]


def test_the_espresso_starter_set_in_germany() -> None:
    # 249.00 + 14.90 + 12.90 (19 %) + 11.90 (7 %) = 288.70; 10 % off: 259.83, discount 28.87,
    # 27.68 off the 19 % goods (28.87 x 276.80/288.70 = 27.68) and 1.19 off the beans.
    # 249.12 x 19/119 = 39.7753 -> 39.78; 10.71 x 7/107 = 0.7007 -> 0.70. Shipping is free.
    lines = [
        _line("MACH-001", 1, "249.00"),
        _line("ACC-001", 1, "14.90"),
        _line("ACC-004", 1, "12.90"),
        _line("BEAN-001", 1, "11.90", "reduced"),
    ]
    terms = _set("espresso-starter", "10", "MACH-001", "ACC-001", "ACC-004", "BEAN-001")
    totals = compute_totals(lines, D("0.00"), "DE", set_discounts(lines, [terms]))
    assert (totals.discount, totals.total) == (D("28.87"), D("259.83"))
    assert [(v.rate, v.gross, v.vat) for v in totals.vat] == [
        (D("19"), D("249.12"), D("39.78")),
        (D("7"), D("10.71"), D("0.70")),
    ]


def test_a_set_needs_all_its_items_and_an_item_counts_for_one_set_only() -> None:
    latte = _set("latte-art", "5", "ACC-005", "CUP-003", "BEAN-002")
    cups = _set("cups", "10", "CUP-003", "ACC-005")
    assert set_discounts(LATTE[:2], [latte]) == ()  # the beans are missing
    assert [d.terms.id for d in set_discounts(LATTE, [latte, cups])] == ["latte-art"]
    two_cups = [*LATTE, _line("CUP-003", 1, "14.90"), _line("ACC-005", 1, "27.90")]
    both = set_discounts(two_cups, [latte, cups])
    assert [(d.terms.id, d.amount) for d in both] == [("latte-art", D("2.88")), ("cups", D("4.28"))]
    assert set_discounts(LATTE, [_set("free", "0", "ACC-005")]) == ()


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


@given(
    st.lists(st.tuples(amounts, st.sampled_from(["standard", "reduced"])), min_size=1, max_size=6),
    st.decimals(min_value=D("0.01"), max_value=D("90"), places=2),
    st.decimals(min_value=D("0"), max_value=D("20"), places=2),
    st.sampled_from(["DE", "AT", "CH"]),
)
def test_with_a_set_the_rate_shares_still_add_up(
    items: list[tuple[D, str]], pct: D, shipping: D, country: str
) -> None:
    cart = [_line(f"S{i}", 1, str(price), vat) for i, (price, vat) in enumerate(items)]
    terms = _set("s", str(pct), *(x.sku for x in cart))
    discounts = set_discounts(cart, [terms])
    totals = compute_totals(cart, shipping, country, discounts)
    regular = sum((x.unit_price for x in cart), D(0))
    assert [d.amount for d in discounts] == [regular - set_price(regular, pct)]
    assert totals.total == set_price(regular, pct) + shipping
    assert sum((v.gross for v in totals.vat), D(0)) == totals.total
    assert all(D(0) <= v.vat <= v.gross for v in totals.vat)
