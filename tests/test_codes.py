"""The pure rules of discount codes: what a code takes off, why it is refused, how a typed
code is read, how the checkout tells a voucher request from a question, how the discount
splits across VAT rates, and how a shop's rule asks for personal codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assistant.lifecycle.actions import DEFAULT_ACTIONS, actions_for
from assistant.lifecycle.settings import BadSettings
from assistant.shop.adapter import CartLine
from assistant.shop.codes import CodeTerms, amount, new_code, normalize, problem
from assistant.shop.pricing import compute_totals
from flows import Intent, detect_intent
from flows.checkout import voucher_request
from flows.parsing import Invalid, parse_code

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
TEN = CodeTerms("WIEDERDA-7KQ2MX", "percent", Decimal("10"), expires_at=NOW + timedelta(days=1))


def test_percent_and_amount_codes_to_the_cent_and_never_above_the_goods() -> None:
    assert amount(TEN, Decimal("20.80")) == Decimal("2.08")
    assert amount(TEN, Decimal("0.05")) == Decimal("0.01")  # 0.005 rounds half up
    five = CodeTerms("DANKE5", "amount", Decimal("5"))
    assert amount(five, Decimal("20.80")) == Decimal("5.00")
    assert amount(five, Decimal("3.20")) == Decimal("3.20")  # never below zero
    assert amount(five, Decimal("0")) == Decimal("0")


def test_each_reason_a_code_is_refused() -> None:
    assert problem(None, Decimal("10"), NOW) == "unknown"
    assert problem(TEN, Decimal("10"), NOW) is None
    assert problem(TEN, Decimal("10"), NOW + timedelta(days=1)) == "expired"
    used = CodeTerms("X-1", "percent", Decimal("10"), max_uses=1, uses=1)
    assert problem(used, Decimal("10"), NOW) == "used"
    unlimited = CodeTerms("X-2", "percent", Decimal("10"), max_uses=None, uses=40)
    assert problem(unlimited, Decimal("10"), NOW) is None
    fifty = CodeTerms("AB50", "amount", Decimal("10"), min_order=Decimal("50"))
    assert problem(fifty, Decimal("49.99"), NOW) == "minimum"
    assert problem(fifty, Decimal("50.00"), NOW) is None


def test_typed_codes_are_read_and_new_codes_are_distinct() -> None:
    assert normalize(" wiederda-7kq2 mx ") == "WIEDERDA-7KQ2MX"
    assert parse_code("Mein Code ist „wiederda-7kq2mx“!") == "WIEDERDA-7KQ2MX"
    assert parse_code("my code is SOMMER10") == "SOMMER10"
    assert isinstance(parse_code("das weiß ich gerade nicht so genau"), Invalid)
    assert isinstance(parse_code("<script>"), Invalid)
    codes = {new_code("wiederda") for _ in range(200)}
    assert len(codes) == 200
    assert all(c.startswith("WIEDERDA-") and len(c) == 15 for c in codes)
    assert not any(ch in c[9:] for c in codes for ch in "01OIL")  # nothing to misread
    assert all(any(ch.isdigit() for ch in c[9:]) for c in codes)  # found in a sentence
    assert new_code("win_back").startswith("WIN-BACK-")  # a rule's id makes a typable prefix
    for prefix in ("win_back", "Danke schön!", "", "--"):
        made = new_code(prefix)
        assert parse_code(made) == made, made  # whatever the prefix, the code can be typed


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Ich habe einen Gutschein", ""),
        ("ich hab einen gutschein!", ""),
        ("I have a voucher", ""),
        ("Gutschein einlösen", ""),
        ("Ich habe einen Gutschein: wiederda-7kq2mx", "WIEDERDA-7KQ2MX"),
        ("discount code SOMMER10", "SOMMER10"),
        ("Kann ich einen Gutschein kaufen?", None),
        ("Erika Mustermann", None),
        ("weiter", None),
        ("Code WIEDERDA-7KQ2MX einlösen", "WIEDERDA-7KQ2MX"),
        ("Redeem code WIEDERDA-7KQ2MX", "WIEDERDA-7KQ2MX"),
        ("Gutschein WIEDERDA-7KQ2MX", "WIEDERDA-7KQ2MX"),
        ("Bestellung BB-1A2B3C4D", None),
    ],
)
def test_a_voucher_request_in_any_step(text: str, wanted: str | None) -> None:
    assert voucher_request(text) == wanted
    # Outside a checkout the same words start one (a teaser's "Code … einlösen" as well).
    assert (detect_intent(text) is Intent.CHECKOUT) == (wanted is not None)


def test_the_code_discount_splits_across_the_vat_rates_by_value() -> None:
    lines = [
        CartLine("BEAN-001", 1, unit_price=Decimal("11.90"), vat="reduced"),
        CartLine("FILT-001", 1, unit_price=Decimal("8.90"), vat="standard"),
    ]
    totals = compute_totals(lines, Decimal("4.90"), "DE", code_discount=Decimal("2.08"))
    assert (totals.subtotal, totals.code_discount, totals.total) == (
        Decimal("20.80"),
        Decimal("2.08"),
        Decimal("23.62"),
    )
    # Goods 8.90 − 0.89 = 8.01 at 19 %, 11.90 − 1.19 = 10.71 at 7 %; shipping 2.10 / 2.80.
    assert [(v.rate, v.gross, v.vat) for v in totals.vat] == [
        (Decimal("19"), Decimal("10.11"), Decimal("1.61")),
        (Decimal("7"), Decimal("13.51"), Decimal("0.88")),
    ]
    assert sum(v.gross for v in totals.vat) == totals.total


def test_the_win_back_rule_gives_a_personal_code_and_shops_can_configure_one() -> None:
    win_back = next(r for r in DEFAULT_ACTIONS if r.id == "win_back")
    assert win_back.code is not None and win_back.code.value == Decimal("10")
    assert "WIEDERDA-7KQ2MX" in win_back.text("de", "WIEDERDA-7KQ2MX")
    assert "{code}" not in win_back.text("en", "WIEDERDA-7KQ2MX")
    rule = {
        "id": "thanks",
        "trigger": "visit",
        "message": {"de": "Ihr Code: {code}", "en": "Your code: {code}"},
        "code": {"kind": "amount", "value": "5", "valid_days": 14, "min_order": "30"},
    }
    [parsed] = actions_for({"actions": [rule]})
    assert parsed.code is not None
    assert (parsed.code.kind, parsed.code.value, parsed.code.valid_days) == (
        "amount",
        Decimal("5"),
        14,
    )
    assert parsed.code.min_order == Decimal("30")
    for bad in ({"kind": "percent", "value": 120}, {"kind": "gift", "value": 5}, {"value": "x"}):
        with pytest.raises(BadSettings):
            actions_for({"actions": [{**rule, "code": bad}]})
