"""What the console's knowledge-base list shows: a shop's articles grouped by topic (the same
id in German and English), filtered by text, language and enabled state. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from knowledge_base import Article, Lang
from knowledge_base.articles import LANGS
from knowledge_base.normalize import fold

STATES = ("all", "enabled", "disabled")
MAX_SEARCH = 200


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    text: str = ""
    lang: Lang | None = None
    state: str = "all"

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ArticleFilter:
        """Anything unknown falls back to "everything" rather than an error page."""
        lang = query.get("lang", "")
        state = query.get("state", "all")
        return cls(
            text=" ".join(query.get("search", "").split())[:MAX_SEARCH],
            lang="de" if lang == "de" else "en" if lang == "en" else None,
            state=state if state in STATES else "all",
        )

    @property
    def active(self) -> bool:
        return bool(self.text or self.lang or self.state != "all")

    def matches(self, article: Article) -> bool:
        if self.lang is not None and article.lang != self.lang:
            return False
        if self.state != "all" and article.enabled != (self.state == "enabled"):
            return False
        if not self.text:
            return True
        wanted = fold(self.text)
        haystack = fold(" ".join((article.slug, *article.texts(), article.answer, *article.tags)))
        return all(word in haystack for word in wanted.split())


@dataclass(frozen=True, slots=True)
class TopicView:
    slug: str
    #: The topic's articles that match the filter, German first.
    articles: tuple[Article, ...]
    #: Languages the topic has no article in at all (an editor may add them).
    missing: tuple[Lang, ...]

    def get(self, lang: str) -> Article | None:
        return next((a for a in self.articles if a.lang == lang), None)


def topics(articles: Iterable[Article], wanted: ArticleFilter = ArticleFilter()) -> list[TopicView]:
    """Topics in order of their id; a topic is listed when one of its articles matches."""
    by_slug: dict[str, dict[Lang, Article]] = {}
    for article in articles:
        by_slug.setdefault(article.slug, {})[article.lang] = article
    out = []
    for slug in sorted(by_slug, key=str.casefold):
        present = by_slug[slug]
        shown = tuple(
            present[lang] for lang in LANGS if lang in present and wanted.matches(present[lang])
        )
        if shown:
            missing = tuple(lang for lang in LANGS if lang not in present)
            out.append(TopicView(slug, shown, missing))
    return out
