"""The shop lexicon the FAQ matcher uses (:mod:`knowledge_base.lexicon`): the shipped data file
``assistant/data/lexicon.json``, a shop's own entries from its settings
(``{"faq": {"lexicon": {"concept": {"de": [...], "en": [...]}}}}``), and German and English
lemmas and German compound parts from simplemma's dictionaries.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import tempfile
import threading
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory
from simplemma.utils import normalize_token

from knowledge_base import Lang
from knowledge_base.lexicon import Lexicon, merge
from knowledge_base.normalize import fold

log = logging.getLogger(__name__)

LEXICON_FILE = Path(__file__).parent / "data" / "lexicon.json"
#: Linking elements between the parts of a German compound ("Zahlung-s-art", "Karte-n-zahlung").
_LINKS = ("", "s", "es", "n", "en", "e", "er")
_MIN_PART = 4
_UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))


class SimplemmaMorphology:
    """Lemmas from simplemma (which needs the umlauts that :func:`fold` spelled out, so the
    spellings are tried back), and German compounds split into dictionary words."""

    def lemma(self, word: str, lang: Lang) -> str | None:
        return _lemma(word, lang)

    def parts(self, word: str) -> tuple[str, ...]:
        return _parts(word)


def _spellings(word: str) -> list[str]:
    """The word as typed, then with umlauts and ß put back ("rueckgabe" -> "rückgabe")."""
    spots = [(i, pair) for pair in _UMLAUTS for i in _find_all(word, pair[0])]
    if not spots or len(spots) > 4:
        return [word]
    out = [word]
    for chosen in itertools.chain.from_iterable(
        itertools.combinations(spots, n) for n in range(1, len(spots) + 1)
    ):
        text = word
        for i, (plain, umlaut) in sorted(chosen, reverse=True):
            text = text[:i] + umlaut + text[i + len(plain) :]
        out.append(text)
    return out


def _find_all(word: str, part: str) -> list[int]:
    return [i for i in range(len(word) - len(part) + 1) if word.startswith(part, i)]


class _SharedTrieFactory(TrieDictionaryFactory):
    """simplemma's dictionaries as MARISA tries cached on disk: decoding its compressed
    German and English word lists takes seconds in every process (each server start, each CLI
    command); loading the cached tries takes milliseconds. The first process writes them, to
    a temporary file renamed into place, so processes starting together never read half a
    file."""

    def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self._cache_dir, prefix=f".{lang}.", suffix=".tmp")
        os.close(fd)
        try:
            trie.save(tmp)
            os.chmod(tmp, 0o644)  # like any cache file (mkstemp makes it private)
            os.replace(tmp, self._cache_dir / f"{lang}.dic")
        finally:
            Path(tmp).unlink(missing_ok=True)


@cache
def _simplemma() -> tuple[Lemmatizer, DictionaryLookupStrategy]:
    factory = _SharedTrieFactory()  # in the user's cache directory (platformdirs)
    return (
        Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)),
        DictionaryLookupStrategy(factory),
    )


@lru_cache(maxsize=262_144)
def _lemma(word: str, lang: Lang) -> str | None:
    if not word.isalpha():
        return None
    lemmatizer, lookup = _simplemma()
    for spelling in _spellings(word) if lang == "de" else [word]:
        if lookup.get_lemma(normalize_token(spelling), lang) is not None:
            return fold(lemmatizer.lemmatize(spelling, lang=lang))
    return None


@lru_cache(maxsize=262_144)
def _known(word: str) -> bool:
    return len(word) >= _MIN_PART and any(
        _simplemma()[1].get_lemma(normalize_token(s), "de") is not None for s in _spellings(word)
    )


@lru_cache(maxsize=262_144)
def _parts(word: str) -> tuple[str, ...]:
    if len(word) < 2 * _MIN_PART or not word.isalpha():
        return ()
    return tuple(_split(word, depth=0) or ())


def _split(word: str, depth: int) -> list[str] | None:
    """The longest known head whose rest (less a linking element) is a word or splits again."""
    for start in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head = word[start:]
        if not _known(head):
            continue
        left = word[:start]
        for link in _LINKS:
            if link and not left.endswith(link):
                continue
            modifier = left[: len(left) - len(link)]
            if len(modifier) < _MIN_PART:
                continue
            if _known(modifier):
                return [modifier, head]
            if depth < 2 and (more := _split(modifier, depth + 1)):
                return [*more, head]
    return None


@lru_cache(maxsize=1)
def shipped_lexicon_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    return data


def build_lexicon(extra: Any = None) -> Lexicon:
    """The shipped lexicon, plus a shop's own concepts (``extra``; ignored with a warning when
    it is not of the documented shape)."""
    data = shipped_lexicon_data()
    concepts = data["concepts"]
    if extra:
        if _valid(extra):
            concepts = merge(concepts, extra)
        else:
            log.warning("ignoring a shop lexicon that is not {concept: {de: [...], en: [...]}}")
    return Lexicon(
        concepts, data.get("filler"), data.get("guard"), morphology=SimplemmaMorphology()
    )


_BUILDING = threading.Lock()


def default_lexicon() -> Lexicon:
    """The shipped lexicon alone, built once per process (every shop without entries of its
    own shares it); index builds in several threads wait for the one that builds it."""
    with _BUILDING:
        return _default_lexicon()


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return build_lexicon()


def _valid(extra: Any) -> bool:
    return isinstance(extra, dict) and all(
        isinstance(name, str)
        and isinstance(by_lang, dict)
        and all(
            lang in ("de", "en") and isinstance(entries, list) for lang, entries in by_lang.items()
        )
        for name, by_lang in extra.items()
    )
