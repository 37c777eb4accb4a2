"""The questions the assistant could not answer (``faq_unanswered`` events), grouped into
clusters of similar questions for whoever writes the next articles.

The events are history and stay as they are (the metrics count them). Whether a cluster is
still *open* is decided afresh against the live index each time it is looked at: a cluster is
*handled* once the assistant would now answer every one of its wordings (the most frequent
:data:`CHECKED_WORDINGS` of them) with the shop's thresholds, as the widget would. So an
article written or a phrasing added for it closes the cluster at once, and disabling that
article opens it again; nothing has to be marked by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from assistant.faq.answering import probe
from assistant.faq.knowledge import KnowledgeService
from assistant.shop.directory import ShopInfo
from assistant.storage.engine import Sessions
from assistant.storage.models import Event
from knowledge_base import Decision, KnowledgeBase, Lang, Match, Thresholds
from knowledge_base.clusters import Cluster, cluster_questions

#: The newest this many unanswered questions are clustered.
RECENT = 10_000
#: Wordings of a cluster tried against the index, most frequent first.
CHECKED_WORDINGS = 20
#: Clusters looked at per report: enough for an editor's session, bounded work per page.
REVIEWED = 200


async def unanswered_questions(
    sessions: Sessions,
    shop_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = RECENT,
) -> list[tuple[str, Lang]]:
    query = select(Event.properties).where(Event.shop_id == shop_id, Event.type == "faq_unanswered")
    if since is not None:
        query = query.where(col(Event.created_at) >= since)
    if until is not None:
        query = query.where(col(Event.created_at) < until)
    async with sessions() as db:
        rows = (await db.exec(query.order_by(col(Event.id).desc()).limit(limit))).all()
    out: list[tuple[str, Lang]] = []
    for props in rows:
        text = props.get("query") if isinstance(props, dict) else None
        if isinstance(text, str) and text.strip():
            out.append((text, "en" if props.get("lang") == "en" else "de"))
    return out


async def unanswered_clusters(
    sessions: Sessions,
    shop_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Cluster]:
    questions = await unanswered_questions(sessions, shop_id, since=since, until=until)
    # Clustering compares many strings: keep it off the event loop.
    return await asyncio.get_running_loop().run_in_executor(None, cluster_questions, questions)


@dataclass(frozen=True, slots=True)
class ClusterReview:
    cluster: Cluster
    #: Per checked wording: the topic that would answer it now, else ``None``.
    answers: tuple[str | None, ...]
    #: The best topics for the leading wording now (where to add it as a phrasing).
    suggestions: tuple[Match, ...]

    @property
    def handled(self) -> bool:
        return bool(self.answers) and all(a is not None for a in self.answers)

    @property
    def answered_by(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a in self.answers if a is not None))


@dataclass(frozen=True, slots=True)
class UnansweredReport:
    open: tuple[ClusterReview, ...]
    handled: tuple[ClusterReview, ...]
    #: Clusters not looked at (after ``open_limit`` open ones, or beyond :data:`REVIEWED`).
    more: int


def review_cluster(kb: KnowledgeBase, cluster: Cluster, thresholds: Thresholds) -> ClusterReview:
    answers = []
    for wording in cluster.wordings[:CHECKED_WORDINGS]:
        found = probe(kb, wording.text, wording.lang, thresholds)
        answers.append(found.matches[0].slug if found.decision is Decision.ANSWER else None)
    lead = probe(kb, cluster.label, cluster.lang, thresholds)
    return ClusterReview(cluster, tuple(answers), tuple(lead.matches))


def review_clusters(
    clusters: Sequence[Cluster], kb: KnowledgeBase, thresholds: Thresholds, *, open_limit: int = 30
) -> UnansweredReport:
    """Most asked first, until ``open_limit`` open clusters are found."""
    open_: list[ClusterReview] = []
    handled: list[ClusterReview] = []
    looked = 0
    for cluster in clusters[:REVIEWED]:
        if len(open_) >= open_limit:
            break
        looked += 1
        review = review_cluster(kb, cluster, thresholds)
        (handled if review.handled else open_).append(review)
    return UnansweredReport(tuple(open_), tuple(handled), len(clusters) - looked)


def find_cluster(clusters: Sequence[Cluster], label: str, lang: str) -> Cluster | None:
    """The cluster a console link names (clusters are recomputed, so they are named by their
    leading wording and its language)."""
    for cluster in clusters:
        if cluster.label == label and cluster.lang == lang:
            return cluster
    return None


async def unanswered_report(
    sessions: Sessions,
    knowledge: KnowledgeService,
    shop: ShopInfo,
    *,
    since: datetime | None = None,
    open_limit: int = 30,
) -> UnansweredReport:
    clusters = await unanswered_clusters(sessions, shop.id, since=since)
    kb = await knowledge.get(shop.id)
    return review_clusters(clusters, kb, knowledge.thresholds_for(shop), open_limit=open_limit)
