"""The live knowledge base of each shop: built from the stored articles once, then kept in
memory and searched without touching the database."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from assistant.storage.engine import Sessions
from assistant.storage.models import Article as ArticleRow
from knowledge_base import Article, KnowledgeBase


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
                select(ArticleRow).where(ArticleRow.shop_id == shop_id).order_by(ArticleRow.id)
            )
        ).all()
    return [to_article(r) for r in rows]


class KnowledgeService:
    def __init__(self, sessions: Sessions) -> None:
        self._sessions = sessions
        self._indexes: dict[str, KnowledgeBase] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def get(self, shop_id: str) -> KnowledgeBase:
        kb = self._indexes.get(shop_id)
        if kb is not None:
            return kb
        lock = self._locks.setdefault(shop_id, asyncio.Lock())
        async with lock:
            kb = self._indexes.get(shop_id)
            if kb is None:
                kb = await self._build(shop_id)
                self._indexes[shop_id] = kb
        return kb

    async def reload(self, shop_id: str) -> KnowledgeBase:
        kb = await self._build(shop_id)
        self._indexes[shop_id] = kb
        return kb

    async def _build(self, shop_id: str) -> KnowledgeBase:
        articles = await load_articles(self._sessions, shop_id)
        # Building normalises every phrasing: CPU work that must not stall the event loop.
        return await asyncio.get_running_loop().run_in_executor(None, KnowledgeBase, articles)
