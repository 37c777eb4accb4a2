"""How well the engagement score ranks the simulated demo history: its spread among active
customers, and whether it predicts the next order better than recency alone.

The history is planned (:func:`assistant.demo.history.plan`), stored through the real
ingest only up to a cut-off, and each customer is scored at the cut-off exactly as the
console does; the label is "placed an order in the held-out window after the cut-off"."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from assistant.demo.history import Shopper, plan, write
from assistant.demo.loader import DEMO_SHOP_ID
from assistant.lifecycle.score import Engagement, recency, score_at, to_score
from assistant.lifecycle.settings import DEFAULT_SETTINGS, LifecycleSettings
from assistant.storage.engine import Sessions
from assistant.storage.models import Customer, CustomerLifecycle, Shop

#: A customer with an event in this many days before the cut-off counts as active.
ACTIVE_DAYS = 30


@dataclass(frozen=True, slots=True)
class ScoreQuality:
    customers: int
    active: int
    positives: int
    #: The scores of the active customers at the cut-off, ascending.
    active_scores: list[float]
    score_auc: float
    recency_auc: float
    #: The engagement sum alone (the score before it had parts), for comparison.
    sum_auc: float
    score_share_above_95: float
    sum_share_above_95: float

    def percentile(self, p: float) -> float:
        s = self.active_scores
        return s[min(len(s) - 1, int(p / 100 * len(s)))] if s else 0.0


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The probability that a random positive outranks a random negative (ties count half):
    the Mann-Whitney statistic over average ranks."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return 0.5
    rank_sum = sum(r for r, y in zip(ranks, labels, strict=True) if y)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def _ordered_in(shopper: Shopper, start: datetime, end: datetime) -> bool:
    return any(kind == "order_placed" and start < t <= end for t, kind, _ in shopper.events)


async def score_quality(
    sessions: Sessions,
    *,
    customers: int,
    end: datetime,
    days: int = 120,
    holdout_days: int = 30,
    seed: int = 7,
    settings: LifecycleSettings = DEFAULT_SETTINGS,
) -> ScoreQuality:
    """Plan ``days`` days of history ending at ``end``, store it up to ``end - holdout_days``
    into ``sessions`` (a fresh database), score there and label from the rest."""
    rng = random.Random(seed)
    shoppers = plan(rng, customers=customers, start=end - timedelta(days=days), days=days)
    cutoff = end - timedelta(days=holdout_days)
    async with sessions() as db:
        if await db.get(Shop, DEMO_SHOP_ID) is None:
            db.add(Shop(id=DEMO_SHOP_ID, name="Demo"))
            await db.flush()
        await write(db, shoppers, cutoff)
        await db.commit()
        rows = (
            await db.exec(
                select(Customer, CustomerLifecycle.orders).outerjoin(
                    CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id)
                )
            )
        ).all()
    by_id = {s.id: s for s in shoppers}
    scores, recent, sums, labels, active = [], [], [], [], []
    for customer, orders in rows:
        cid, at, seen = customer.id, customer.engagement_at, customer.last_seen_at
        state = Engagement(customer.engagement_sum, at)
        scores.append(score_at(state, orders or 0, cutoff, settings))
        recent.append(recency(seen, cutoff, settings.half_life_days))
        sums.append(to_score(state.total * recency(at, cutoff, settings.half_life_days), 20.0))
        labels.append(_ordered_in(by_id[cid], cutoff, end))
        active.append(seen >= cutoff - timedelta(days=ACTIVE_DAYS))
    active_scores = sorted(s for s, a in zip(scores, active, strict=True) if a)
    active_sums = [s for s, a in zip(sums, active, strict=True) if a]
    n_active = max(1, len(active_scores))
    return ScoreQuality(
        customers=len(rows),
        active=len(active_scores),
        positives=sum(labels),
        active_scores=active_scores,
        score_auc=auc(scores, labels),
        recency_auc=auc(recent, labels),
        sum_auc=auc(sums, labels),
        score_share_above_95=sum(s > 95 for s in active_scores) / n_active,
        sum_share_above_95=sum(s > 95 for s in active_sums) / n_active,
    )
