"""Learning from use (see :mod:`knowledge_base.learning`): a shopper who picks an article from
"did you mean" confirms that their wording means it; a "not helpful" vote on an answer counts
against the wording and that article. Candidates wait for an agent in the console, or are
accepted once enough different shoppers confirmed them; an accepted wording becomes a
phrasing of the article (stored, live in the index at once, announced to other instances)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, utc_now
from assistant.errors import ArticleNotFound
from assistant.faq.articles import ArticleService
from assistant.faq.knowledge import KnowledgeService
from assistant.storage.engine import Sessions
from assistant.storage.models import Event, FaqCandidate
from assistant.support.article_form import with_phrasings
from knowledge_base import Article, Lang
from knowledge_base.learning import AUTO_ACCEPT_AFTER, Evidence, learnable, wording_key

log = logging.getLogger(__name__)
PENDING, ACCEPTED, DISMISSED = "pending", "accepted", "dismissed"


@dataclass(frozen=True, slots=True)
class CandidateView:
    """A pending candidate as the console lists it."""

    id: int
    slug: str
    lang: Lang
    text: str
    question: str
    confirmations: int
    rejections: int


class LearningService:
    def __init__(
        self,
        sessions: Sessions,
        knowledge: KnowledgeService,
        articles: ArticleService,
        clock: Clock = utc_now,
        *,
        auto_accept_after: int = AUTO_ACCEPT_AFTER,
    ) -> None:
        self._sessions = sessions
        self._knowledge = knowledge
        self._articles = articles
        self._clock = clock
        self._auto = auto_accept_after

    async def record_pick(
        self, shop_id: str, conversation_id: str | None, visitor_id: str, slug: str
    ) -> None:
        """The shopper picked ``slug`` from the conversation's last "did you mean": only an
        article that was offered there counts, and the wording is the one stored with it."""
        if conversation_id is None:
            return
        async with self._sessions() as db:
            offered = (
                await db.exec(
                    select(Event.properties)
                    .where(Event.conversation_id == conversation_id, Event.type == "faq_suggested")
                    .order_by(col(Event.id).desc())
                    .limit(1)
                )
            ).first()
        if not isinstance(offered, dict) or slug not in (offered.get("slugs") or []):
            return
        query = offered.get("query")
        if isinstance(query, str):
            await self._note(shop_id, slug, query, visitor_id, helped=True)

    async def record_vote(
        self, shop_id: str, visitor_id: str, slug: str, query: str, helpful: bool
    ) -> None:
        """A vote on an answer: "helpful" confirms the wording, "not helpful" counts against."""
        await self._note(shop_id, slug, query, visitor_id, helped=helpful)

    async def _note(
        self, shop_id: str, slug: str, query: str, visitor_id: str, *, helped: bool
    ) -> None:
        if not learnable(query):
            return
        kb = await self._knowledge.get(shop_id)
        lang = kb.detect_language(query)
        if kb.article(slug, lang) is None:  # the wording goes where its language is indexed
            lang = "en" if lang == "de" else "de"
            if kb.article(slug, lang) is None:
                return
        key = wording_key(query)[:400]
        for attempt in range(2):  # two shoppers at once: the second one updates the row
            try:
                accepted = await self._update(shop_id, slug, lang, query, key, visitor_id, helped)
            except IntegrityError:
                if attempt:
                    raise
                continue
            if accepted:
                await self._learn(shop_id, slug, lang, query)
            return

    async def _update(
        self,
        shop_id: str,
        slug: str,
        lang: Lang,
        text: str,
        key: str,
        visitor_id: str,
        helped: bool,
    ) -> bool:
        """Store the evidence; ``True`` when it makes a pending candidate accepted."""
        now = self._clock()
        async with self._sessions() as db:
            row = await _candidate(db, shop_id, slug, lang, key)
            if row is None:
                row = FaqCandidate(
                    shop_id=shop_id, slug=slug, lang=lang, text=text.strip(), key=key,
                    created_at=now, updated_at=now,
                )  # fmt: skip
            evidence = Evidence(frozenset(row.confirmed_by), frozenset(row.rejected_by), row.agent)
            evidence = evidence.confirm(visitor_id) if helped else evidence.reject(visitor_id)
            row.confirmed_by = sorted(evidence.confirmed_by)
            row.rejected_by = sorted(evidence.rejected_by)
            row.updated_at = now
            accepted = row.status == PENDING and evidence.accepted(self._auto)
            if accepted:
                row.status = ACCEPTED
            db.add(row)
            await db.commit()
        return accepted

    async def _learn(self, shop_id: str, slug: str, lang: Lang, text: str) -> Article:
        article = await self._articles.get(shop_id, slug, lang)
        changed = with_phrasings(article, [text])
        if changed != article:
            await self._articles.save(shop_id, changed)
            log.info("learned a phrasing", extra={"shop_id": shop_id, "slug": slug, "lang": lang})
        return changed

    async def pending(self, shop_id: str) -> list[CandidateView]:
        """Candidates waiting for an agent, the most confirmed first."""
        async with self._sessions() as db:
            rows = (
                await db.exec(
                    select(FaqCandidate).where(
                        FaqCandidate.shop_id == shop_id, FaqCandidate.status == PENDING
                    )
                )
            ).all()
        kb = await self._knowledge.get(shop_id)
        out = []
        for row in rows:
            lang: Lang = "en" if row.lang == "en" else "de"
            article = kb.article(row.slug, lang)
            if article is None or len(row.confirmed_by) <= len(row.rejected_by):
                continue
            assert row.id is not None
            out.append(
                CandidateView(
                    row.id,
                    row.slug,
                    lang,
                    row.text,
                    article.question,
                    len(row.confirmed_by),
                    len(row.rejected_by),
                )
            )
        out.sort(key=lambda c: (-c.confirmations, c.id))
        return out

    async def decide(self, shop_id: str, candidate_id: int, accept: bool) -> Article | None:
        """An agent accepts (the wording becomes a phrasing) or dismisses a candidate."""
        async with self._sessions() as db:
            row = await db.get(FaqCandidate, candidate_id)
            if row is None or row.shop_id != shop_id or row.status != PENDING:
                raise ArticleNotFound(detail=f"candidate {candidate_id}")
            row.status = ACCEPTED if accept else DISMISSED
            row.agent = row.agent or accept
            row.updated_at = self._clock()
            slug, lang, text = row.slug, row.lang, row.text
            db.add(row)
            await db.commit()
        if not accept:
            return None
        return await self._learn(shop_id, slug, "en" if lang == "en" else "de", text)


async def _candidate(
    db: AsyncSession, shop_id: str, slug: str, lang: str, key: str
) -> FaqCandidate | None:
    return (
        await db.exec(
            select(FaqCandidate).where(
                FaqCandidate.shop_id == shop_id,
                FaqCandidate.slug == slug,
                FaqCandidate.lang == lang,
                FaqCandidate.key == key,
            )
        )
    ).first()
