"""Product search over a shop's catalog, German and English. Pure: products in, ranked SKUs out.

How a product is found, in three steps:

1. **The question is read** (:func:`knowledge_base.product_query.parse_query`): the constraints
   people say in words (price range, colour, material, size, brand, availability, order) become
   filters; the remaining words name the thing.
2. **Every word of the thing stands for a concept** with its alternatives, each at a weight:
   the word itself and its stem in both languages (1.0), its de/en translations from the
   product lexicon ("muehle" / "grinder", 0.9), a typo's correction (0.85, a SymSpell-style
   deletion index over the catalog's words), the catalog words that contain it as a German
   compound part ("muehle" -> "kaffeemuehle", 0.7), and, for a compound the catalog only knows
   in parts, its parts (the last, the head of a German compound, 0.8; the others 0.4). A
   product scores, per concept, the best of its matching alternatives times the field's
   weight (name 3, brand and category 2, tags 1.5, colour/material/attributes 1, description
   0.5) and the term's rarity (BM25's idf), all as numpy arrays, so a search over 50,000
   products is a few array operations per concept.
3. **Filters and order**: products that fail a constraint are out; of the rest, those whose
   score is at least :data:`KEEP` of the best are kept (one matching word among four is not
   a match), ordered by relevance, price or rating. When nothing passes the filters, the
   caller may ask again with constraints dropped (:meth:`ProductQuery.without`) and say so.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from knowledge_base.normalize import STOP_WORDS, fold, stem
from knowledge_base.product_bits import MAX_PRODUCTS, RankedBits, bits_of
from knowledge_base.product_query import (
    Brands,
    ProductQuery,
    Sort,
    colour_of,
    material_of,
    parse_query,
)
from knowledge_base.product_words import TRANSLATIONS
from knowledge_base.vocabulary import MIN_COMPOUND_LEN, MIN_PART_LEN, Vocabulary

#: A product must reach this share of the best score to be shown at all.
KEEP = 0.45
FIELD_WEIGHTS = {
    "name": 3.0,
    "brand": 2.0,
    "category": 2.0,
    "tags": 1.5,
    "facets": 1.0,
    "description": 0.5,
}
TRANSLATION_WEIGHT = 0.9
TYPO_WEIGHT = 0.85
HEAD_WEIGHT = 0.8
MODIFIER_WEIGHT = 0.4
COMPOUND_WEIGHT = 0.7
#: In a product name, what follows these says what it is for, not what it is.
_PURPOSE = frozenset({"fuer", "for", "mit", "with", "zu", "to", "gegen"})
#: Words that say nothing about the thing ("habt ihr", "zeig mir", "do you sell").
_FILLER = frozenset(
    {
        "habt",
        "ihr",
        "haben",
        "sie",
        "hast",
        "du",
        "gibt",
        "es",
        "euch",
        "bei",
        "fuehrt",
        "verkauft",
        "suche",
        "suchen",
        "brauche",
        "moechte",
        "haette",
        "gern",
        "gerne",
        "zeig",
        "zeigen",
        "mir",
        "mal",
        "bitte",
        "kaufen",
        "empfehlen",
        "empfehlung",
        "welche",
        "welcher",
        "welches",
        "welchen",
        "eine",
        "einen",
        "ein",
        "einer",
        "etwas",
        "was",
        "noch",
        "auch",
        "so",
        "sell",
        "have",
        "got",
        "need",
        "want",
        "looking",
        "look",
        "show",
        "recommend",
        "buy",
        "search",
        "searching",
        "any",
        "some",
        "something",
        "like",
        "d",
        "m",
        "im",
        "please",
        "carry",
        "stock",
        "you",
        "do",
        "we",
        "our",
        "for",
        "with",
        "mit",
        "fuer",
        "the",
        "a",
        "an",
        "hallo",
        "hi",
        "hello",
        "guten",
        "tag",
        "moin",
        "products",
        "produkte",
        "artikel",
        "product",
        "item",
        "items",
    }
)

_IGNORED = _FILLER | STOP_WORDS["de"] | STOP_WORDS["en"]
_NOTHING: frozenset[str] = frozenset()

#: Facet masks remembered (a mask is a byte per product).
_FACET_MASKS = 256

#: Products and their weights for one term.
_Posting = tuple[NDArray[np.int64], NDArray[np.float64]]


@dataclass(frozen=True, slots=True)
class _Concept:
    """Products and their best weight for one concept (a query word and its alternatives)."""

    idx: NDArray[np.int64]
    weights: NDArray[np.float64]
    #: The products a question of this concept alone finds (at least :data:`KEEP` of the
    #: best), worked out once with the concept: in index order, and in the order of relevance
    #: (see :meth:`ProductIndex._ranked`).
    kept: NDArray[np.int64]
    ranked: NDArray[np.int64]
    #: The weights and prices of ``ranked``, in its order.
    ranked_weights: NDArray[np.float64]
    ranked_prices: NDArray[np.float64]
    #: ``ranked`` as bit sets, for words with few products (``None``: numpy filters).
    bits: RankedBits | None

    @classmethod
    def of(cls, posting: _Posting, index: ProductIndex) -> _Concept:
        idx, weights = posting
        strong = weights >= KEEP * weights.max() if len(idx) else np.zeros(0, dtype=bool)
        kept = idx[strong]
        order = np.lexsort((index._tie_rank[kept], -weights[strong].round(6)))
        ranked, ranked_weights = kept[order], weights[strong][order]
        ranked_prices = index.price[ranked]
        for shared in (kept, ranked, ranked_weights, ranked_prices):
            shared.flags.writeable = False  # shared by every search for the word
        bits = None
        if len(ranked) <= MAX_PRODUCTS:
            sku = index._sku
            bits = RankedBits.of(
                [sku[i] for i in ranked.tolist()],
                ranked_weights.tolist(),
                ranked_prices,
                index.available[ranked],
            )
        return cls(idx, weights, kept, ranked, ranked_weights, ranked_prices, bits)


@dataclass(frozen=True, slots=True)
class ProductDoc:
    """What the search knows of a product (plain values, from any catalog)."""

    sku: str
    name_de: str
    name_en: str
    price: Decimal
    available: bool = True
    brand: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    color: str = ""
    material: str = ""
    size: str = ""
    description_de: str = ""
    description_en: str = ""
    rating: Decimal | None = None
    attributes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scored:
    #: Every product's relevance (0: none).
    total: NDArray[np.float64]
    #: The products the words found, weak matches left out.
    found: NDArray[np.int64]

    def best(self, n: int) -> NDArray[np.int64]:
        return self.found[np.argsort(-self.total[self.found], kind="stable")][:n]


class Hit(NamedTuple):
    """A found product (a named tuple: a search makes several, and cheaply)."""

    sku: str
    score: float


def _hits(skus: list[str], scores: list[float]) -> tuple[Hit, ...]:
    """Hits made with ``tuple.__new__``, not the named tuple's own ``__new__`` (Python code):
    three hits cost a microsecond less, and at a thousand products a search takes twenty."""
    return tuple([_new_tuple(Hit, pair) for pair in zip(skus, scores, strict=True)])


_new_tuple = tuple.__new__


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: ProductQuery
    hits: tuple[Hit, ...]
    #: The constraints dropped to find anything (empty: all were met).
    relaxed: tuple[str, ...] = ()
    #: Products the words found before any filter (0: the shop has no such thing).
    matched: int = 0


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w]


def _stems(word: str) -> set[str]:
    return {word, stem(word, "de"), stem(word, "en")}


def _attribute_text(attributes: Mapping[str, object]) -> str:
    parts: list[str] = []
    for value in attributes.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list | tuple):
            parts.extend(v for v in value if isinstance(v, str))
    return " ".join(parts).replace("-", " ")


class ProductIndex:
    """An immutable index over one shop's products; build a new one when the catalog changes."""

    def __init__(self, products: Sequence[ProductDoc]) -> None:
        self.products = tuple(products)
        n = len(self.products)
        self._sku = [p.sku for p in self.products]
        self.price: NDArray[np.float64] = np.array([float(p.price) for p in self.products])
        self.available: NDArray[np.bool_] = np.array([p.available for p in self.products], bool)
        self.rating: NDArray[np.float64] = np.array(
            [float(p.rating) if p.rating is not None else -1.0 for p in self.products]
        )
        # Equal relevance: what can be bought now first, then the lower price.
        self._by_tie_rank = np.lexsort((self.price, ~self.available))
        self._by_tie_rank.flags.writeable = False
        self._tie_rank = np.empty(n, dtype=np.int64)
        self._tie_rank[self._by_tie_rank] = np.arange(n)
        # Facets as small integer codes: filtering thousands of candidates is one np.isin.
        self._codes: dict[str, dict[str, int]] = {}
        self._colour = self._coded("colour", [colour_of(p.color) or "" for p in self.products])
        self._material = self._coded(
            "material", [material_of(p.material) or "" for p in self.products]
        )
        self._size = self._coded("size", [fold(p.size).replace(" ", "") for p in self.products])
        self._brand = self._coded("brand", [fold(p.brand) for p in self.products])
        self._facet_codes = {
            "colour": self._colour,
            "material": self._material,
            "size": self._size,
            "brand": self._brand,
        }
        self._facet_masks: dict[tuple[str, frozenset[str]], NDArray[np.bool_]] = {}
        self.brands = frozenset(b for b in self._codes["brand"] if b)
        self._brands = Brands(self.brands)
        self.vocabulary = Vocabulary(compounds=True)
        weights: dict[str, dict[int, float]] = {}
        for i, p in enumerate(self.products):
            for term, weight in self._terms(p).items():
                weights.setdefault(term, {})[i] = weight
        self._postings: dict[str, _Posting] = {}
        for term, docs in weights.items():
            idf = math.log(1 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            idx = np.fromiter(docs.keys(), dtype=np.int64, count=len(docs))
            w = np.fromiter(docs.values(), dtype=np.float64, count=len(docs)) * idf
            self._postings[term] = (idx, w)
            if term.isalpha():
                self.vocabulary.add(term)
        self._concept_cache: dict[str, list[_Concept]] = {}
        self._thing_words: dict[str, tuple[str, ...]] = {}
        self._translations: dict[str, set[str]] = {}
        for group in TRANSLATIONS:
            singles = [fold(g) for g in group if " " not in g]
            for word in singles:
                self._translations.setdefault(word, set()).update(s for s in singles if s != word)

    def __len__(self) -> int:
        return len(self.products)

    def _coded(self, facet: str, values: list[str]) -> NDArray[np.int32]:
        codes = self._codes.setdefault(facet, {})
        return np.array([codes.setdefault(v, len(codes)) for v in values], dtype=np.int32)

    def _code_list(self, facet: str, values: Iterable[str]) -> list[int]:
        codes = self._codes[facet]
        return [codes[v] for v in values if v in codes] or [-1]

    def _terms(self, p: ProductDoc) -> dict[str, float]:
        fields = {
            "name": f"{p.name_de} {p.name_en}",
            "brand": p.brand,
            "category": p.category.replace("-", " "),
            "tags": " ".join(t.replace("-", " ") for t in p.tags),
            "facets": f"{p.color} {p.material} {_attribute_text(p.attributes)}",
            "description": f"{p.description_de} {p.description_en}",
        }
        out: dict[str, float] = {}
        for name, text in fields.items():
            weight = FIELD_WEIGHTS[name]
            for word in _words(text):
                if name == "name" and word in _PURPOSE:
                    weight = FIELD_WEIGHTS["facets"]  # "Entkalker für Espressomaschinen"
                if word in STOP_WORDS["de"] or word in STOP_WORDS["en"]:
                    continue
                for term in _stems(word):
                    if out.get(term, 0.0) < weight:
                        out[term] = weight
        return out

    # -- searching ---------------------------------------------------------------------------

    def parse(self, text: str) -> ProductQuery:
        return parse_query(text, self._brands)

    def search(self, text: str, limit: int = 6) -> SearchResult:
        return self.run(self.parse(text), limit)

    def run(self, query: ProductQuery, limit: int = 6) -> SearchResult:
        concepts = self._concepts(query.text, self.unheaded(query))
        if not concepts and not query.constrained:
            return SearchResult(query, ())
        if query.sort is Sort.RELEVANCE and len(concepts) <= 1:
            return self._run_ranked(query, concepts[0] if concepts else None, limit)
        scored = self._scored(concepts)
        if scored is None:
            # No words for the thing ("etwas Rotes unter 20 €"): the constraints alone decide.
            scored = Scored(np.ones(len(self.products)), np.arange(len(self.products)))
        candidates = scored.found
        if query.constrained:
            candidates = candidates[self._passes(query, candidates)]
        hits = self._ranked(scored.total, candidates, query.sort, limit)
        return SearchResult(query, hits, (), len(scored.found))

    def _run_ranked(
        self, query: ProductQuery, concept: _Concept | None, limit: int
    ) -> SearchResult:
        """:meth:`run` for one word (or none) in the order of relevance: the products are
        in order already (filtering keeps it), so neither a score per product nor a sort is
        needed. Without words every product scores 1 (see :meth:`run`)."""
        if concept is not None and concept.bits is not None and limit > 0:
            return self._run_bits(query, concept, concept.bits, limit)
        if concept is None:
            ranked, weights, matched = self._by_tie_rank, None, len(self.products)
            prices = None
        else:
            ranked, weights, matched = concept.ranked, concept.ranked_weights, len(concept.kept)
            prices = concept.ranked_prices
        if query.constrained:
            # The first ``limit`` that pass: their places in ``ranked``.
            at = self._passes(query, ranked, prices).nonzero()[0][:limit]
            order, scores = ranked[at].tolist(), None if weights is None else weights[at]
        else:
            order, scores = ranked[:limit].tolist(), None if weights is None else weights[:limit]
        sku = self._sku
        hits = _hits(
            [sku[i] for i in order], [1.0] * len(order) if scores is None else scores.tolist()
        )
        return SearchResult(query, hits, (), matched)

    def _run_bits(
        self, query: ProductQuery, concept: _Concept, bits: RankedBits, limit: int
    ) -> SearchResult:
        """:meth:`_run_ranked` for a word with few products: the constraints as bit sets."""
        if query.constrained:
            places = bits.first(self._passing_bits(query, concept.ranked, bits), limit)
        else:
            places = list(range(min(limit, len(bits.skus))))
        skus, scores = bits.skus, bits.scores
        hits = tuple([_new_tuple(Hit, (skus[i], scores[i])) for i in places])
        return SearchResult(query, hits, (), len(concept.kept))

    def _passing_bits(self, q: ProductQuery, ranked: NDArray[np.int64], bits: RankedBits) -> int:
        """:meth:`_passes` as bits over ``ranked``."""
        passing = bits.all
        if q.min_price is not None:
            passing &= bits.at_least(float(q.min_price))
        if q.max_price is not None:
            passing &= bits.at_most(float(q.max_price))
        if q.available_only:
            passing &= bits.available
        if q.colours:
            passing &= self._facet_bits(bits, ranked, "colour", q.colours)
        if q.materials:
            passing &= self._facet_bits(bits, ranked, "material", q.materials)
        if q.sizes:
            passing &= self._facet_bits(bits, ranked, "size", q.sizes)
        if q.brands:
            passing &= self._facet_bits(bits, ranked, "brand", q.brands)
        return passing

    def _facet_bits(
        self, bits: RankedBits, ranked: NDArray[np.int64], facet: str, wanted: frozenset[str]
    ) -> int:
        key = (facet, wanted)
        found = bits.facet(key)
        if found is None:
            found = bits.remember(key, bits_of(self._facet_mask(facet, wanted)[ranked]))
        return found

    def closest(self, query: ProductQuery, limit: int = 3) -> SearchResult:
        """When nothing meets every constraint: drop them one kind at a time (the least telling
        first) until something is found."""
        for dropped in (
            ("available_only",),
            ("sizes",),
            ("materials",),
            ("price",),
            ("colours",),
            ("brands",),
            ("price", "colours"),
            ("price", "colours", "materials", "sizes", "brands", "available_only"),
        ):
            if not any(_has(query, d) for d in dropped):
                continue
            found = self.run(query.without(*dropped), limit)
            if found.hits:
                relaxed = tuple(d for d in dropped if _has(query, d))
                return SearchResult(query, found.hits, relaxed, found.matched)
        return SearchResult(query, ())

    def unheaded(self, query: ProductQuery) -> frozenset[str]:
        """Words of hyphenated compounds whose last part names nothing in the catalog: a
        "Barista-Kurs" is a course, not the "Barista Touch" machine, so "barista" must not
        find it."""
        if not query.hyphenated:
            return _NOTHING
        return frozenset(
            word
            for parts in query.hyphenated
            if not any(len(c.idx) for c in self._word_concepts(parts[-1]))
            for word in parts
        )

    def scores(self, text: str, skip: frozenset[str] = frozenset()) -> Scored | None:
        """Relevance of every product for the words, and the products that have any, best
        ones kept (``None``: no words to go by); ``skip``: words that must not count."""
        return self._scored(self._concepts(text, skip))

    def _scored(self, concepts: list[_Concept]) -> Scored | None:
        if not concepts:
            return None
        total = np.zeros(len(self.products))
        if len(concepts) == 1:
            # One concept: its products are distinct and its best ones known in advance.
            only = concepts[0]
            total[only.idx] = only.weights
            return Scored(total, only.kept)
        for concept in concepts:
            total[concept.idx] += concept.weights  # a concept's products are distinct
        found = np.unique(np.concatenate([c.idx for c in concepts]))
        if len(found):
            values = total[found]
            found = found[values >= KEEP * values.max()]
        return Scored(total, found)

    def _postings_of(self, alternatives: dict[str, float]) -> _Posting:
        """One concept as products and their best weight over its alternatives."""
        parts = [
            (self._postings[t][0], self._postings[t][1] * w)
            for t, w in alternatives.items()
            if t in self._postings
        ]
        if len(parts) == 1:
            return parts[0]
        idx = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        order = np.lexsort((weights, idx))  # by product, the best weight last
        idx, weights = idx[order], weights[order]
        last = np.append(idx[1:] != idx[:-1], True)
        return idx[last], weights[last]

    def _concepts(self, text: str, skip: frozenset[str] = frozenset()) -> list[_Concept]:
        words = self._thing_words.get(text)
        if words is None:  # folded once per wording of a thing, like a word's concepts
            words = tuple(fold(text).split())
            if len(self._thing_words) > 50_000:
                self._thing_words.clear()
            self._thing_words[text] = words
        concepts: list[_Concept] = []
        for word in words:
            if word in _IGNORED or word in skip:
                continue
            concepts.extend(self._word_concepts(word))
        return concepts

    def _word_concepts(self, word: str) -> list[_Concept]:
        """The word's concept, and for a German compound a weaker one for its modifier
        ("espressomaschine": machine first, espresso as a bonus). Remembered per word: the
        index never changes."""
        cached = self._concept_cache.get(word)
        if cached is None:
            cached = [
                _Concept.of(self._postings_of(c), self)
                for c in self._word_concepts_uncached(word)
                if c
            ]
            self._concept_cache[word] = cached
            if len(self._concept_cache) > 50_000:
                self._concept_cache.clear()
        return cached

    def _word_concepts_uncached(self, word: str) -> list[dict[str, float]]:
        main: dict[str, float] = {}
        translations = self._translations.get(word, set())
        _offer(main, word, 1.0)
        for other in translations:
            _offer(main, other, TRANSLATION_WEIGHT)
        known = word in self.vocabulary or stem(word, "de") in self.vocabulary
        if word.isalpha() and not known and not translations:
            for fixed, _similarity in self.vocabulary.corrections(word):
                _offer(main, fixed, TYPO_WEIGHT)
                for other in self._translations.get(fixed, set()):
                    _offer(main, other, TYPO_WEIGHT * TRANSLATION_WEIGHT)
        self._compounds(main, {word, *translations}, COMPOUND_WEIGHT)
        concepts = [main]
        split = self._split(word) if len(word) >= MIN_COMPOUND_LEN else None
        if split is not None:
            modifier, head = split
            head_forms = {head, *self._translations.get(head, set())}
            for form in head_forms:
                _offer(main, form, HEAD_WEIGHT)
            self._compounds(main, head_forms, HEAD_WEIGHT * COMPOUND_WEIGHT)
            bonus: dict[str, float] = {}
            for form in {modifier, *self._translations.get(modifier, set())}:
                _offer(bonus, form, MODIFIER_WEIGHT)
            concepts.append(bonus)
        return [{t: w for t, w in c.items() if t in self._postings} for c in concepts]

    def _compounds(self, found: dict[str, float], forms: Iterable[str], weight: float) -> None:
        """Catalog words that end in one of ``forms``: "kaffeemuehle" is a kind of "muehle"."""
        for form in forms:
            if len(form) < MIN_PART_LEN or not form.isalpha():
                continue
            for base in {form, stem(form, "de")}:
                for compound in self.vocabulary.compounds_with(base, limit=30):
                    if compound.endswith(base):
                        _offer(found, compound, weight)

    def _knows(self, word: str) -> bool:
        return (
            word in self.vocabulary
            or word in self._translations
            or bool(self.vocabulary.compounds_with(word, limit=1))
        )

    def _split(self, word: str) -> tuple[str, str] | None:
        """(modifier, head) of a German compound whose parts are known words (a typo in the
        modifier is forgiven): "kaffeemuehle" -> ("kaffee", "muehle")."""
        for i in range(MIN_PART_LEN, len(word) - MIN_PART_LEN + 1):
            left, tail = word[:i], word[i:]
            if not self._knows(tail):
                continue
            for part in (left, left[:-1]) if left.endswith("s") else (left,):
                if self._knows(part):
                    return part, tail
                fixed = self.vocabulary.corrections(part, limit=1)
                if fixed:
                    return fixed[0][0], tail
        return None

    def _passes(
        self,
        q: ProductQuery,
        at: NDArray[np.int64],
        prices: NDArray[np.float64] | None = None,
    ) -> NDArray[np.bool_]:
        """Which of the candidates ``at`` meet every constraint (``prices``: theirs, when
        known). Each constraint costs one gather or comparison and one ``&``: at a thousand
        products a search is mostly such fixed costs, so facets are masks over the catalog
        made once per wanted value (:meth:`_facet_mask`), not comparisons per search."""
        mask: NDArray[np.bool_] | None = None
        if q.min_price is not None or q.max_price is not None:
            if prices is None:
                prices = self.price[at]
            if q.min_price is not None:
                mask = prices >= float(q.min_price)
            if q.max_price is not None:
                below = prices <= float(q.max_price)
                mask = below if mask is None else mask & below
        if q.available_only:
            test = self.available[at]
            mask = test if mask is None else mask & test
        if q.colours:
            mask = self._facet_test(mask, "colour", q.colours, at)
        if q.materials:
            mask = self._facet_test(mask, "material", q.materials, at)
        if q.sizes:
            mask = self._facet_test(mask, "size", q.sizes, at)
        if q.brands:
            mask = self._facet_test(mask, "brand", q.brands, at)
        return np.ones(len(at), dtype=bool) if mask is None else mask

    def _facet_test(
        self,
        mask: NDArray[np.bool_] | None,
        facet: str,
        wanted: frozenset[str],
        at: NDArray[np.int64],
    ) -> NDArray[np.bool_]:
        """``mask`` (``None``: all pass) and which of ``at`` have a ``wanted`` facet value."""
        test = self._facet_mask(facet, wanted)[at]
        return test if mask is None else mask & test

    def _facet_mask(self, facet: str, wanted: frozenset[str]) -> NDArray[np.bool_]:
        """Which products have one of the ``wanted`` values of a facet, remembered: a shop's
        colours, materials, sizes and brands are few."""
        key = (facet, wanted)
        mask = self._facet_masks.get(key)
        if mask is None:
            codes = self._facet_codes[facet]
            mask = np.zeros(len(self.products), dtype=bool)
            for code in self._code_list(facet, wanted):
                mask |= codes == code
            mask.flags.writeable = False
            if len(self._facet_masks) >= _FACET_MASKS:
                self._facet_masks.clear()
            self._facet_masks[key] = mask
        return mask

    def _ranked(
        self,
        scores: NDArray[np.float64],
        candidates: NDArray[np.int64],
        sort: Sort,
        limit: int,
    ) -> tuple[Hit, ...]:
        if not len(candidates):
            return ()
        # Relevance first, then what can be bought now, then the lower price: a stable order.
        # np.lexsort sorts by the last key first.
        keys: tuple[NDArray[np.float64] | NDArray[np.int64], ...]
        if sort is Sort.PRICE_ASC:
            keys = (-scores[candidates], self.price[candidates])
        elif sort is Sort.PRICE_DESC:
            keys = (-scores[candidates], -self.price[candidates])
        elif sort is Sort.RATING:
            keys = (-scores[candidates], -self.rating[candidates])
        elif len(candidates) == 1:
            keys = ()
        else:
            # Ties in relevance: the precomputed rank of (available first, lower price, index);
            # ``candidates`` are in index order, so this is the order a stable sort by
            # availability and price would give.
            keys = (self._tie_rank[candidates], -scores[candidates].round(6))
        return self._hits(scores, (candidates[np.lexsort(keys)] if keys else candidates)[:limit])

    def _hits(self, scores: NDArray[np.float64], order: NDArray[np.int64]) -> tuple[Hit, ...]:
        sku = self._sku
        return _hits([sku[i] for i in order.tolist()], scores[order].tolist())


def _offer(found: dict[str, float], term: str, weight: float) -> None:
    for s in _stems(term):
        if found.get(s, 0.0) < weight:
            found[s] = weight


def _has(query: ProductQuery, name: str) -> bool:
    if name == "price":
        return query.min_price is not None or query.max_price is not None
    if name == "available_only":
        return query.available_only
    return bool(getattr(query, name))


def build_index(products: Iterable[ProductDoc]) -> ProductIndex:
    return ProductIndex(list(products))
