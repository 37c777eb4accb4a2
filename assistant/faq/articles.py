"""Creating, changing, deleting, importing and exporting a shop's FAQ articles: the one way the
CLI and the agent console edit the knowledge base. Every change is stored first, then
applied to this instance's live index, so the next question already sees it, and then
announced as a ``kb`` event, so the other instances read it again (see
:mod:`assistant.live.cache_sync`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.errors import ArticleNotFound, UnknownShop
from assistant.faq.knowledge import KnowledgeService, load_articles, to_article
from assistant.live.bus import KB_TOPIC, Publisher, kb_event
from assistant.storage.engine import Sessions
from assistant.storage.models import Article as ArticleRow
from assistant.storage.models import Shop
from knowledge_base import Article, Lang
from knowledge_base.transfer import parse_csv, parse_json

Progress = Callable[[int], None]
#: An import changing at most this many articles is announced article by article (other
#: instances update their index in place); a bigger one as one rebuild.
SMALL_IMPORT = 20


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: int
    updated: int
    deleted: int


class UnreadableFile(ValueError):
    """The articles file cannot be read at all (its contents are judged by ``ImportFailed``)."""


def read_articles(path: Path, fmt: str | None = None) -> list[Article]:
    """Articles from a CSV or JSON file (format from the name unless ``fmt`` says), all or
    nothing: what ``shopassist kb import`` reads, and how the demo shop's FAQ is loaded.
    Raises :class:`UnreadableFile`, or ``ImportFailed`` with every problem and where it is."""
    kind = fmt or path.suffix.lstrip(".").lower()
    if kind not in ("csv", "json"):
        raise UnreadableFile(
            f"{path}: cannot tell the format from the name; add --format csv or --format json."
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile(
            f"{path}: not UTF-8 text; save the file as UTF-8 and try again."
        ) from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read the file ({exc.strerror}).") from None
    parse = parse_csv if kind == "csv" else parse_json
    return parse(text, str(path))


def _fill(row: ArticleRow, article: Article) -> None:
    row.question = article.question
    row.phrasings = list(article.phrasings)
    row.answer = article.answer
    row.tags = list(article.tags)
    row.product_sku = article.product
    row.category = article.category
    row.enabled = article.enabled


class ArticleService:
    def __init__(
        self,
        sessions: Sessions,
        knowledge: KnowledgeService | None = None,
        clock: Clock = utc_now,
        *,
        live: Publisher | None = None,
        origin: str | None = None,
    ) -> None:
        """``knowledge`` is this instance's index (none in the CLI); ``live`` tells the others,
        and ``origin`` names this instance, whose index is updated already."""
        self._sessions = sessions
        self._knowledge = knowledge
        self._clock = clock
        self._live = live
        self._origin = origin

    async def list(self, shop_id: str) -> list[Article]:
        return await load_articles(self._sessions, shop_id)

    async def get(self, shop_id: str, slug: str, lang: Lang) -> Article:
        async with self._sessions() as db:
            row = await _row(db, shop_id, slug, lang)
        if row is None:
            raise ArticleNotFound(detail=f"{slug}/{lang}")
        return to_article(row)

    async def save(self, shop_id: str, article: Article) -> Article:
        """Create the article or replace the one with the same id and language."""
        async with self._sessions() as db:
            await _require_shop(db, shop_id)
            row = await _row(db, shop_id, article.slug, article.lang)
            if row is None:
                row = ArticleRow(
                    shop_id=shop_id, slug=article.slug, lang=article.lang, question="", answer=""
                )
            _fill(row, article)
            row.updated_at = self._clock()
            db.add(row)
            await db.commit()
        if self._knowledge is not None:
            await self._knowledge.upsert(shop_id, article)
        await self._announce(shop_id, [(article.slug, article.lang)])
        return article

    async def delete(self, shop_id: str, slug: str, lang: Lang) -> None:
        async with self._sessions() as db:
            row = await _row(db, shop_id, slug, lang)
            if row is None:
                raise ArticleNotFound(detail=f"{slug}/{lang}")
            await db.delete(row)
            await db.commit()
        if self._knowledge is not None:
            await self._knowledge.remove(shop_id, slug, lang)
        await self._announce(shop_id, [(slug, lang)])

    async def import_articles(
        self,
        shop_id: str,
        articles: Sequence[Article],
        *,
        replace: bool = False,
        keep_existing: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """All or nothing, in one transaction. ``replace`` also deletes the shop's articles
        that the import does not contain; ``keep_existing`` adds only articles the shop does
        not have yet (an owner's edits of the starter FAQ survive importing it again)."""
        now = self._clock()
        created = updated = deleted = 0
        removed: list[tuple[str, Lang]] = []
        async with self._sessions() as db:
            await _require_shop(db, shop_id)
            existing = {
                (r.slug, r.lang): r
                for r in (
                    await db.exec(select(ArticleRow).where(ArticleRow.shop_id == shop_id))
                ).all()
            }
            if keep_existing:
                articles = [a for a in articles if a.key not in existing]
            wanted = {a.key for a in articles}
            if replace:
                for key, row in existing.items():
                    if key not in wanted:
                        await db.delete(row)
                        deleted += 1
                        removed.append((row.slug, "en" if row.lang == "en" else "de"))
            for done, article in enumerate(articles, start=1):
                found = existing.get(article.key)
                if found is None:
                    found = ArticleRow(
                        shop_id=shop_id,
                        slug=article.slug,
                        lang=article.lang,
                        question="",
                        answer="",
                    )
                    created += 1
                else:
                    updated += 1
                _fill(found, article)
                found.updated_at = now
                db.add(found)
                if progress is not None and (done % 200 == 0 or done == len(articles)):
                    await db.flush()
                    progress(done)
            await db.commit()
        changed = [*((a.slug, a.lang) for a in articles), *removed]
        if len(changed) > SMALL_IMPORT:
            if self._knowledge is not None:
                await self._knowledge.reload(shop_id)  # many changes at once: one rebuild
            await self._announce(shop_id, None)
            return ImportReport(created, updated, deleted)
        if self._knowledge is not None:
            for article in articles:
                await self._knowledge.upsert(shop_id, article)
            for slug, lang in removed:
                await self._knowledge.remove(shop_id, slug, lang)
        await self._announce(shop_id, changed)
        return ImportReport(created, updated, deleted)

    async def delete_all(self, shop_id: str) -> int:
        async with self._sessions() as db:
            result = await db.exec(delete(ArticleRow).where(col(ArticleRow.shop_id) == shop_id))
            await db.commit()
        if self._knowledge is not None:
            await self._knowledge.reload(shop_id)
        await self._announce(shop_id, None)
        return int(result.rowcount or 0)

    async def _announce(self, shop_id: str, keys: Sequence[tuple[str, Lang]] | None) -> None:
        """``keys`` are the changed articles; ``None``: reload the whole shop."""
        if self._live is None:
            return
        if keys is None:
            await self._live.publish(KB_TOPIC, kb_event(shop_id, origin=self._origin))
            return
        for slug, lang in dict.fromkeys(keys):
            await self._live.publish(KB_TOPIC, kb_event(shop_id, slug, lang, origin=self._origin))


async def _row(db: AsyncSession, shop_id: str, slug: str, lang: str) -> ArticleRow | None:
    return (
        await db.exec(
            select(ArticleRow).where(
                ArticleRow.shop_id == shop_id, ArticleRow.slug == slug, ArticleRow.lang == lang
            )
        )
    ).first()


async def _require_shop(db: AsyncSession, shop_id: str) -> None:
    if await db.get(Shop, shop_id) is None:
        raise UnknownShop(detail=shop_id)
