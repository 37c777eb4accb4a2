"""The live knowledge base of each shop: built from the stored articles once, kept in memory,
searched without touching the database, and updated in place when an article changes."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from sqlmodel import col, select

from assistant.faq.lexicon import build_lexicon, default_lexicon
from assistant.shop.directory import ShopInfo
from assistant.storage.engine import Sessions
from assistant.storage.models import Article as ArticleRow
from assistant.storage.models import Shop
from knowledge_base import Article, KnowledgeBase, Lang, Thresholds
from knowledge_base.lexicon import Lexicon

log = logging.getLogger(__name__)
#: Recent searches each shop's index remembers: shoppers ask the same questions again and again.
MEMO_SIZE = 4096


def to_article(row: ArticleRow) -> Article:
    return Article(
        slug=row.slug,
        lang="en" if row.lang == "en" else "de",
        question=row.question,
        answer=row.answer,
        phrasings=tuple(row.phrasings),
        tags=tuple(row.tags),
        product=row.product_sku,
        category=row.category,
        enabled=row.enabled,
    )


async def load_articles(sessions: Sessions, shop_id: str) -> list[Article]:
    async with sessions() as session:
        rows = (
            await session.exec(
                select(ArticleRow).where(ArticleRow.shop_id == shop_id).order_by(col(ArticleRow.id))
            )
        ).all()
    return [to_article(r) for r in rows]


async def load_article(sessions: Sessions, shop_id: str, slug: str, lang: str) -> Article | None:
    async with sessions() as session:
        row = (
            await session.exec(
                select(ArticleRow).where(
                    ArticleRow.shop_id == shop_id, ArticleRow.slug == slug, ArticleRow.lang == lang
                )
            )
        ).first()
    return to_article(row) if row is not None else None


def shop_lexicon(settings: dict[str, Any]) -> Lexicon:
    """The shipped lexicon plus the shop's own concepts (settings ``{"faq": {"lexicon":
    {"concept": {"de": [...], "en": [...]}}}}``, see docs/faq.md)."""
    faq: Any = settings.get("faq")
    extra = faq.get("lexicon") if isinstance(faq, dict) else None
    return build_lexicon(extra) if extra else default_lexicon()


async def load_shop_lexicon(sessions: Sessions, shop_id: str) -> Lexicon:
    async with sessions() as session:
        shop = await session.get(Shop, shop_id)
    return shop_lexicon(dict(shop.settings) if shop is not None else {})


def build_index(articles: list[Article], lexicon: Lexicon, memo_size: int = 0) -> KnowledgeBase:
    """The one way a shop's index is built (the service, the CLI and the benchmark)."""
    return KnowledgeBase(articles, memo_size=memo_size, lexicon=lexicon)


def shop_thresholds(shop: ShopInfo, default: Thresholds) -> Thresholds:
    """The shop's own thresholds (settings ``{"faq": {"answer": .., "suggest": ..}}``), else
    ``default``; unusable settings are logged and ignored rather than breaking the chat."""
    faq: Any = shop.settings.get("faq")
    if not isinstance(faq, dict):
        return default
    try:
        return Thresholds(
            answer=float(faq.get("answer", default.answer)),
            suggest=float(faq.get("suggest", default.suggest)),
        )
    except (TypeError, ValueError):
        log.warning("ignoring bad FAQ thresholds in shop settings", extra={"shop_id": shop.id})
        return default


class KnowledgeService:
    def __init__(self, sessions: Sessions, thresholds: Thresholds | None = None) -> None:
        self._sessions = sessions
        self._indexes: dict[str, KnowledgeBase] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self.thresholds = thresholds or Thresholds()

    async def prepare(self) -> None:
        """Load the lexicon and its dictionaries (seconds of CPU work) before the first
        question, off the event loop, so no shopper waits for it."""
        await asyncio.get_running_loop().run_in_executor(None, default_lexicon)

    def thresholds_for(self, shop: ShopInfo) -> Thresholds:
        return shop_thresholds(shop, self.thresholds)

    async def get(self, shop_id: str) -> KnowledgeBase:
        kb = self._indexes.get(shop_id)
        if kb is not None:
            return kb
        async with self._lock(shop_id):
            kb = self._indexes.get(shop_id)
            if kb is None:
                kb = await self._build(shop_id)
                self._indexes[shop_id] = kb
        return kb

    async def reload(self, shop_id: str) -> KnowledgeBase:
        async with self._lock(shop_id):
            kb = await self._build(shop_id)
            self._indexes[shop_id] = kb
        return kb

    async def upsert(self, shop_id: str, article: Article) -> None:
        """An edited article goes live at once (if the shop's index is loaded; otherwise the
        next :meth:`get` builds it from the database, edit included)."""
        async with self._lock(shop_id):
            kb = self._indexes.get(shop_id)
            if kb is not None:
                kb.upsert(article)

    async def remove(self, shop_id: str, slug: str, lang: Lang) -> None:
        async with self._lock(shop_id):
            kb = self._indexes.get(shop_id)
            if kb is not None:
                kb.remove(slug, lang)

    def forget_searches(self, shop_id: str) -> None:
        """After a GDPR erase: the shop's remembered searches hold shoppers' questions as
        typed; they go (the next searches are computed anew)."""
        kb = self._indexes.get(shop_id)
        if kb is not None:
            kb.forget_searches()

    async def refresh_article(self, shop_id: str, slug: str, lang: Lang) -> None:
        """Someone else changed (or deleted) the article: read it again from the database.
        Nothing to do while the shop's index is not loaded (it is built from the database)."""
        if shop_id not in self._indexes:
            return
        row = await load_article(self._sessions, shop_id, slug, lang)
        if row is None:
            await self.remove(shop_id, slug, lang)
        else:
            await self.upsert(shop_id, row)

    async def refresh(self, shop_id: str | None = None) -> None:
        """Rebuild the loaded index of ``shop_id`` (of every shop without it) from the
        database; questions keep using the old one until the new one is ready."""
        for loaded in [shop_id] if shop_id is not None else list(self._indexes):
            if loaded in self._indexes:
                await self.reload(loaded)

    def _lock(self, shop_id: str) -> asyncio.Lock:
        return self._locks.setdefault(shop_id, asyncio.Lock())

    async def _build(self, shop_id: str) -> KnowledgeBase:
        articles = await load_articles(self._sessions, shop_id)
        lexicon = await load_shop_lexicon(self._sessions, shop_id)
        # Building analyses every phrasing: CPU work that must not stall the event loop.
        build = functools.partial(build_index, articles, lexicon, MEMO_SIZE)
        return await asyncio.get_running_loop().run_in_executor(None, build)
