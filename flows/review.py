"""Reading a shopper's answers to a review request: the stars ("4", "4 Sterne", "★★★★",
"4/5", "vier"), "skip", and whether a message after the text prompt is a question (then it
is answered, not swallowed as the review's text). Pure, like the rest of ``flows``."""

from __future__ import annotations

import re

from flows.intents import detect_intent
from flows.text import fold_without_accents

MIN_STARS, MAX_STARS = 1, 5
#: The longest review text kept (a short review, not a letter).
MAX_REVIEW_CHARS = 1000

_NUMBER_WORDS = {
    "eins": 1,
    "einen": 1,
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fuenf": 5,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
}
_STAR_WORDS = ("sterne", "stern", "stars", "star", "punkte", "von 5", "out of 5", "of 5")
_RATING = re.compile(r"^(?P<n>[1-5]|[a-z]+)(?: (?:" + "|".join(_STAR_WORDS) + r"))?(?: 5)?$")
_SKIP = frozenset(
    {
        "ueberspringen",
        "skip",
        "nein",
        "nein danke",
        "lieber nicht",
        "kein kommentar",
        "no",
        "no thanks",
        "no thank you",
        "nothing",
        "nichts",
        "passt",
    }
)
_QUESTION_START = re.compile(
    r"^(wie|was|wann|wo|wohin|woher|warum|wieso|weshalb|welche[rsmn]?|wer|kann ich|koennen sie"
    r"|koennt ihr|gibt es|habt ihr|haben sie|ist es moeglich|how|what|when|where|why|which|who"
    r"|can i|can you|could you|do you|does|is there|are there)\b"
)


def parse_rating(text: str) -> int | None:
    """The stars in ``text`` when the whole message is a rating, else ``None``."""
    stripped = text.strip()
    if stripped and set(stripped) <= {"★", "☆", " "}:
        stars = stripped.count("★")
        return stars if MIN_STARS <= stars <= MAX_STARS else None
    folded = fold_without_accents(stripped)
    match = _RATING.match(folded)
    if match is None:
        return None
    word = match.group("n")
    number = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    return number if number is not None and MIN_STARS <= number <= MAX_STARS else None


def is_skip(text: str) -> bool:
    return fold_without_accents(text) in _SKIP


def looks_like_question(text: str) -> bool:
    """A question or a request for something else (checkout, order status): the review
    prompt lets it through to be answered."""
    if "?" in text or detect_intent(text) is not None:
        return True
    return _QUESTION_START.match(fold_without_accents(text)) is not None


def review_text(text: str) -> str:
    """The shopper's words as kept: trimmed, at most :data:`MAX_REVIEW_CHARS`."""
    return text.strip()[:MAX_REVIEW_CHARS]
