"""What a shopper's product question asks for, read from the words: the thing ("Kaffeemühle")
and its constraints — a price range ("unter 100 €", "bis 50 Euro", "between 20 and 40"), a
colour, a material, a size, a brand, availability ("auf Lager") and an order ("die
günstigste", "best rated"). Pure; never raises on any text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from knowledge_base.normalize import fold, spell_umlauts
from knowledge_base.product_words import (
    AVAILABLE_PHRASES,
    BEST_RATED,
    CHEAPEST,
    COLOURS,
    INFLECTIONS,
    MATERIALS,
    PRICIEST,
)


class Sort(Enum):
    RELEVANCE = "relevance"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RATING = "rating"


@dataclass(frozen=True, slots=True)
class ProductQuery:
    #: The words that name the thing, constraint words taken out (folded).
    text: str
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    colours: frozenset[str] = frozenset()
    materials: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()
    brands: frozenset[str] = frozenset()
    available_only: bool = False
    sort: Sort = Sort.RELEVANCE
    #: The constraint phrases as typed, for "I found none <these>" answers.
    said: tuple[str, ...] = field(default=())
    #: Hyphenated compounds as typed ("Barista-Kurse" -> ("barista", "kurse")): the last part
    #: is the thing, the others only say which kind of it.
    hyphenated: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def constrained(self) -> bool:
        return bool(
            self.min_price is not None
            or self.max_price is not None
            or self.colours
            or self.materials
            or self.sizes
            or self.brands
            or self.available_only
        )

    def without(self, *names: str) -> ProductQuery:
        """The query with some constraints dropped ("price", "colour", ...): for the closest
        products when nothing meets them all."""
        changes: dict[str, object] = {}
        for name in names:
            if name == "price":
                changes.update(min_price=None, max_price=None)
            elif name in ("colours", "materials", "sizes", "brands"):
                changes[name] = frozenset()
            elif name == "available_only":
                changes[name] = False
        return replace(self, **changes)  # type: ignore[arg-type]


_NUMBER = r"(\d{1,7}(?:[.,]\d{1,2})?)"
_EURO = r"(?:\s*(?:eur|euro|euros|e|€))?"
_PRE_EURO = r"(?:(?:eur|€)\s*)?"
_BETWEEN = re.compile(
    rf"\b(?:zwischen|between|von|from)\s+{_PRE_EURO}{_NUMBER}{_EURO}\s+(?:und|and|bis|to|-)\s+{_PRE_EURO}{_NUMBER}{_EURO}"
)
_RANGE = re.compile(
    rf"(?<![\w.,]){_PRE_EURO}{_NUMBER}{_EURO}\s*(?:-|bis|to)\s*{_PRE_EURO}{_NUMBER}\s*(?:eur|euro|euros|€)"
)
_MAX = re.compile(
    rf"\b(?:unter|bis|hoechstens|maximal|max|weniger als|billiger als|guenstiger als|nicht mehr als|"
    rf"under|below|up to|less than|cheaper than|no more than|at most|max|within|budget(?: von| of)?)\s+{_PRE_EURO}{_NUMBER}{_EURO}"
)
_MIN_WORDS = (
    "ueber",
    "ab",
    "mindestens",
    "mehr als",
    "teurer als",
    "over",
    "above",
    "from",
    "at least",
    "more than",
)
_MIN = re.compile(rf"\b(?:{'|'.join(_MIN_WORDS)})\s+{_PRE_EURO}{_NUMBER}{_EURO}")
_AROUND_WORDS = ("um die", "ca", "circa", "etwa", "ungefaehr", "around", "about", "roughly")
#: "ca. 30 €": the abbreviation's full stop is kept by the light folding.
_AROUND = re.compile(rf"\b(?:{'|'.join(_AROUND_WORDS)})\.?\s+{_PRE_EURO}{_NUMBER}{_EURO}")
_PRICE_NOISE = re.compile(r"\b(?:eur|euro|euros|€)\b")
_SIZE = re.compile(
    r"\b(?:groesse|size|gr)\s+(xxs|xs|s|m|l|xl|xxl|xxxl|\d{1,3})\b"
    r"|\b(xxs|xs|xl|xxl|xxxl)\b"
    r"|\b(\d{1,4}(?:[.,]\d{1,2})?\s?(?:ml|l|cl|cm|mm|g|kg))\b"
)


_NONE: frozenset[str] = frozenset()
_DIGIT = re.compile(r"\d")
_TWO_NUMBERS = re.compile(r"\d\D+\d")
#: A number and a unit ("1 l", "58mm"): the only sizes without "x", "gr" or "size".
_UNIT = re.compile(r"\d ?[mlcgk]")
_LIGHT = re.compile(r"[^\w.,€-]+")
_ASCII_LIGHT = str.maketrans({chr(i): " " for i in range(128) if _LIGHT.match(chr(i))})


class _Patterns(NamedTuple):
    """The patterns that read prices and sizes from the light folding."""

    between: re.Pattern[str]
    range: re.Pattern[str]
    most: re.Pattern[str]
    least: re.Pattern[str]
    around: re.Pattern[str]
    size: re.Pattern[str]
    two_numbers: re.Pattern[str]
    unit: re.Pattern[str]
    digit: re.Pattern[str]


_ANY_TEXT = _Patterns(_BETWEEN, _RANGE, _MAX, _MIN, _AROUND, _SIZE, _TWO_NUMBERS, _UNIT, _DIGIT)
#: The same for ASCII text (most questions), where ``re.ASCII`` means the same (the light
#: folding's only white space is " ") and matches a third faster.
_ASCII_TEXT = _Patterns(*(re.compile(p.pattern, re.ASCII) for p in _ANY_TEXT))


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _forms(words: Iterable[str]) -> dict[str, str]:
    """Every inflected form of every word -> the word."""
    out: dict[str, str] = {}
    for word in words:
        if " " in word:
            continue
        for ending in INFLECTIONS:
            out.setdefault(word + ending, word)
    return out


_COLOUR_FORMS = {form: colour for colour, ws in COLOURS.items() for form in _forms(ws)}
_MATERIAL_FORMS = {form: m for m, ws in MATERIALS.items() for form in _forms(ws)}


def colour_of(text: str) -> str | None:
    """The canonical colour a shop's colour name means ("Rot", "kirschrot" -> "red")."""
    for word in fold(text).split():
        found = _COLOUR_FORMS.get(word)
        if found is not None:
            return found
    return None


