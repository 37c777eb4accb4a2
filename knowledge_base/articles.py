"""Plain, immutable article records: the unit the knowledge base indexes and answers with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["de", "en"]
LANGS: tuple[Lang, ...] = ("de", "en")


@dataclass(frozen=True, slots=True)
class Article:
    """One FAQ article in one language; the same ``slug`` in both languages is one topic."""

    slug: str
    lang: Lang
    question: str
    answer: str
    phrasings: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    product: str | None = None
    category: str | None = None
    enabled: bool = True

    @property
    def key(self) -> tuple[str, Lang]:
        return (self.slug, self.lang)

    def texts(self) -> tuple[str, ...]:
        """Everything a shopper might type for this article: the question, then its phrasings."""
        return (self.question, *self.phrasings)
