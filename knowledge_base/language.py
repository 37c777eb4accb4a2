"""Guess whether a short question is German or English when the page does not say."""

from __future__ import annotations

from knowledge_base.articles import Lang
from knowledge_base.normalize import fold

#: Words that say the language on their own. Words of both languages ("an": "rufen Sie an",
#: "an order") are left out: they would outvote the page's language on a German question.
_DE = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "ist",
        "wie",
        "wo",
        "was",
        "wann",
        "ich",
        "sie",
        "nicht",
        "mit",
        "fuer",
        "versand",
        "bestellung",
        "kann",
        "meine",
        "mein",
        "ein",
        "eine",
        "bitte",
        "lieferung",
        "rueckgabe",
        "zahlung",
        "dauert",
        "gibt",
        "haben",
        "habt",
        "ihr",
        "euch",
        "bietet",
        "auch",
        "bei",
        "oder",
        "noch",
        "zu",
        "auf",
        "wir",
        "du",
        "den",
        "dem",
        "im",
    ]
)
_EN = frozenset(
    [
        "the",
        "and",
        "is",
        "how",
        "where",
        "what",
        "when",
        "i",
        "you",
        "not",
        "with",
        "for",
        "shipping",
        "order",
        "can",
        "my",
        "a",
        "please",
        "delivery",
        "return",
        "payment",
        "does",
        "do",
        "have",
        "take",
        "long",
        "are",
        "your",
        "there",
        "any",
        "to",
        "of",
        "it",
    ]
)


def detect_language(text: str, default: Lang = "de") -> Lang:
    raw = text.casefold()
    if any(ch in raw for ch in "äöüß"):
        return "de"
    words = fold(text).split()
    de = sum(w in _DE for w in words)
    en = sum(w in _EN for w in words)
    if de == en:
        return default
    return "de" if de > en else "en"