def material_of(text: str) -> str | None:
    for word in fold(text).split():
        found = _MATERIAL_FORMS.get(word)
        if found is not None:
            return found
    return None


class Brands:
    """A catalog's brand names (folded), prepared once per catalog so that reading a question
    does not walk every brand: one-word brands are a set, and the brands one typo away from a
    word are remembered per word."""

    __slots__ = ("_long", "_multi", "_near", "_single", "names")

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(b for b in names if b)
        self._single = frozenset(b for b in self.names if " " not in b)
        self._multi = tuple(b for b in self.names if " " in b)
        self._long = tuple(b for b in self._single if len(b) >= 6)
        self._near: dict[str, frozenset[str]] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def said(self, words: list[str], padded: str) -> frozenset[str]:
        """The brands named word for word (``padded``: the folded text with a space either
        side)."""
        found = self._single.intersection(words)
        multi = [b for b in self._multi if f" {b} " in padded]
        return found.union(multi) if multi else found

    def near(self, words: list[str]) -> frozenset[str]:
        """One-word brands typed with one letter wrong or missing ("Nordmal" for "Nordmahl")."""
        found: frozenset[str] = frozenset()
        for w in words:
            if len(w) < 6:
                continue
            brands = self._near.get(w)
            if brands is None:
                brands = frozenset(
                    b for b in self._long if abs(len(w) - len(b)) <= 1 and _one_edit(w, b)
                )
                if len(self._near) > 20_000:
                    self._near.clear()
                self._near[w] = brands
            if brands:
                found = found | brands
        return found


