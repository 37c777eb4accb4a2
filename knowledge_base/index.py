"""The index over articles and the matcher that ranks them for a question.

How an article is scored, in three steps:

1. **Candidates, per article.** Every phrasing of an article (its question and alternative
   phrasings) is analysed into stems and adjacent-stem pairs. For each term the index keeps how
   many of an article's phrasings contain it. A query term ``t`` adds to an article ``c`` the
   smoothed log-odds that a phrasing of ``c`` contains ``t`` rather than one of another article:
   words that are common everywhere count for little, words typical of one article count a lot,
   and the evidence of all of an article's phrasings adds up. All of it is derived from counts
   at query time, so an incremental update is exactly a rebuild.
2. **Rerank with rapidfuzz.** The best four articles are rescored with the closest of their
   phrasings (``fuzz.ratio`` over sorted stems), which rewards near-verbatim questions.
3. **Confidence.** A softmax over the reranked scores (how clearly the best beats the others)
   times the coverage of the query's rare words by the article (how much of the question the
   article explains), raised towards 1 when one phrasing was typed (nearly) verbatim.
   Out-of-scope questions score low on one or the other.

Query words the index does not know are looked up as typos, split as German compounds, and
matched against compounds; synonyms add their group at a lower weight.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from knowledge_base.articles import LANGS, Article, Lang
from knowledge_base.language import detect_language
from knowledge_base.lexicon import Lexicon, Reading
from knowledge_base.normalize import STOP_WORDS, stem, words
from knowledge_base.synonyms import synonym_map
from knowledge_base.vocabulary import MIN_COMPOUND_LEN, MIN_PART_LEN, Vocabulary

TYPO_WEIGHT = 0.9
SPLIT_WEIGHT = 0.8
COMPOUND_WEIGHT = 0.5
SYNONYM_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class Match:
    slug: str
    lang: Lang
    score: float  # 0..1
    phrasing: str

    @property
    def key(self) -> tuple[str, Lang]:
        return (self.slug, self.lang)


@dataclass(frozen=True, slots=True)
class MatcherSettings:
    """Tuned on CLINC150 val and a BANKING77 train hold-out (``bench/faq_accuracy.py``)."""

    #: Smoothing of the other articles' counts (the background a term is compared with).
    smoothing: float = 0.1
    #: An article's own smoothing is ``prior_mass / phrasings`` within these bounds: strong for
    #: an article with five phrasings, weak for one with a hundred.
    prior_mass: float = 7.0
    prior_bounds: tuple[float, float] = (0.05, 1.0)
    rerank: int = 4
    fuzzy_weight: float = 10.0
    temperature: float = 3.0
    #: From this closeness (rapidfuzz ratio / 100) on, a phrasing counts as typed verbatim.
    verbatim: float = 0.8
    use_answers: bool = True
    #: The question counts as this many phrasings: the one text the shop wrote for the topic.
    question_weight: int = 3
    #: How much a concept of the lexicon counts, as a query term (a word itself counts 1).
    concept_weight: float = 6.0
    #: ... in full while articles have at most this many phrasings on average (a small shop's
    #: FAQ); beyond, the phrasings speak for themselves and concepts count proportionally less.
    concept_phrasings: float = 10.0
    #: How much ambiguous words lower the confidence: a word with k meanings counts (1/k)**this.
    ambiguity: float = 0.5
    #: How much a filler word ("halt", "just") counts towards the words an article must explain.
    filler_rarity: float = 0.1
    #: In the rerank, how much it counts that the question names the same concepts as an
    #: article's own questions, and no others (weighted Jaccard; scaled like ``concept_weight``):
    #: "Rücksendung?" is the returns article, not the one about their cost.
    concept_overlap: float = 5.0


@dataclass(slots=True)
class _Doc:
    slot: int
    article: Article
    terms: Counter[str]
    words: frozenset[str]
    texts: tuple[str, ...]
    sorted_texts: tuple[str, ...]
    size: int  # phrasings in the counts (the question's weight, the answer's pseudo-phrasing)
    #: The concepts the article's question and phrasings name (not its answer), with strengths.
    concepts: dict[str, float]


@dataclass(slots=True)
class _Query:
    features: dict[str, float]
    #: Per distinct query word: its rarity, and the postings (article slot -> count) of the
    #: terms that stand for it with their weights, best first.
    words: list[tuple[float, list[tuple[float, dict[int, float]]]]]
    sorted_text: str
    #: 1 for a question whose words each mean one thing; less the more of its (rare) words are
    #: ambiguous in the lexicon ("Rechnung" alone: the document, or paying by invoice).
    specificity: float = 1.0
    #: The concepts the question names (index terms), with how strongly.
    concepts: dict[str, float] | None = None
    #: How much concepts count for this index (``concept_weight`` scaled to the phrasings).
    concept_scale: float = 0.0


def _bigrams(stems: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(stems)]


class _LanguageIndex:
    """All articles of one language: German and English are stemmed differently."""

    def __init__(self, lang: Lang, settings: MatcherSettings, lexicon: Lexicon | None) -> None:
        self.lang = lang
        self._settings = settings
        self._lexicon = lexicon
        self.docs: dict[str, _Doc] = {}
        self._slots: list[_Doc | None] = []
        self._free: list[int] = []
        self._sizes: NDArray[np.float64] = np.zeros(0)
        self._phrasings = 0
        self._postings: dict[str, dict[int, float]] = {}
        self._totals: dict[str, float] = {}
        self._arrays: dict[str, tuple[NDArray[np.int64], NDArray[np.float64]]] = {}
        self._base: NDArray[np.float64] | None = None
        #: Query word -> what :meth:`_word_entry` says; valid until the next update.
        self._word_cache: dict[
            str, tuple[dict[str, float], float, list[tuple[float, dict[int, float]]]]
        ] = {}
        self.german = lang == "de"
        self.vocabulary = Vocabulary(compounds=self.german)
        self._synonyms = synonym_map(lang)

    # -- updates -----------------------------------------------------------------------------

    def add(self, article: Article) -> None:
        texts = article.texts()
        terms: Counter[str] = Counter()  # phrasings containing a term (fractions: concepts)
        surface: set[str] = set()
        sorted_texts = []
        named: dict[str, float] = {}
        for i, text in enumerate(texts):
            folded = words(text)
            stems = [stem(w, self.lang) for w in folded]
            weight = self._settings.question_weight if i == 0 else 1
            terms.update(dict.fromkeys(set(stems) | set(_bigrams(stems)), weight))
            found = self._concepts(folded)
            terms.update({c: share * weight for c, share in found.items()})
            for c, share in found.items():
                named[c] = max(named.get(c, 0.0), share)
            surface.update(folded)
            sorted_texts.append(" ".join(sorted(stems)))
        if self._settings.use_answers:
            # The answer and tags name the topic too: one more (pseudo-)phrasing for the counts.
            context = words(" ".join((article.answer, *article.tags)))
            stems = [stem(w, self.lang) for w in context]
            terms.update(dict.fromkeys(set(stems) | set(_bigrams(stems)), 1))
            terms.update(self._concepts(context))
        slot = self._free.pop() if self._free else self._grow()
        size = len(texts) + self._settings.question_weight - 1 + self._settings.use_answers
        doc = _Doc(
            slot, article, terms, frozenset(surface), texts, tuple(sorted_texts), size, named
        )
        self.docs[article.slug] = doc
        self._slots[slot] = doc
        self._sizes[slot] = size
        self._phrasings += size
        self._base = None
        self._word_cache.clear()
        for term, count in terms.items():
            self._postings.setdefault(term, {})[slot] = count
            self._totals[term] = self._totals.get(term, 0) + count
            self._arrays.pop(term, None)
        for word in surface:
            self.vocabulary.add(word)

    def remove(self, slug: str) -> None:
        doc = self.docs.pop(slug, None)
        if doc is None:
            return
        self._slots[doc.slot] = None
        self._sizes[doc.slot] = 0
        self._free.append(doc.slot)
        self._phrasings -= doc.size
        self._base = None
        self._word_cache.clear()
        for term, count in doc.terms.items():
            posting = self._postings[term]
            del posting[doc.slot]
            self._totals[term] -= count
            if not posting:
                del self._postings[term]
                del self._totals[term]
            self._arrays.pop(term, None)
        for word in doc.words:
            self.vocabulary.remove(word)

    def _concepts(self, folded: list[str]) -> dict[str, float]:
        """The concepts a text names, each counting 1, or 1/k where the word that names it
        has k meanings ("Rechnung": the document, or paying by invoice)."""
        if self._lexicon is None:
            return {}
        out: dict[str, float] = {}
        for found in self._lexicon.read(folded, correct=False).concepts:
            for name, strength in found.items():
                term = _concept_term(name)
                # In 64ths: sums of them are exact, so any order of updates gives the same counts.
                out[term] = max(out.get(term, 0.0), round(64 * strength / len(found)) / 64)
        return out

    def _grow(self) -> int:
        slot = len(self._slots)
        self._slots.append(None)
        if slot >= len(self._sizes):
            sizes = np.zeros(max(16, 2 * len(self._sizes)))
            sizes[: len(self._sizes)] = self._sizes
            self._sizes = sizes
        return slot

    # -- queries -----------------------------------------------------------------------------

    def knows(self, word: str) -> bool:
        return word in self.vocabulary

    def analyse_query(self, text: str, reading: Reading | None = None) -> _Query | None:
        """``reading``: what the lexicon makes of the question's words, if there is one."""
        typed = words(text)
        if not typed:
            return None
        features: dict[str, float] = {}
        query_words = []
        cache = self._word_cache
        if len(cache) > 100_000:
            cache.clear()
        concepts: dict[str, dict[str, float]] = {}
        filler: set[str] = set()
        if reading is not None:
            for word, found, fill in zip(typed, reading.concepts, reading.filler, strict=True):
                known = concepts.setdefault(word, {})
                for name, strength in found.items():
                    known[name] = max(known.get(name, 0.0), strength)
                if fill:
                    filler.add(word)
        settings = self._settings
        meanings: list[tuple[float, int]] = []
        named: dict[str, float] = {}
        # An empty index (a new shop without FAQ yet) has no phrasings: count one per article.
        per_article = max(self._phrasings / max(len(self.docs), 1), 1.0)
        concept = settings.concept_weight * min(1.0, settings.concept_phrasings / per_article)
        for word in dict.fromkeys(typed):
            entry = cache.get(word)
            if entry is None:
                entry = cache[word] = self._word_entry(word)
            alternatives, rarity, postings = entry
            for term, weight in alternatives.items():
                if weight > features.get(term, 0.0):
                    features[term] = weight
            meant = concepts.get(word, {})
            extra = sorted(
                (_concept_term(n), strength)
                for n, strength in meant.items()
                if _concept_term(n) in self._postings
            )
            for term, strength in extra:
                share_64 = round(64 * strength / len(meant)) / 64  # exact sums (see _overlap)
                named[term] = max(named.get(term, 0.0), share_64)
            if extra:
                # A word with several meanings is that much weaker evidence for each of them.
                share = concept / len(meant)
                for term, strength in extra:
                    if share * strength > features.get(term, 0.0):
                        features[term] = share * strength
                # A word a concept explains is explained once, however much the concept counts.
                postings = [
                    *postings,
                    *((min(concept * s, 1.0), self._postings[t]) for t, s in extra),
                ]
                postings.sort(key=lambda wp: -wp[0])
            if word in filler:
                rarity *= settings.filler_rarity
            query_words.append((rarity, postings))
            meanings.append((rarity, len(meant) or 1))
        stems = [stem(w, self.lang) for w in typed]
        for pair in _bigrams(stems):
            if pair in self._postings:
                features[pair] = 1.0
        total = sum(r for r, _ in meanings)
        specificity = (
            sum(r * (1 / k) ** settings.ambiguity for r, k in meanings) / total if total else 1.0
        )
        return _Query(
            dict(sorted(features.items())),
            query_words,
            " ".join(sorted(stems)),
            specificity,
            named,
            concept / settings.concept_weight if settings.concept_weight else 0.0,
        )

    def _word_entry(
        self, word: str
    ) -> tuple[dict[str, float], float, list[tuple[float, dict[int, float]]]]:
        """What a query word stands for, how rare it is, and its postings (best weight first)."""
        alternatives = self._alternatives(word)
        own = stem(word, self.lang)
        spread = len(self._postings[own]) if own in alternatives else 0
        rarity = math.log((max(len(self.docs), 1) + 1) / (spread + 0.5))
        postings = sorted(
            ((w, self._postings[t]) for t, w in alternatives.items()), key=lambda wp: -wp[0]
        )
        return alternatives, rarity, postings

    def _alternatives(self, word: str) -> dict[str, float]:
        """The known terms that stand for a query word, with how much each counts."""
        own = stem(word, self.lang)
        postings = self._postings
        found: dict[str, float] = {}
        if own in postings:
            found[own] = 1.0
        else:
            for known, similarity in self.vocabulary.corrections(word):
                _offer(found, stem(known, self.lang), TYPO_WEIGHT * similarity)
            if self.german:
                for part in self._split(word):
                    _offer(found, part, SPLIT_WEIGHT)
        for synonym in self._synonyms.get(own, ()):
            if synonym in postings:
                _offer(found, synonym, SYNONYM_WEIGHT)
        if self.german and word not in STOP_WORDS["de"]:
            for form in {word, own}:
                for compound in self.vocabulary.compounds_with(form):
                    _offer(found, stem(compound, self.lang), COMPOUND_WEIGHT)
        return {t: w for t, w in found.items() if t in postings}

    def _split(self, word: str) -> list[str]:
        """A German compound the index only knows in parts: "Versandkosten" -> versand, kost."""
        if len(word) < MIN_COMPOUND_LEN or not word.isalpha():
            return []
        best: tuple[int, list[str]] | None = None
        for i in range(MIN_PART_LEN, len(word) - MIN_PART_LEN + 1):
            right = stem(word[i:], self.lang)
            if right not in self._postings:
                continue
            for left_word in (word[:i], word[: i - 1] if word[i - 1] == "s" else ""):
                left = stem(left_word, self.lang) if left_word else ""
                if left in self._postings:
                    balance = min(len(left_word), len(word) - i)
                    if best is None or balance > best[0]:
                        best = (balance, [left, right])
        return best[1] if best else []

    def search(self, query: _Query, limit: int) -> list[Match]:
        settings = self._settings
        known = [(t, w) for t, w in query.features.items() if t in self._postings]
        if not known or not self.docs:
            return []
        weight = sum(w for _, w in known)  # features are sorted: a fixed order
        slots_parts = []
        value_parts = []
        for term, w in known:
            slots, delta = self._posting(term)
            slots_parts.append(slots)
            value_parts.append(delta if w == 1.0 else delta * w)
        evidence = np.bincount(
            np.concatenate(slots_parts), np.concatenate(value_parts), minlength=len(self._sizes)
        )
        scores = self._article_base() * weight + evidence
        candidates = self._candidates(scores, max(settings.rerank, limit))
        final = {}
        best_text = {}
        closeness = {}
        for slot in candidates:
            doc = self._slots[slot]
            assert doc is not None
            _, similarity, index = process.extractOne(
                query.sorted_text, doc.sorted_texts, scorer=fuzz.ratio, processor=None
            )
            final[slot] = float(scores[slot]) + settings.fuzzy_weight * similarity / 100
            if settings.concept_overlap and query.concepts and doc.concepts:
                final[slot] += (
                    settings.concept_overlap
                    * query.concept_scale
                    * _overlap(query.concepts, doc.concepts)
                )
            best_text[slot] = doc.texts[index]
            closeness[slot] = similarity / 100
        # Softmax over the reranked candidates: how clearly the best beats the next few.
        top = max(final.values())
        temperature = settings.temperature
        norm = math.fsum(math.exp((v - top) / temperature) for v in final.values())
        coverage = self._coverage(query, list(final))
        matches = []
        for slot, value in final.items():
            doc = self._slots[slot]
            assert doc is not None
            probability = math.exp((value - top) / temperature) / norm
            support = probability * coverage[slot] * query.specificity
            # A near-verbatim phrasing is evidence of its own ("noisy or" of the two).
            verbatim = max(0.0, (closeness[slot] - settings.verbatim) / (1 - settings.verbatim))
            confidence = round(1 - (1 - support) * (1 - verbatim), 4)
            matches.append(Match(doc.article.slug, self.lang, confidence, best_text[slot]))
        matches.sort(key=lambda m: (-m.score, m.slug))
        return matches[:limit]

    def _candidates(self, scores: NDArray[np.float64], k: int) -> list[int]:
        """The ``k`` best slots; ties at the edge go by slug, so any build order agrees."""
        k = min(k, len(self.docs))
        if k == 0:
            return []
        chosen = np.argpartition(scores, len(scores) - k)[-k:]
        kth = scores[chosen].min()
        if np.count_nonzero(scores >= kth) > k:  # a tie at the edge: take all, then cut
            chosen = np.flatnonzero(scores >= kth)
        slots = self._slots
        ranked = sorted(
            zip(scores[chosen].tolist(), chosen.tolist(), strict=True),
            key=lambda vs: (-vs[0], slots[vs[1]].article.slug),
        )
        return [slot for _, slot in ranked[:k]]

    def _own_smoothing(self, sizes: NDArray[np.float64]) -> NDArray[np.float64]:
        low, high = self._settings.prior_bounds
        with np.errstate(divide="ignore"):
            return np.clip(self._settings.prior_mass / sizes, low, high)

    def _article_base(self) -> NDArray[np.float64]:
        """Per article, the log-odds part that depends only on its number of phrasings (every
        query term an article lacks costs it this much); free slots can never win."""
        if self._base is None:
            a = self._settings.smoothing
            sizes = self._sizes
            own = self._own_smoothing(sizes)
            with np.errstate(divide="ignore", invalid="ignore"):
                base = (
                    np.log(own) - np.log(sizes + 2 * own) + np.log(self._phrasings - sizes + 2 * a)
                )
            self._base = np.where(sizes > 0, base, -np.inf)
        return self._base

    def _coverage(self, query: _Query, slots: list[int]) -> dict[int, float]:
        """Per article, the share of the query's rarity-weighted words that it contains."""
        found = dict.fromkeys(slots, 0.0)
        total = 0.0
        for rarity, postings in query.words:
            total += rarity
            for slot in slots:
                for weight, posting in postings:
                    if slot in posting:
                        found[slot] += rarity * weight
                        break
        return {slot: (value / total if total > 0 else 0.0) for slot, value in found.items()}

    def _posting(self, term: str) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """The articles containing ``term`` and what it adds to each (cached until it changes)."""
        cached = self._arrays.get(term)
        if cached is None:
            posting = self._postings[term]
            a = self._settings.smoothing
            total = self._totals[term]
            slots = np.fromiter(posting.keys(), dtype=np.int64, count=len(posting))
            counts = np.fromiter(posting.values(), dtype=np.float64, count=len(posting))
            own = self._own_smoothing(self._sizes[slots])
            delta = np.log1p(counts / own) - np.log((total - counts + a) / (total + a))
            cached = (slots, delta)
            self._arrays[term] = cached
        return cached


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard of two sets of concepts: 1 when they name the same, 0 when none.
    Strengths are in 64ths, so the sums are exact in any order."""
    shared = 0.0
    for k, v in a.items():
        if k in b:
            shared += min(v, b[k])
    if not shared:
        return 0.0
    return shared / (sum(a.values()) + sum(b.values()) - shared)


def _concept_term(name: str) -> str:
    """A concept as an index term ("@" cannot begin a folded word)."""
    return f"@{name}"


def _offer(found: dict[str, float], term: str, weight: float) -> None:
    if weight > found.get(term, 0.0):
        found[term] = weight


class KnowledgeBase:
    """Articles in, ranked matches out; ``upsert`` and ``remove`` keep the index current
    without a rebuild, and a search afterwards gives exactly what a rebuild would."""

    def __init__(
        self,
        articles: Iterable[Article] = (),
        settings: MatcherSettings | None = None,
        *,
        memo_size: int = 0,
        lexicon: Lexicon | None = None,
    ) -> None:
        """``memo_size``: remember the results of that many recent searches (shoppers ask the
        same few questions again and again); any change to the articles forgets them all.
        ``lexicon``: what shoppers' words mean (see :mod:`knowledge_base.lexicon`)."""
        self.settings = settings or MatcherSettings()
        self.lexicon = lexicon
        self._indexes: dict[Lang, _LanguageIndex] = {
            lang: _LanguageIndex(lang, self.settings, lexicon) for lang in LANGS
        }
        self._memo_size = memo_size
        self._memo: OrderedDict[tuple[str, Lang | None, int], tuple[Match, ...]] = OrderedDict()
        for article in articles:
            self.upsert(article)

    def __len__(self) -> int:
        return sum(len(i.docs) for i in self._indexes.values())

    def upsert(self, article: Article) -> None:
        """Add or replace one article; a disabled article is taken out of the index."""
        self._memo.clear()
        index = self._indexes[article.lang]
        index.remove(article.slug)
        if article.enabled:
            index.add(article)

    def remove(self, slug: str, lang: Lang) -> None:
        self._memo.clear()
        self._indexes[lang].remove(slug)

    def forget_searches(self) -> None:
        """Drop the remembered searches: their keys are shoppers' own words (after a GDPR
        erase, none of them may stay, not even in memory)."""
        self._memo.clear()

    def remembered_searches(self) -> list[str]:
        """The texts of the searches remembered now (oldest first)."""
        return [query for query, _, _ in self._memo]

    def article(self, slug: str, lang: Lang) -> Article | None:
        doc = self._indexes[lang].docs.get(slug)
        return doc.article if doc else None

    def articles(self) -> list[Article]:
        return [d.article for i in self._indexes.values() for d in i.docs.values()]

    def detect_language(self, text: str, default: Lang = "de") -> Lang:
        """Stop words first; when they do not decide, whichever index knows more words."""
        guess = detect_language(text, default="de")
        if guess != detect_language(text, default="en"):  # undecided by stop words
            known = {
                lang: sum(index.knows(w) for w in words(text))
                for lang, index in self._indexes.items()
            }
            if known["de"] != known["en"]:
                return "de" if known["de"] > known["en"] else "en"
            return default
        return guess

    def search(self, query: str, lang: Lang | None = None, limit: int = 3) -> list[Match]:
        """Best articles first, at most ``limit``; in ``lang`` only, or in both languages."""
        if limit <= 0:
            return []
        key = (query, lang, limit)
        remembered = self._memo.get(key)
        if remembered is not None:
            self._memo.move_to_end(key)
            return list(remembered)
        found = self._search(query, lang, limit)
        if self._memo_size > 0:
            self._memo[key] = tuple(found)
            if len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return found

    def _search(self, query: str, lang: Lang | None, limit: int) -> list[Match]:
        langs = (lang,) if lang else LANGS
        found: list[Match] = []
        reading = self.lexicon.read(words(query)) if self.lexicon is not None else None
        if reading is not None and reading.guarded:
            return []  # an instruction to the assistant, not a question to the FAQ
        for code in langs:
            index = self._indexes[code]
            analysed = index.analyse_query(query, reading)
            if analysed is not None:
                found.extend(index.search(analysed, limit))
        found.sort(key=lambda m: (-m.score, m.slug, m.lang))
        return found[:limit]
