"""Text normalisation shared by the index and queries, for German and English.

Two layers: :func:`fold` (NFKC, casefold, umlauts spelled out, punctuation gone) is idempotent
and never raises; :func:`analyse` folds, splits into words and stems each word with the
language's Snowball stemmer (PyStemmer), keeping stop words, which tell intents apart
("how do I" vs "why did").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer

from knowledge_base.articles import Lang

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

STOP_WORDS: dict[Lang, frozenset[str]] = {
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "den",
            "dem",
            "des",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "eines",
            "und",
            "oder",
            "ich",
            "du",
            "sie",
            "es",
            "wir",
            "ihr",
            "mein",
            "meine",
            "meinen",
            "meinem",
            "meiner",
            "ist",
            "sind",
            "bin",
            "war",
            "waren",
            "wird",
            "werden",
            "kann",
            "koennen",
            "muss",
            "habe",
            "hast",
            "hat",
            "haben",
            "zu",
            "zur",
            "zum",
            "im",
            "in",
            "am",
            "an",
            "auf",
            "aus",
            "bei",
            "mit",
            "von",
            "vom",
            "fuer",
            "ueber",
            "um",
            "wie",
            "was",
            "wo",
            "wer",
            "wann",
            "welche",
            "welcher",
            "welches",
            "bitte",
            "mal",
            "doch",
            "noch",
            "schon",
            "auch",
            "nur",
            "ja",
            "nein",
            "nicht",
            "kein",
            "keine",
            "man",
            "sich",
            "mir",
            "mich",
            "dass",
            "wenn",
            "ob",
            "ihr",
            "ihre",
            "ihnen",
            "euch",
            "eure",
            "gibt",
            "es",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "a",
            "an",
            "and",
            "or",
            "i",
            "you",
            "he",
            "she",
            "it",
            "we",
            "they",
            "my",
            "your",
            "is",
            "are",
            "am",
            "was",
            "were",
            "be",
            "been",
            "do",
            "does",
            "did",
            "can",
            "could",
            "would",
            "should",
            "will",
            "have",
            "has",
            "had",
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "with",
            "from",
            "by",
            "about",
            "how",
            "what",
            "where",
            "who",
            "when",
            "which",
            "please",
            "me",
            "there",
            "this",
            "that",
            "if",
            "its",
            "not",
            "no",
            "any",
            "some",
        ]
    ),
}


def fold(text: str) -> str:
    """NFKC, casefold and umlauts spelled out: "Größe!" and "groesse" become the same. Other
    accents stay (the stemmers and the lemma lexicon know "café", not "cafe"), unlike
    ``flows.text.fold_without_accents``, which compares shopper input with a flow's choices."""
    if text.isascii():  # the common case, and NFKC and casefold change nothing else there
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    spelled = spell_umlauts(text.casefold())
    if spelled.isascii():  # German text: NFKC changes nothing that casefolds to ASCII
        return " ".join(spelled.translate(_ASCII_NON_WORD).split())
    text = unicodedata.normalize("NFKC", text).casefold()
    # Casefolding can produce new combining forms, so normalise once more before mapping.
    text = spell_umlauts(unicodedata.normalize("NFKC", text))
    return " ".join(_NON_WORD.sub(" ", text).split())


def spell_umlauts(text: str) -> str:
    """Umlauts and ß spelled out ("ä" -> "ae", "ß" -> "ss"): what ``str.translate`` with
    ``_UMLAUTS`` does, several times faster for text that is not ASCII."""
    return text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


#: ``_NON_WORD`` for ASCII text, as a table: every character that is not a letter or a digit
#: becomes a space.
_ASCII_NON_WORD = str.maketrans({chr(i): " " for i in range(128) if _NON_WORD.match(chr(i))})


def words(text: str) -> list[str]:
    return fold(text).split()


_STEMMERS: dict[Lang, Stemmer.Stemmer] = {}
_STEM_LOCK = threading.Lock()  # PyStemmer objects are not thread-safe (index builds run in pools)
_ALGORITHMS: dict[Lang, str] = {"de": "german", "en": "english"}


@lru_cache(maxsize=262_144)
def stem(word: str, lang: Lang) -> str:
    """The Snowball stem of a folded word ("lieferungen" -> "liefer")."""
    with _STEM_LOCK:
        stemmer = _STEMMERS.get(lang)
        if stemmer is None:
            stemmer = _STEMMERS[lang] = Stemmer.Stemmer(_ALGORITHMS[lang])
        result: str = stemmer.stemWord(word)
    return result or word


def analyse(text: str, lang: Lang) -> list[str]:
    """Stems in text order, stop words included."""
    return [stem(w, lang) for w in words(text)]


def normalise(text: str, lang: Lang = "de") -> str:
    """A phrasing as the fuzzy scorers see it: its stems, sorted, so word order does not count."""
    return " ".join(sorted(analyse(text, lang)))