def parse_query(text: str, brands: Iterable[str] = ()) -> ProductQuery:
    """The thing and the constraints in ``text``; ``brands`` are the catalog's brand names
    (folded, best as :class:`Brands`, prepared once per catalog), so "von Nordmahl" or
    "Mahlgut grinder" filters by brand."""
    known = brands if isinstance(brands, Brands) else Brands(brands)
    euros = text.replace("€", " eur ")
    cased = spell_umlauts(euros.casefold())
    is_ascii = cased.isascii()
    short = len(euros) <= 500
    # What fold() does with German or English text (no Unicode normalisation needed), once.
    folded = fold(cased) if short and is_ascii else fold(euros[:500])
    said: list[str] = []
    low = high = None
    sizes: frozenset[str] = _NONE
    patterns = _ASCII_TEXT if is_ascii else _ANY_TEXT
    # Every price and most sizes have a digit; the others a word with "x", "gr" or "size".
    digits = patterns.digit.search(cased) is not None
    size_word = "x" in cased or "gr" in cased or "size" in cased
    if digits or size_word:
        # fold() drops the decimal separator's punctuation: read amounts from a lighter folding
        # (its only white space: single spaces).
        if is_ascii and short and not _keeps_more_than_fold(cased):
            light = folded  # the same characters become spaces
        elif is_ascii:
            light = " ".join(cased.translate(_ASCII_LIGHT).split())
        else:  # one space for each run of other characters: only the ends need trimming
            light = _LIGHT.sub(" ", cased).strip(" ")
        if digits:
            low, high = _prices(light, said, patterns)
        if _may_say_size(light, digits, patterns):
            sizes = frozenset(_size(m) for m in patterns.size.finditer(light))
    words = folded.split()
    padded = f" {folded} "
    available = False
    sort = Sort.RELEVANCE
    if not _AVAILABLE_KEYS.isdisjoint(words):
        available = _AVAILABLE.search(padded) is not None
    if not _SORT_KEYS.isdisjoint(words):
        if _CHEAPEST.search(padded):
            sort = Sort.PRICE_ASC
        elif _PRICIEST.search(padded):
            sort = Sort.PRICE_DESC
        elif _BEST_RATED.search(padded):
            sort = Sort.RATING
    named = _COLOUR_FORMS.keys() & words
    colours = frozenset(_COLOUR_FORMS[w] for w in named) if named else _NONE
    named = _MATERIAL_FORMS.keys() & words
    materials = frozenset(_MATERIAL_FORMS[w] for w in named) if named else _NONE
    # "kupfer" is a colour and a material: as a material it filters more reliably.
    colours = colours - {"copper"} if "copper" in materials else colours
    found_brands = known.said(words, padded)
    if not found_brands:
        found_brands = known.near(words)
    rest = _strip(folded, words, available, sort, found_brands)
    if colours:
        said.extend(w for w in words if w in _COLOUR_FORMS)
    return _new_query(
        rest,  # text
        low,  # min_price
        high,  # max_price
        colours,
        materials,
        sizes,
        found_brands,
        available,  # available_only
        sort,
        tuple(said),
        _hyphenated(text[:500]),
    )


#: Each field's slot setter, in the order of the fields (a slotted dataclass's ``__slots__``).
_SETTERS = tuple(getattr(ProductQuery, name).__set__ for name in ProductQuery.__slots__)


def _new_query(
    text: str,
    min_price: Decimal | None,
    max_price: Decimal | None,
    colours: frozenset[str],
    materials: frozenset[str],
    sizes: frozenset[str],
    brands: frozenset[str],
    available_only: bool,
    sort: Sort,
    said: tuple[str, ...],
    hyphenated: tuple[tuple[str, ...], ...],
) -> ProductQuery:
    """``ProductQuery(...)``, for a question being read: the frozen dataclass's ``__init__``
    sets each of the eleven fields through ``object.__setattr__``, and its slots' own setters
    cost a third as much (every search reads a question; a microsecond is a twentieth of a
    search over a thousand products)."""
    query = object.__new__(ProductQuery)
    (
        set_text,
        set_min,
        set_max,
        set_colours,
        set_materials,
        set_sizes,
        set_brands,
        set_available,
        set_sort,
        set_said,
        set_hyphenated,
    ) = _SETTERS
    set_text(query, text)
    set_min(query, min_price)
    set_max(query, max_price)
    set_colours(query, colours)
    set_materials(query, materials)
    set_sizes(query, sizes)
    set_brands(query, brands)
    set_available(query, available_only)
    set_sort(query, sort)
    set_said(query, said)
    set_hyphenated(query, hyphenated)
    return query


def _hyphenated(text: str) -> tuple[tuple[str, ...], ...]:
    if "-" not in text:
        return ()
    found = (tuple(fold(m.group()).split()) for m in _HYPHENATED.finditer(text))
    return tuple(parts for parts in found if len(parts) > 1)


_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(" (?:" + "|".join(re.escape(p) for p in ordered) + ") ")


_AVAILABLE = _phrases(AVAILABLE_PHRASES)
_CHEAPEST = _phrases(CHEAPEST)
_PRICIEST = _phrases(PRICIEST)
_BEST_RATED = _phrases(BEST_RATED)
_SORT_WORDS = _phrases((*CHEAPEST, *PRICIEST, *BEST_RATED))


