"""The shop lexicon: what shoppers' words mean, as concepts shared by German and English.

A concept ("instalments", "damaged") is a set of entries in both languages: single words
("Raten", "monatlich", "financing") and entries of several words ("mehrere Monate", "send
back") that match when all their words occur in a question, in any order. Words are compared by
their lemma's stem, so "zurückgeschickt" meets "zurückschicken" and "Retouren" meets "Retoure";
German compounds also match by their parts ("Rücksendekosten" has "Kosten"). A question's words
are looked up in both languages' entries, so "can I send it back kostenlos" finds "return" and
"free". Articles and questions both get their concepts as extra terms of the index, which is how
a question meets an article it shares no word with.

Two more word lists: *filler* words say nothing about the topic ("halt", "eigentlich",
"just"), so an article need not contain them; *guard* entries mark instructions to the assistant
rather than questions ("ignore all previous instructions", "act as the admin"), which get no
article at all. The data comes from the caller (a shipped JSON file plus a shop's own entries);
lemmas and compound parts from a :class:`Morphology` the caller passes in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from knowledge_base.articles import LANGS, Lang
from knowledge_base.normalize import STOP_WORDS, stem, words
from knowledge_base.vocabulary import Vocabulary

#: Words shorter than this are not typo-corrected against the lexicon.
MIN_CORRECTION_LEN = 6
#: How strongly a weak entry ("~zeit") names its concept.
WEAK = 0.25


class Morphology(Protocol):
    """Lemmas and compound parts of folded words (lower case, umlauts spelled out)."""

    def lemma(self, word: str, lang: Lang) -> str | None:
        """The word's lemma, folded; ``None`` for a word the dictionary does not know."""
        ...

    def parts(self, word: str) -> tuple[str, ...]:
        """A German compound's parts, head last ("ruecksendekosten" -> ("ruecksend",
        "kosten")); ``()`` for a word that is not a compound."""
        ...


class PlainMorphology:
    """No lemmas and no compounds: words are compared by their stem alone."""

    def lemma(self, word: str, lang: Lang) -> str | None:
        return None

    def parts(self, word: str) -> tuple[str, ...]:
        return ()


ConceptData = Mapping[str, Mapping[str, Sequence[str]]]
WordLists = Mapping[str, Sequence[str]]


@dataclass(frozen=True, slots=True)
class Reading:
    """What the lexicon makes of a question's words: per word, the concepts it takes part in."""

    #: Per word: concept -> how strongly the word names it (1, or :data:`WEAK` for entries
    #: written with a leading "~": words that only hint at a concept, like "Zeit").
    concepts: tuple[Mapping[str, float], ...]
    filler: tuple[bool, ...]
    guarded: bool = False

    def all_concepts(self) -> frozenset[str]:
        return frozenset(name for found in self.concepts for name in found)


@dataclass(slots=True)
class _Entries:
    """The entries of one language, keyed by stems: single words, and entries of several
    words filed under their longest word."""

    single: dict[str, dict[str, float]] = field(default_factory=dict)
    multi: dict[str, list[tuple[frozenset[str], str, float]]] = field(default_factory=dict)


