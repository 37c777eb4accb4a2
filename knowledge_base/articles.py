"""Plain, immutable article records: the unit the knowledge base indexes and answers with."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic written once with both languages side by side (how demo content is authored)."""

    slug: str
    de: dict[str, object] = field(default_factory=dict)
    en: dict[str, object] = field(default_factory=dict)
    tags: tuple[str, ...] = ()

    def articles(self) -> list[Article]:
        out: list[Article] = []
        for lang in LANGS:
            part = self.de if lang == "de" else self.en
            if not part:
                continue
            out.append(
                Article(
                    slug=self.slug,
                    lang=lang,
                    question=str(part["question"]),
                    answer=str(part["answer"]),
                    phrasings=tuple(str(p) for p in part.get("phrasings", ())),  # type: ignore[attr-defined]
                    tags=self.tags,
                )
            )
        return out
