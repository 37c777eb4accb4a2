"""The fuzzy index over articles: every question and phrasing, normalised once at build time,
scored against the normalised query with rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from knowledge_base.articles import Article, Lang
from knowledge_base.normalize import normalise


@dataclass(frozen=True, slots=True)
class Match:
    slug: str
    lang: Lang
    score: float  # 0..1
    phrasing: str

    @property
    def key(self) -> tuple[str, Lang]:
        return (self.slug, self.lang)


def _score(query: str, choice: str, *, score_cutoff: float = 0.0, **_: object) -> float:
    # token_sort penalises extra words that token_set would forgive; the mean of the two keeps
    # "Versand Österreich" close to "Wie lange dauert der Versand nach Österreich" without
    # letting a one-word query tie with everything that contains that word.
    s = (fuzz.token_sort_ratio(query, choice) + fuzz.token_set_ratio(query, choice)) / 2
    return s if s >= score_cutoff else 0.0


class KnowledgeBase:
    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles: dict[tuple[str, Lang], Article] = {}
        for article in articles:
            if article.enabled:
                self._articles[article.key] = article
        self._choices: list[str] = []
        self._owners: list[tuple[tuple[str, Lang], str]] = []
        for key, article in self._articles.items():
            for text in article.texts():
                self._choices.append(normalise(text))
                self._owners.append((key, text))

    def __len__(self) -> int:
        return len(self._articles)

    def article(self, slug: str, lang: Lang) -> Article | None:
        return self._articles.get((slug, lang))

    def articles(self) -> list[Article]:
        return list(self._articles.values())

    def search(self, query: str, lang: Lang | None = None, limit: int = 3) -> list[Match]:
        q = normalise(query)
        if not q or not self._choices:
            return []
        hits = process.extract(
            q, self._choices, scorer=_score, processor=None, limit=None, score_cutoff=30
        )
        best: dict[tuple[str, Lang], Match] = {}
        for _choice, score, idx in hits:
            key, text = self._owners[idx]
            if lang is not None and key[1] != lang:
                continue
            if key not in best or score / 100 > best[key].score:
                best[key] = Match(key[0], key[1], round(score / 100, 4), text)
        return sorted(best.values(), key=lambda m: (-m.score, m.slug))[:limit]
