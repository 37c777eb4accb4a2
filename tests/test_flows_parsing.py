"""The parsers shoppers' answers go through: examples, and properties with hypothesis (they
never raise, and what they produce reads back to the same value)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.parsing import (
    ADDRESS_AMBIGUOUS,
    ADDRESS_COUNTRY,
    ADDRESS_HOUSE_NUMBER,
    ADDRESS_NAME,
    Address,
    Invalid,
    format_address,
    parse_address,
    parse_email,
    parse_order_number,
    parse_quantity,
    parse_yes_no,
    postcode_valid,
)

# -- email ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max@beispiel.de", "max@beispiel.de"),
        ("  Max.Mustermann+shop@Beispiel.DE ", "Max.Mustermann+shop@beispiel.de"),
        ("Meine Mail ist anna@example.co.uk.", "anna@example.co.uk"),
        ("<jo@b-c.at>", "jo@b-c.at"),
    ],
)
def test_valid_emails(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("max.beispiel.de", "name@beispiel.de"),
        ("max@beispiel", "Domain"),
        ("max@beispiel.d", "Domain"),
        ("max..x@beispiel.de", "zwei Punkte"),
        ("a@b.de c@d.de", "nur eine"),
        ("max@-beispiel.de", "Domain"),
    ],
)
def test_invalid_emails_say_what_is_wrong(text: str, fragment: str) -> None:
    result = parse_email(text)
    assert isinstance(result, Invalid)
    assert fragment in result.message.de
    assert result.message.en


_local = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9+_-]{1,8}){0,2}", fullmatch=True)
_domain = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,5})?\.(de|at|ch|com|shop)", fullmatch=True)


@given(_local, _domain)
def test_email_round_trip(local: str, domain: str) -> None:
    address = f"{local}@{domain}"
    assert parse_email(address) == address
    assert parse_email(f"Das ist {address.upper()} !") == f"{local.upper()}@{domain}"


@given(st.text())
def test_email_parser_never_raises_and_is_idempotent(text: str) -> None:
    result = parse_email(text)
    if isinstance(result, str):
        assert parse_email(result) == result


# -- addresses ------------------------------------------------------------------------------


def test_german_address_on_lines() -> None:
    result = parse_address("Erika Mustermann\nHeidestraße 17\n51147 Köln\nDeutschland")
    assert result == Address("Erika Mustermann", "Heidestraße 17", "51147", "Köln", "DE")


def test_german_address_with_commas_and_no_country() -> None:
    result = parse_address("Max Muster, c/o Firma GmbH, Hauptstr. 5a, 10115 Berlin")
    assert result == Address(
        "Max Muster", "Hauptstr. 5a", "10115", "Berlin", "DE", extra="c/o Firma GmbH"
    )


def test_austrian_and_swiss_addresses() -> None:
    vienna = parse_address("Anna Gruber\nMariahilfer Straße 12/3/4\n1060 Wien\nAustria")
    assert isinstance(vienna, Address) and (vienna.country, vienna.postcode) == ("AT", "1060")
    prefixed = parse_address("Anna Gruber, Hauptplatz 1, A-8010 Graz")
    assert isinstance(prefixed, Address) and prefixed.country == "AT"
    zurich = parse_address("Hans Meier\nBahnhofstrasse 1\nCH-8001 Zürich")
    assert isinstance(zurich, Address) and (zurich.country, zurich.city) == ("CH", "Zürich")
    assert parse_address("Hans Meier\nBahnhofstrasse 1\n8001 Zürich\nSchweiz") == zurich


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Max Muster\nHauptstr. 5\n1234 Berlin\nDeutschland", "fünf Ziffern"),
        ("Max Muster\nHauptstr. 5\n00123 Berlin", "fünf Ziffern"),
        ("Anna Gruber\nHauptplatz 1\n80100 Graz\nÖsterreich", "vier Ziffern (1010 bis 9992)"),
        ("Anna Gruber\nHauptplatz 1\n0999 Graz\nÖsterreich", "vier Ziffern"),
        ("Hans Meier\nBahnhofstrasse 1\n9700 Zürich\nSchweiz", "1000 bis 9658"),
    ],
)
def test_postcode_rules_per_country(text: str, fragment: str) -> None:
    result = parse_address(text)
    assert isinstance(result, Invalid), result
    assert fragment in result.message.de
    assert "postcode" in result.message.en


def test_address_problems_are_named() -> None:
    assert parse_address("Hauptstr. 5, 10115 Berlin") == ADDRESS_NAME
    assert parse_address("Max Muster, Hauptstraße, 10115 Berlin") == ADDRESS_HOUSE_NUMBER
    assert parse_address("Anna Gruber, Hauptplatz 1, 8010 Graz") == ADDRESS_AMBIGUOUS
    assert parse_address("Jean Dupont, 1 rue de Rivoli, 75001 Paris, Frankreich") == ADDRESS_COUNTRY
    assert isinstance(parse_address("irgendwo"), Invalid)
    assert isinstance(parse_address(""), Invalid)


def test_postcode_ranges() -> None:
    assert postcode_valid("DE", "01067") and not postcode_valid("DE", "00999")
    assert postcode_valid("AT", "1010") and not postcode_valid("AT", "9993")
    assert postcode_valid("CH", "1000") and not postcode_valid("CH", "0999")
    assert not postcode_valid("DE", "１２３４５")  # full-width digits are not a postcode


_word = st.from_regex(r"[A-ZÄÖÜ][a-zäöüß]{1,12}", fullmatch=True)
_postcodes = {
    "DE": st.integers(1001, 99998).map(lambda n: f"{n:05d}"),
    "AT": st.integers(1010, 9992).map(str),
    "CH": st.integers(1000, 9658).map(str),
}


@st.composite
def addresses(draw: st.DrawFn) -> Address:
    country = draw(st.sampled_from(["DE", "AT", "CH"]))
    name = f"{draw(_word)} {draw(_word)}"
    street = (
        f"{draw(_word)}straße {draw(st.integers(1, 300))}{draw(st.sampled_from(['', 'a', '/3']))}"
    )
    extra = draw(st.sampled_from(["", "c/o Firma GmbH", "2. Stock"]))
    return Address(name, street, draw(_postcodes[country]), draw(_word), country, extra)


@given(addresses(), st.sampled_from(["de", "en"]))
def test_address_round_trip(address: Address, lang: str) -> None:
    assert parse_address(format_address(address, lang)) == address
    assert Address.from_json(address.to_json()) == address


@given(st.text(max_size=400))
def test_address_parser_never_raises(text: str) -> None:
    result = parse_address(text)
    if isinstance(result, Address):
        assert postcode_valid(result.country, result.postcode)
        assert parse_address(format_address(result)) == result


@given(st.one_of(st.none(), st.integers(), st.dictionaries(st.text(), st.text())))
def test_address_from_json_takes_anything(data: object) -> None:
    assert Address.from_json(data) is None or isinstance(Address.from_json(data), Address)


# -- quantities, yes/no, order numbers ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2", 2),
        ("2x", 2),
        ("x3", 3),
        ("3 ×", 3),
        ("2 Stück", 2),
        ("zwei", 2),
        ("Zwölf", 12),
        ("bitte nur eins", 1),
        ("ein Dutzend", 12),
        ("a dozen", 12),
        ("five pieces", 5),
        ("0", 0),
        ("keine", 0),
    ],
)
def test_quantities(text: str, expected: int) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "viele", "2 oder 3", "2x3", "1000", "zwei Espresso"])
def test_not_quantities(text: str) -> None:
    assert isinstance(parse_quantity(text), Invalid)


@given(st.integers(0, 999))
def test_quantity_round_trip(n: int) -> None:
    assert parse_quantity(str(n)) == n
    assert parse_quantity(f"{n}x") == n
    assert parse_quantity(f"{n} Stück") == n


@given(st.text(max_size=300))
def test_quantity_parser_never_raises(text: str) -> None:
    result = parse_quantity(text)
    assert isinstance(result, Invalid) or 0 <= result <= 999


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ja", True),
        ("ja, gerne!", True),
        ("yes please", True),
        ("Okay", True),
        ("👍", True),
        ("Nein", False),
        ("nein danke", False),
        ("no thanks", False),
        ("nope", False),
    ],
)
def test_yes_no(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected


@given(st.text(max_size=300))
def test_yes_no_never_raises(text: str) -> None:
    assert isinstance(parse_yes_no(text), bool | Invalid)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BB-1A2B3C4D", "BB-1A2B3C4D"),
        ("#bb-1a2b3c4d", "BB-1A2B3C4D"),
        ("Bestellung BB-1A2B3C4D bitte", "BB-1A2B3C4D"),
        ("10023", "10023"),
    ],
)
def test_order_numbers(text: str, expected: str) -> None:
    assert parse_order_number(text) == expected


@given(st.text(max_size=300))
def test_order_number_never_raises_and_is_idempotent(text: str) -> None:
    result = parse_order_number(text)
    if isinstance(result, str):
        assert parse_order_number(result) == result
