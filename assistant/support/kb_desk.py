"""What an agent does to the knowledge base from the console, always within the agent's own
shops: read and edit articles, try a question as the widget would answer it, and turn the
questions the assistant could not answer into articles or phrasings. Edits go through
:class:`ArticleService`, so they are stored and live in the shop's index at once."""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.errors import AssistantError, Forbidden
from assistant.faq.answering import Probe, probe
from assistant.faq.articles import ArticleService
from assistant.faq.knowledge import KnowledgeService
from assistant.faq.learning import CandidateView, LearningService
from assistant.faq.unanswered import (
    CHECKED_WORDINGS,
    UnansweredReport,
    find_cluster,
    unanswered_clusters,
    unanswered_report,
)
from assistant.i18n import L10n
from assistant.shop.directory import ShopDirectory
from assistant.storage.engine import Sessions
from assistant.support.accounts import AgentAccount
from assistant.support.article_form import (
    E_SLUG_TAKEN,
    ArticleForm,
    ArticleFormInvalid,
    parse_article,
    with_phrasings,
)
from knowledge_base import Article, Lang, Thresholds
from knowledge_base.clusters import Cluster

#: The longest question the test box takes (the widget's limit).
MAX_TEST = 2000
#: Matches the test box shows (the widget's decision depends on the best one only).
TEST_MATCHES = 5


class ClusterGone(AssistantError):
    code = "cluster_not_found"
    status = 404
    message = L10n(
        de="Diese Gruppe unbeantworteter Fragen gibt es nicht mehr.",
        en="This group of unanswered questions no longer exists.",
    )


@dataclass(frozen=True, slots=True)
class TestResult:
    query: str
    probe: Probe
    thresholds: Thresholds
    #: The matched articles themselves (for their questions and edit links).
    articles: dict[tuple[str, Lang], Article]


def require_shop(account: AgentAccount, shop_id: str) -> str:
    if not account.can_see(shop_id):
        raise Forbidden(detail=f"{account.email} -> {shop_id}")
    return shop_id


class KnowledgeDesk:
    def __init__(
        self,
        sessions: Sessions,
        shops: ShopDirectory,
        knowledge: KnowledgeService,
        articles: ArticleService,
        learning: LearningService,
    ) -> None:
        self._sessions = sessions
        self._shops = shops
        self._knowledge = knowledge
        self._articles = articles
        self._learning = learning

    async def candidates(self, account: AgentAccount, shop_id: str) -> list[CandidateView]:
        """Wordings shoppers confirmed by picking an article, waiting for an agent."""
        return await self._learning.pending(require_shop(account, shop_id))

    async def decide(
        self, account: AgentAccount, shop_id: str, candidate_id: int, accept: bool
    ) -> Article | None:
        return await self._learning.decide(require_shop(account, shop_id), candidate_id, accept)

    async def articles(self, account: AgentAccount, shop_id: str) -> list[Article]:
        return await self._articles.list(require_shop(account, shop_id))

    async def article(self, account: AgentAccount, shop_id: str, slug: str, lang: Lang) -> Article:
        return await self._articles.get(require_shop(account, shop_id), slug, lang)

    async def create(self, account: AgentAccount, shop_id: str, form: ArticleForm) -> Article:
        """A new article; one that exists in that language already is refused (an id made
        from the question gets a number instead: ``-2``, ``-3``, ...)."""
        require_shop(account, shop_id)
        article = parse_article(form)
        taken = {a.key for a in await self._articles.list(shop_id)}
        if article.key in taken:
            if form.slug.strip():
                raise ArticleFormInvalid(form, {"slug": E_SLUG_TAKEN})
            base = article.slug[:110]
            number = 2
            while (f"{base}-{number}", article.lang) in taken:
                number += 1
            article = replace(article, slug=f"{base}-{number}")
        return await self._articles.save(shop_id, article)

    async def update(
        self, account: AgentAccount, shop_id: str, slug: str, lang: Lang, form: ArticleForm
    ) -> Article:
        stored = await self.article(account, shop_id, slug, lang)
        return await self._articles.save(shop_id, parse_article(form, base=stored))

    async def set_enabled(
        self, account: AgentAccount, shop_id: str, slug: str, lang: Lang, enabled: bool
    ) -> Article:
        stored = await self.article(account, shop_id, slug, lang)
        return await self._articles.save(shop_id, replace(stored, enabled=enabled))

    async def test(
        self, account: AgentAccount, shop_id: str, text: str, lang: Lang | None
    ) -> TestResult | None:
        """How the widget would answer ``text`` in this shop now (``None`` for no text)."""
        require_shop(account, shop_id)
        query = " ".join(text.split())[:MAX_TEST]
        if not query:
            return None
        shop = await self._shops.get(shop_id)
        kb = await self._knowledge.get(shop_id)
        thresholds = self._knowledge.thresholds_for(shop)
        found = probe(kb, query, lang, thresholds, limit=TEST_MATCHES)
        articles = {}
        for m in found.matches:
            article = kb.article(m.slug, m.lang)
            if article is not None:
                articles[m.key] = article
        return TestResult(query, found, thresholds, articles)

    async def unanswered(
        self, account: AgentAccount, shop_id: str, *, open_limit: int = 30
    ) -> UnansweredReport:
        shop = await self._shops.get(require_shop(account, shop_id))
        return await unanswered_report(self._sessions, self._knowledge, shop, open_limit=open_limit)

    async def cluster(
        self, account: AgentAccount, shop_id: str, label: str, lang: str
    ) -> Cluster | None:
        clusters = await unanswered_clusters(self._sessions, require_shop(account, shop_id))
        return find_cluster(clusters, label, lang)

    async def attach(
        self,
        account: AgentAccount,
        shop_id: str,
        label: str,
        lang: str,
        target: tuple[str, Lang],
    ) -> tuple[Article, int]:
        """Add a cluster's wordings (the most frequent ones) to an article as phrasings;
        returns the article and how many were new to it."""
        cluster = await self.cluster(account, shop_id, label, lang)
        if cluster is None:
            raise ClusterGone(detail=label[:80])
        stored = await self.article(account, shop_id, *target)
        texts = [w.text for w in cluster.wordings[:CHECKED_WORDINGS]]
        changed = with_phrasings(stored, texts)
        added = len(changed.phrasings) - len(stored.phrasings)
        if added:
            await self._articles.save(shop_id, changed)
        return changed, added