def _keys(phrases: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: every word of a phrase found is one of the question's
    words, so a question without any of these has none of the phrases (and "in", as in
    "in stock", is not asked about)."""
    return frozenset(max(p.split(" "), key=len) for p in phrases)


_AVAILABLE_KEYS = _keys(AVAILABLE_PHRASES)
_SORT_KEYS = _keys((*CHEAPEST, *PRICIEST, *BEST_RATED))


def _one_edit(a: str, b: str) -> bool:
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def _prices(
    light: str, said: list[str], patterns: _Patterns = _ANY_TEXT
) -> tuple[Decimal | None, Decimal | None]:
    low = high = None
    # A range needs two numbers.
    between = patterns.two_numbers.search(light) and (
        patterns.between.search(light) or patterns.range.search(light)
    )
    if between:
        a, b = _amount(between.group(1)), _amount(between.group(2))
        if a is not None and b is not None:
            said.append(between.group(0))
            return min(a, b), max(a, b)
    around = patterns.around.search(light) if _may_say_around(light) else None
    if around and (value := _amount(around.group(1))) is not None:
        said.append(around.group(0))
        return (value * Decimal("0.8")).quantize(Decimal("0.01")), value * Decimal("1.2")
    most = patterns.most.search(light)
    if most:
        high = _amount(most.group(1))
        said.append(most.group(0))
    least = patterns.least.search(light) if _may_say_least(light) else None
    # "nicht mehr als 50" / "no more than 50" holds "mehr als 50": an upper bound only.
    if least and not (most and least.start() < most.end() and most.start() < least.end()):
        low = _amount(least.group(1))
        said.append(least.group(0))
    return low, high


def _may_say_around(light: str) -> bool:
    """Whether ``_AROUND`` can match: one of ``_AROUND_WORDS`` is in the text, a cheaper test
    than the pattern (tests/test_products_search.py checks it with every word)."""
    return (
        "ca" in light
        or "etwa" in light
        or "um die" in light
        or "ungefaehr" in light
        or "around" in light
        or "about" in light
        or "roughly" in light
    )


def _may_say_least(light: str) -> bool:
    """Whether ``_MIN`` can match: one of ``_MIN_WORDS`` and a space are in the text."""
    return (
        "ab " in light
        or "ueber " in light
        or "mindestens " in light
        or "mehr als " in light
        or "teurer als " in light
        or "over " in light
        or "above " in light
        or "from " in light
        or "at least " in light
        or "more than " in light
    )


def _keeps_more_than_fold(cased: str) -> bool:
    """Whether ASCII text holds a character the light folding keeps and fold() does not."""
    return "." in cased or "," in cased or "-" in cased or "_" in cased


def _may_say_size(light: str, digits: bool, patterns: _Patterns) -> bool:
    """Whether ``_SIZE`` can match ``light`` (whose only white space is single spaces): each of
    its three forms needs one of these, and the pattern costs as much as the rest of reading a
    question ("grey" and "grün" have a "gr" but no size)."""
    return (
        "x" in light
        or "gr " in light
        or "size " in light
        or "groesse " in light
        or (digits and patterns.unit.search(light) is not None)
    )


def _size(match: re.Match[str]) -> str:
    value = next(g for g in match.groups() if g)
    return value.replace(" ", "").replace(",", ".")


_CONSTRAINT_WORDS = frozenset(
    [
        "unter",
        "bis",
        "hoechstens",
        "maximal",
        "max",
        "ueber",
        "ab",
        "mindestens",
        "zwischen",
        "und",
        "under",
        "below",
        "up",
        "to",
        "less",
        "than",
        "over",
        "above",
        "between",
        "and",
        "at",
        "most",
        "least",
        "eur",
        "euro",
        "euros",
        "e",
        "preis",
        "price",
        "guenstig",
        "cheap",
        "farbe",
        "colour",
        "color",
        "groesse",
        "size",
        "marke",
        "brand",
        "von",
        "from",
        "in",
        "aus",
        "made",
        "of",
        "around",
        "about",
        "um",
        "die",
        "ca",
        "etwa",
        "budget",
        "weniger",
        "mehr",
        "als",
        "within",
    ]
)


def _strip(
    folded: str, words: list[str], available: bool, sort: Sort, brands: frozenset[str]
) -> str:
    """The query's thing: without prices, constraint words, colours, sort and stock phrases
    (``words``: ``folded``, split)."""
    if available or sort is not Sort.RELEVANCE or brands:
        text = f" {folded} "
        if available:
            text = _AVAILABLE.sub("  ", text)
        if sort is not Sort.RELEVANCE:
            text = _SORT_WORDS.sub("  ", text)
        for brand in sorted(brands, key=len, reverse=True):
            text = text.replace(f" {brand} ", " ")
            for word in text.split():
                if len(word) >= 6 and abs(len(word) - len(brand)) <= 1 and _one_edit(word, brand):
                    text = text.replace(f" {word} ", " ")
        words = text.split()
    # A word with a digit goes (a number: the price); isdecimal() answers most without re.
    kept = [
        w
        for w in words
        if w not in _DROPPED and (w.isalpha() or not (w.isdecimal() or _DIGIT.search(w)))
    ]
    return " ".join(kept)


#: Words that never name the thing: constraint words, colours, letter sizes.
_DROPPED = _CONSTRAINT_WORDS.union(_COLOUR_FORMS, ("xs", "xl", "xxl", "xxs", "xxxl"))
