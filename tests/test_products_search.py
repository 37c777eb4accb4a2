"""The pure product search (knowledge_base.products): constraints read from words in German
and English, typos, compounds and translations, and the router's decisions."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.demo.products import demo_catalog
from knowledge_base import product_query
from knowledge_base.normalize import fold
from knowledge_base.product_bits import RankedBits
from knowledge_base.product_query import Brands, Sort, parse_query
from knowledge_base.products import ProductDoc, ProductIndex
from knowledge_base.routing import Route, route


@pytest.fixture(scope="module")
def demo() -> ProductIndex:
    catalog = demo_catalog()
    names = {c.slug: f"{c.name_de} {c.name_en}" for c in catalog.categories}
    return ProductIndex(
        [
            ProductDoc(
                sku=p.sku,
                name_de=p.name_de,
                name_en=p.name_en,
                price=p.price,
                available=p.stock > 0,
                brand=p.brand,
                category=names[p.category],
                tags=p.tags,
                color=p.color,
                material=p.material,
                description_de=p.description_de,
                description_en=p.description_en,
                rating=p.rating,
                attributes=p.attributes,
            )
            for p in catalog.products
        ]
    )


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Kaffeemühle unter 100 €", None, "100"),
        ("bis 50 Euro", None, "50"),
        ("Tasse höchstens 12,50 €", None, "12.50"),
        ("between 20 and 40", "20", "40"),
        ("zwischen 20 und 40 Euro", "20", "40"),
        ("20-40 €", "20", "40"),
        ("under €50", None, "50"),
        ("ab 200 €", "200", None),
        ("more than 30 euros", "30", None),
        ("um die 50 €", "40.0", "60.0"),
        ("Tasse ca. 30 €", "24.00", "36.0"),
        ("Tasse nicht mehr als 50 €", None, "50"),
        ("mug for no more than 50 euros", None, "50"),
        ("ab 20 bis 50 Euro", "20", "50"),
    ],
)
def test_price_ranges_in_german_and_english(text: str, low: str | None, high: str | None) -> None:
    query = parse_query(text)
    assert query.min_price == (Decimal(low) if low else None)
    assert query.max_price == (Decimal(high) if high else None)


@pytest.mark.parametrize(
    "word",
    [
        "über",
        "ab",
        "mindestens",
        "mehr als",
        "teurer als",
        "over",
        "above",
        "from",
        "at least",
        "more than",
    ],
)
def test_every_at_least_phrase_sets_the_lowest_price(word: str) -> None:
    query = parse_query(f"Tasse {word} 30 €")
    assert (query.min_price, query.max_price) == (Decimal("30"), None)


@pytest.mark.parametrize(
    "word", ["um die", "ca", "ca.", "circa", "etwa", "ungefähr", "around", "about", "roughly"]
)
def test_every_about_phrase_sets_a_price_band(word: str) -> None:
    query = parse_query(f"Tasse {word} 30 €")
    assert (query.min_price, query.max_price) == (Decimal("24.00"), Decimal("36.0"))


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("Topf mit 1,5 l", {"1.5l"}),
        ("Tamper 58mm", {"58mm"}),
        ("Becher 300 ml unter 20 €", {"300ml"}),
        ("Schürze Größe M", {"m"}),
        ("apron size XL", {"xl"}),
        ("T-Shirt in XXL", {"xxl"}),
        ("Tasse unter 30 €", set()),
        ("Kaffeemühle", set()),
    ],
)
def test_sizes_from_words(text: str, sizes: set[str]) -> None:
    assert parse_query(text).sizes == sizes


def test_colour_material_brand_availability_and_order_from_words() -> None:
    query = parse_query(
        "die günstigste rote Handmühle aus Edelstahl von Mahlgut, sofort lieferbar", ["mahlgut"]
    )
    assert query.colours == {"red"} and query.materials == {"steel"}
    assert query.brands == {"mahlgut"} and query.available_only
    assert query.sort is Sort.PRICE_ASC
    assert query.text == "handmuehle edelstahl"  # a material also names the thing
    assert parse_query("best rated black grinder in XL").sort is Sort.RATING
    assert parse_query("best rated black grinder in XL").sizes == {"xl"}
    assert parse_query("Nordmal Mühle", ["nordmahl"]).brands == {"nordmahl"}  # a typo
    assert parse_query("Backform von Dr. Oetker", ["dr oetker"]).brands == {"dr oetker"}
    # A catalog's brands prepared once read the same as a list of them.
    brands = Brands(["nordmahl", "dr oetker"])
    for text in ("Nordmal Mühle", "Nordmahl", "Backform Dr Oetker", "Mühle"):
        assert parse_query(text, brands) == parse_query(text, ["nordmahl", "dr oetker"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kafeemühle", "GRND-"),  # a typo
        ("grinder", "GRND-"),  # English for a German catalog word
        ("Handmühle", "GRND-00"),  # a compound
        ("teapot", "TEA-00"),
        ("Wasserkocher", "FILT-00"),
        ("kettle", "FILT-00"),
    ],
)
def test_typos_compounds_and_translations_find_the_thing(
    demo: ProductIndex, text: str, expected: str
) -> None:
    hits = demo.search(text, 3).hits
    assert hits and all(h.sku.startswith(expected) for h in hits), hits


def test_only_what_fits_every_constraint_else_the_closest(demo: ProductIndex) -> None:
    assert [h.sku for h in demo.search("rote Kaffeemühle unter 100 €").hits] == ["GRND-008"]
    query = demo.parse("rote Kaffeemühle unter 20 €")
    assert demo.run(query).hits == ()
    closest = demo.closest(query)
    assert closest.relaxed == ("price",) and closest.hits[0].sku in {"GRND-008", "GRND-004"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Habt ihr eine rote Kaffeemühle unter 100 €?", Route.PRODUCT),
        ("Do you sell grinders?", Route.PRODUCT),
        ("Wie lange dauert der Versand?", Route.FAQ),
        ("How do I return an item?", Route.FAQ),
        ("Hallo!", Route.OTHER),
        ("Thanks!", Route.OTHER),
        ("Does the Forma 54 come with a warranty?", Route.BOTH),
        # "Barista" names a machine, but a "Barista-Kurs" is a course the catalog lacks.
        ("Gibt es bei euch Barista-Kurse?", Route.FAQ),
        ("Habt ihr eine Espresso-Maschine?", Route.PRODUCT),
    ],
)
def test_the_router_tells_products_from_faq_and_small_talk(
    demo: ProductIndex, text: str, expected: Route
) -> None:
    assert route(text, demo).route is expected


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_parses_and_searches_without_an_error(text: str) -> None:
    query = parse_query(text, ["mahlgut"])
    assert parse_query(text, ["mahlgut"]) == query  # the same every time
    assert parse_query(text, Brands(["mahlgut"])) == query
    assert query.min_price is None or query.max_price is None or query.min_price <= query.max_price


def test_equally_good_products_come_in_stock_first_then_cheaper_first() -> None:
    cups = ProductIndex(
        [
            ProductDoc("CUP-1", "Tasse", "Cup", Decimal("5"), available=False),
            ProductDoc("CUP-2", "Tasse", "Cup", Decimal("20")),
            ProductDoc("CUP-3", "Tasse", "Cup", Decimal("10")),
            ProductDoc("POT-1", "Kanne", "Pot", Decimal("15")),
        ]
    )
    for text in ("Tasse", "cups", "Habt ihr Tassen?", "etwas unter 30 €"):
        hits = [h.sku for h in cups.search(text).hits]
        expected = (
            ["CUP-3", "CUP-2", "CUP-1"]
            if "30" not in text
            else ["CUP-3", "POT-1", "CUP-2", "CUP-1"]
        )
        assert hits == expected, text
    assert [h.sku for h in cups.search("Tasse unter 15 €").hits] == ["CUP-3", "CUP-1"]
    assert cups.search("die günstigste Tasse").hits[0].sku == "CUP-1"


def test_a_search_gives_the_same_products_every_time(demo: ProductIndex) -> None:
    """What the index remembers per word (its products, their order) changes no result."""
    fresh = ProductIndex(demo.products)
    for text in (
        "Kaffeemühle",
        "rote Kaffeemühle unter 100 €",
        "grinder",
        "Kafeemühle",
        "Handmühle aus Edelstahl",
        "die günstigste Teekanne",
        "etwas Rotes unter 20 €",
    ):
        first = fresh.search(text, 6)
        assert fresh.search(text, 6) == first == demo.search(text, 6), text


@pytest.mark.parametrize("count", [40, 300])
def test_a_word_with_few_or_many_products_is_filtered_and_ordered_alike(count: int) -> None:
    """Words with few products are filtered as bit sets, the others with numpy: both keep
    exactly the products that meet every constraint, in stock first, then cheaper first."""
    cups = [
        ProductDoc(
            f"CUP-{i:03}",
            "Tasse",
            "Cup",
            Decimal(i * 7 % 50 + 1),
            available=i % 3 != 0,
            color="Rot" if i % 2 else "Blau",
            brand="Mahlgut" if i % 5 else "Nordmahl",
        )
        for i in range(count)
    ]
    index = ProductIndex(cups)
    for text, fits in (
        ("rote Tasse unter 20 €", lambda p: p.color == "Rot" and p.price <= 20),
        ("Tasse zwischen 10 und 12 Euro", lambda p: 10 <= p.price <= 12),
        ("Tasse von Nordmahl auf Lager", lambda p: p.brand == "Nordmahl" and p.available),
        ("blaue Tasse ab 45 €", lambda p: p.color == "Blau" and p.price >= 45),
        ("Tasse", lambda p: True),
        ("rote Tasse unter 1 €", lambda p: False),
    ):
        expected = sorted(
            (p for p in cups if fits(p)), key=lambda p: (not p.available, p.price, p.sku)
        )
        for limit in (1, 6, 500):
            hits = index.search(text, limit).hits
            assert [h.sku for h in hits] == [p.sku for p in expected[:limit]], (text, limit)


@given(
    st.lists(st.tuples(st.integers(0, 60), st.booleans()), max_size=80),
    st.integers(0, 70),
    st.integers(0, 70),
    st.integers(0, 90),
)
@settings(max_examples=200, deadline=None)
def test_bit_sets_pass_the_same_products_as_comparisons(
    products: list[tuple[int, bool]], low: int, high: int, limit: int
) -> None:
    prices = np.array([float(p) for p, _ in products])
    available = np.array([a for _, a in products], dtype=bool)
    bits = RankedBits(
        [str(i) for i in range(len(products))], [1.0] * len(products), prices, available
    )
    passing = bits.at_least(low) & bits.at_most(high) & bits.available
    expected = np.flatnonzero((prices >= low) & (prices <= high) & available)[:limit]
    assert RankedBits.first(passing, limit) == expected.tolist()


_PRICE_AND_SIZE_WORDS = [
    *[
        "0",
        "1",
        "12",
        "30",
        "58",
        "300",
        "1,5",
        "12.50",
        "€",
        "eur",
        "euro",
        "e",
        "-",
        ".",
        ",",
        "_",
        "x",
        "xl",
        "xxl",
        "s",
        "m",
        "l",
        "ml",
        "mm",
        "cm",
        "g",
        "kg",
    ],
    *[
        "gr",
        "gr.",
        "groesse",
        "größe",
        "size",
        "unter",
        "bis",
        "ab",
        "über",
        "zwischen",
        "und",
        "between",
        "and",
        "to",
        "ca",
        "um",
        "die",
    ],
    *[
        "about",
        "max",
        "no",
        "more",
        "than",
        "nicht",
        "mehr",
        "als",
        "grey",
        "grün",
        "Tasse",
        "T-Shirt",
    ],
]


@given(st.lists(st.sampled_from(_PRICE_AND_SIZE_WORDS), max_size=8), st.sampled_from(" ?!"))
@settings(max_examples=300, deadline=None)
def test_shortcuts_in_reading_prices_and_sizes_change_no_reading(
    words: list[str], end: str
) -> None:
    """What the reading of a question skips or does faster reads as the slow way would: the
    light folding of plain ASCII text is fold(), a size is only looked for where one can be,
    and the ASCII patterns match what the general ones do."""
    cased = product_query.spell_umlauts(" ".join(words).casefold() + end)
    light = " ".join(product_query._LIGHT.sub(" ", cased).split())
    if cased.isascii() and not product_query._keeps_more_than_fold(cased):
        assert light == fold(cased)
    general, ascii_only = product_query._ANY_TEXT, product_query._ASCII_TEXT
    digits = general.digit.search(light) is not None
    if general.size.search(light):
        assert product_query._may_say_size(light, digits, general)
    if light.isascii():
        for fast, slow in zip(ascii_only, general, strict=True):
            assert [m.group(0) for m in fast.finditer(light)] == [
                m.group(0) for m in slow.finditer(light)
            ]