class Lexicon:
    def __init__(
        self,
        concepts: ConceptData,
        filler: WordLists | None = None,
        guard: WordLists | None = None,
        morphology: Morphology | None = None,
    ) -> None:
        self._morphology = morphology or PlainMorphology()
        self._key = lru_cache(maxsize=65_536)(self._key_uncached)
        self._word_keys = lru_cache(maxsize=65_536)(self._word_keys_uncached)
        self._corrected = lru_cache(maxsize=65_536)(self._corrected_uncached)
        self._entries: dict[Lang, _Entries] = {lang: _Entries() for lang in LANGS}
        #: Guard entries match as written (folded), word for word and in order; by first word.
        self._guard: dict[str, list[tuple[str, ...]]] = {}
        for lang in LANGS:
            for entry in (guard or {}).get(lang, ()):
                if folded := tuple(words(entry)):
                    self._guard.setdefault(folded[0], []).append(folded[1:])
        self._spelling = Vocabulary(compounds=False)
        self._surface: dict[str, set[Lang]] = {}
        self.size = 0
        for name, by_lang in concepts.items():
            for lang in LANGS:
                for entry in by_lang.get(lang, ()):
                    self._add(self._entries[lang], entry, lang, name)
                    self.size += 1
        self._filler = frozenset(
            w for lang in LANGS for e in (filler or {}).get(lang, ()) for w in words(e)
        )

    def _add(self, entries: _Entries, entry: str, lang: Lang, name: str) -> None:
        strength = WEAK if entry.startswith("~") else 1.0
        folded = words(entry)
        if not folded:
            return
        keys = [self._key(w, lang) for w in folded]
        if len(keys) == 1:
            known = entries.single.setdefault(keys[0], {})
            known[name] = max(known.get(name, 0.0), strength)
            if entries is self._entries[lang] and folded[0].isalpha():
                self._spelling.add(folded[0])
                self._surface.setdefault(folded[0], set()).add(lang)
        else:
            # Filed under the longest word: rarer than "not" or "how", fewer entries to check.
            entries.multi.setdefault(max(keys, key=len), []).append(
                (frozenset(keys), name, strength)
            )

    def _key_uncached(self, word: str, lang: Lang) -> str:
        """A known word's lemma (the stemmer would make "ändern" and "anders" one), else its
        stem."""
        lemma = self._morphology.lemma(word, lang)
        return f"={lemma}" if lemma is not None else stem(word, lang)

    def read(self, typed: Sequence[str], *, correct: bool = True) -> Reading:
        """The concepts of each word of a folded question (as :func:`words` gives it);
        ``correct``: look a word with no concept up as a typo of a lexicon word."""
        found: list[dict[str, float]] = [{} for _ in typed]
        for lang in LANGS:
            self._match(self._entries[lang], self._keys(typed, lang), found)
        guarded = self._guarded(typed)
        for i, word in enumerate(typed):
            if (
                correct
                and not found[i]
                and len(word) >= MIN_CORRECTION_LEN
                and word not in self._surface
            ):
                found[i] = dict(self._corrected(word))
        filler = tuple(w in self._filler for w in typed)
        return Reading(tuple(found), filler, guarded)

    def _guarded(self, typed: Sequence[str]) -> bool:
        for i, word in enumerate(typed):
            for rest in self._guard.get(word, ()):
                if tuple(typed[i + 1 : i + 1 + len(rest)]) == rest:
                    return True
        return False

    def concepts(self, text: str) -> frozenset[str]:
        """Every concept a text (an article's question, phrasing or answer) names."""
        return self.read(words(text), correct=False).all_concepts()

    def _keys(self, typed: Sequence[str], lang: Lang) -> list[frozenset[str]]:
        return [self._word_keys(word, lang) for word in typed]

    def _word_keys_uncached(self, word: str, lang: Lang) -> frozenset[str]:
        """The keys a word can be found by: its own, and its compound parts' (German)."""
        if word in STOP_WORDS["en" if lang == "de" else "de"]:
            return frozenset()  # "and" is no German "ändern"
        own = self._key(word, lang)
        if lang == "de" and own not in self._entries[lang].single:
            return frozenset({own, *(self._key(p, lang) for p in self._morphology.parts(word))})
        return frozenset({own})

    @staticmethod
    def _match(
        entries: _Entries, keys: list[frozenset[str]], found: list[dict[str, float]]
    ) -> None:
        """Entries of several words first: a word they take part in means what they mean
        ("auf Rechnung" is a way to pay, not the document)."""
        present: dict[str, list[int]] = {}
        for i, word_keys in enumerate(keys):
            for key in word_keys:
                present.setdefault(key, []).append(i)
        in_phrase: set[int] = set()
        for key in present:
            for needed, name, strength in entries.multi.get(key, ()):
                if all(k in present for k in needed):
                    for k in needed:
                        for i in present[k]:
                            _note(found[i], name, strength)
                            in_phrase.add(i)
        for i, word_keys in enumerate(keys):
            if i not in in_phrase:
                for key in word_keys:
                    for name, strength in entries.single.get(key, {}).items():
                        _note(found[i], name, strength)

    def _corrected_uncached(self, word: str) -> dict[str, float]:
        """The concepts of the lexicon word a typo most likely stands for ("kostnlos")."""
        out: dict[str, float] = {}
        for known, _ in self._spelling.corrections(word, limit=1):
            for lang in self._surface.get(known, ()):
                for name, strength in (
                    self._entries[lang].single.get(self._key(known, lang), {}).items()
                ):
                    _note(out, name, strength)
        return out


def _note(found: dict[str, float], name: str, strength: float) -> None:
    if strength > found.get(name, 0.0):
        found[name] = strength


def merge(*parts: ConceptData) -> dict[str, dict[str, list[str]]]:
    """Concept data from several sources (the shipped lexicon, a shop's own entries), the
    entries of one concept joined."""
    out: dict[str, dict[str, list[str]]] = {}
    for part in parts:
        for name, by_lang in part.items():
            target = out.setdefault(name, {})
            for lang, entries in by_lang.items():
                target.setdefault(lang, []).extend(_strings(entries))
    return out


def _strings(entries: Iterable[object]) -> list[str]:
    return [e for e in entries if isinstance(e, str)]
