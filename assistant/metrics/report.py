"""The shop's metrics for a period, computed from stored data: SQL selects and counts per
shop and period, the formulas in :mod:`assistant.metrics.formulas` on top."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.lifecycle.actions import CONVERSION_WINDOW
from assistant.lifecycle.referrals import referral_metrics
from assistant.lifecycle.rules import REVERSED, Facts, due_changes
from assistant.lifecycle.score import Engagement, score_at
from assistant.lifecycle.stages import Stage
from assistant.lifecycle.store import shop_settings
from assistant.metrics import formulas as f
from assistant.storage.models import (
    CodeRedemption,
    Conversation,
    Customer,
    CustomerLifecycle,
    Event,
    LifecycleAction,
    MarketingSpend,
    Purchase,
    StageTransition,
)

DAY = 86_400.0
CLV_HORIZON_DAYS = 365.0


@dataclass(slots=True)
class Report:
    shop_id: str
    start: datetime
    end: datetime
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "shop": self.shop_id,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            **_jsonable(self.values),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


async def _currency(db: AsyncSession, shop_id: str) -> str:
    """The currency the shop's amounts are in: that of most of its orders (EUR before the
    first one), so a figure is never shown without it."""
    row = (
        await db.exec(
            select(Purchase.currency, func.count())
            .where(Purchase.shop_id == shop_id)
            .group_by(col(Purchase.currency))
            .order_by(func.count().desc(), col(Purchase.currency))
            .limit(1)
        )
    ).first()
    return row[0] if row else "EUR"


def _in(column: Any, start: datetime, end: datetime) -> Any:
    return (column >= start) & (column < end)


async def compute(db: AsyncSession, shop_id: str, start: datetime, end: datetime) -> Report:
    """Every metric of the issue for ``[start, end)``."""
    report = Report(shop_id, start, end)
    v = report.values
    settings = await shop_settings(db, shop_id)
    ev = (Event.shop_id == shop_id) & _in(col(Event.created_at), start, end)

    async def distinct_customers(extra: Any = True) -> set[str]:
        rows = await db.exec(
            select(Event.customer_id)
            .where(ev, extra, col(Event.customer_id).is_not(None))
            .distinct()
        )
        return {r for r in rows.all() if r is not None}

    visitors = await distinct_customers()
    engaged = await distinct_customers(col(Event.type).in_(sorted(settings.engaging_events)))
    chatters = await distinct_customers(Event.type == "message_sent")
    v["visitors"] = len(visitors)
    v["engaged_visitors"] = len(engaged)
    v["engagement_rate"] = f.rate(len(engaged), len(visitors))

    conversations = (
        await db.exec(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.shop_id == shop_id, _in(col(Conversation.created_at), start, end))
        )
    ).one()
    flagged = (
        await db.exec(
            select(Event.conversation_id, Event.type)
            .where(
                ev,
                col(Event.type).in_(["faq_answered", "handoff_requested"]),
                col(Event.conversation_id).is_not(None),
            )
            .distinct()
        )
    ).all()
    answered = {c for c, t in flagged if t == "faq_answered"}
    handed = {c for c, t in flagged if t == "handoff_requested"}
    v["conversations"] = int(conversations)
    v["self_service_rate"] = f.rate(len(answered - handed), conversations)
    v["handoff_rate"] = f.rate(len(handed), conversations)
    faq = dict(
        (
            await db.exec(
                select(Event.type, func.count())
                .where(ev, col(Event.type).in_(["faq_answered", "faq_suggested", "faq_unanswered"]))
                .group_by(col(Event.type))
            )
        ).all()
    )
    v["faq_answer_rate"] = f.rate(faq.get("faq_answered", 0), sum(faq.values()))

    purchases = await _purchases(db, shop_id, end)
    in_period = [(c, t, total) for c, t, total in purchases if t >= start]
    v["currency"] = await _currency(db, shop_id)
    revenue = sum((total for _, _, total in in_period), Decimal("0"))
    per_buyer = Counter(c for c, _, _ in in_period)
    buyers = set(per_buyer)
    v["orders"] = len(in_period)
    v["revenue"] = revenue.quantize(Decimal("0.01"))
    v["buyers"] = len(buyers)
    v["conversion_rate"] = f.rate(len(buyers & visitors), len(visitors))
    v["chat_conversion_rate"] = f.rate(len(buyers & chatters), len(chatters))
    v["aov"] = f.aov(revenue, len(in_period))
    v["purchase_frequency"] = f.purchase_frequency(len(in_period), len(buyers))
    v["repeat_purchase_rate"] = f.repeat_purchase_rate(per_buyer.values())

    first: dict[str, datetime] = {}
    for c, t, _ in purchases:
        if c not in first or t < first[c]:
            first[c] = t
    new_customers = sum(1 for t in first.values() if t >= start)
    spend_row = (
        await db.exec(
            select(func.sum(MarketingSpend.amount), func.count()).where(
                MarketingSpend.shop_id == shop_id, _in(col(MarketingSpend.day), start, end)
            )
        )
    ).one()
    spend = Decimal(str(spend_row[0])) if spend_row[1] else None
    v["new_customers"] = new_customers
    v["marketing_spend"] = spend
    v["cac"] = f.cac(spend, new_customers)
    referred = (
        await db.exec(
            select(
                col(CustomerLifecycle.referrer_credit), col(CustomerLifecycle.referred_credit)
            ).where(
                CustomerLifecycle.shop_id == shop_id,
                _in(col(CustomerLifecycle.referral_converted_at), start, end),
            )
        )
    ).all()
    v.update(referral_metrics(referred, v["cac"]))

    period = end - start
    previous = {c for c, t, _ in purchases if start - period <= t < start}
    churn_days = period.total_seconds() / DAY
    v["churn_basis"] = "previous period"
    if not previous:
        # The shop's first period: compare its first half with its second half instead.
        middle = start + period / 2
        previous = {c for c, t, _ in in_period if t < middle}
        buyers_later = {c for c, t, _ in in_period if t >= middle}
        churn = f.churn_rate(previous, buyers_later)
        churn_days /= 2
        v["churn_basis"] = "first half vs second half"
    else:
        churn = f.churn_rate(previous, buyers)
    v["churn_rate"] = churn
    v["retention_rate"] = None if churn is None else 1.0 - churn
    v["cohorts"] = _cohorts(purchases, start)
    lifespan = f.lifespan_years(churn, churn_days)
    years = period.total_seconds() / DAY / 365.0
    freq_year = None if v["purchase_frequency"] is None else v["purchase_frequency"] / years
    v["expected_lifespan_years"] = lifespan
    v["clv_formula"] = f.clv_formula(v["aov"], freq_year, lifespan)
    v["clv_bgnbd"] = await asyncio.get_running_loop().run_in_executor(None, _bgnbd, purchases, end)

    surveys = (
        await db.exec(select(Event.properties).where(ev, Event.type == "survey_answered"))
    ).all()
    nps = [
        p["score"] for p in surveys if p.get("kind") == "nps" and isinstance(p.get("score"), int)
    ]
    csat = [
        p["score"] for p in surveys if p.get("kind") == "csat" and isinstance(p.get("score"), int)
    ]
    v["nps"], v["nps_responses"] = f.nps(nps), len(nps)
    v["csat"], v["csat_responses"] = f.csat(csat), len(csat)

    v.update(await _bundles(db, ev))
    v.update(await _products(db, ev))
    v.update(await _stages(db, shop_id, start, end, purchases, settings))
    v["actions"] = await action_effects(db, shop_id, start, end, purchases)
    customers = (
        (
            await db.exec(
                select(Customer.engagement_sum, Customer.engagement_at, CustomerLifecycle.orders)
                .outerjoin(
                    CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id)
                )
                .where(Customer.shop_id == shop_id, col(Customer.id).in_(sorted(visitors)))
            )
        ).all()
        if visitors
        else []
    )
    scores = [score_at(Engagement(s, a), orders or 0, end, settings) for s, a, orders in customers]
    v["engagement_score_mean"] = float(np.mean(scores)) if scores else None
    return report


def _month(t: datetime) -> int:
    return t.year * 12 + t.month - 1


def _cohorts(purchases: Any, start: datetime) -> dict[str, list[float | None]]:
    first: dict[str, int] = {}
    active: dict[str, set[int]] = defaultdict(set)
    for c, t, _ in purchases:
        m = _month(t)
        active[c].add(m)
        first[c] = min(first.get(c, m), m)
    in_scope = {c: m for c, m in first.items() if m >= _month(start)}
    table = f.cohort_retention(in_scope, active, horizon=12)
    last = max((m for months in active.values() for m in months), default=0)
    out = {}
    for month, row in table.items():
        label = f"{month // 12:04d}-{month % 12 + 1:02d}"
        out[label] = [share for k, share in enumerate(row, start=1) if month + k <= last]
    return out


def _bgnbd(purchases: Any, end: datetime) -> dict[str, Any] | None:
    """Mean expected value per customer over the next year (BG/NBD + Gamma-Gamma); the models
    need scipy, the optional extra ``clv``, and the rest of the report does not."""
    per: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c, t, total in purchases:
        per[c].append(((t - end).total_seconds() / DAY, float(total)))
    try:
        from assistant.metrics.clv import OCCASION_GAP_DAYS, occasions, predict, summaries
    except ImportError:
        note = "the model needs scipy: pip install 'shop-assistant[clv]'"
        return {"customers": len(per), "mean": None, "note": note}
    grouped = {c: occasions(items, OCCASION_GAP_DAYS) for c, items in per.items()}
    summary = list(summaries(grouped, 0.0).values())
    try:
        with np.errstate(all="ignore"):
            prediction = predict(summary, CLV_HORIZON_DAYS)
    except ValueError as exc:
        return {"customers": len(summary), "mean": None, "note": str(exc)}
    values = prediction.value
    if not np.all(np.isfinite(values)):
        return {"customers": len(summary), "mean": None, "note": "the fit did not converge"}
    return {
        "customers": len(summary),
        "horizon_days": CLV_HORIZON_DAYS,
        "mean": Decimal(str(round(float(np.mean(values)), 2))),
        "expected_purchases_mean": float(np.mean(prediction.purchases)),
        "total": Decimal(str(round(float(np.sum(values)), 2))),
        "spend_model": prediction.spend_model,
    }


async def _bundles(db: AsyncSession, ev: Any) -> dict[str, Any]:
    rows = (
        await db.exec(
            select(Event.type, Event.properties).where(ev, col(Event.type).like("bundle_%"))
        )
    ).all()
    per: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for kind, props in rows:
        name = str(props.get("bundle") or "?")
        per[name][kind] += 1
        total[kind] += 1
    return {
        "bundle_attach_rate": f.rate(total["bundle_accepted"], total["bundle_shown"]),
        "bundles": {
            name: {
                "shown": c["bundle_shown"],
                "clicked": c["bundle_clicked"],
                "accepted": c["bundle_accepted"],
                "declined": c["bundle_declined"],
                "attach_rate": f.rate(c["bundle_accepted"], c["bundle_shown"]),
            }
            for name, c in sorted(per.items())
        },
    }


async def _products(db: AsyncSession, ev: Any) -> dict[str, Any]:
    """Product search in the chat: searches, cards shown and clicked, and the share of
    conversations with a search that put a found product in the cart."""
    rows = (
        await db.exec(
            select(Event.type, Event.conversation_id).where(
                ev,
                col(Event.type).in_(
                    ["product_search", "product_shown", "product_clicked", "product_added"]
                ),
            )
        )
    ).all()
    count: Counter[str] = Counter(kind for kind, _ in rows)
    searched = {c for kind, c in rows if kind == "product_search" and c}
    added = {c for kind, c in rows if kind == "product_added" and c}
    return {
        "product_searches": count["product_search"],
        "products_shown": count["product_shown"],
        "products_clicked": count["product_clicked"],
        "products_added": count["product_added"],
        "search_to_cart_rate": f.rate(len(searched & added), len(searched)),
    }


async def _stages(
    db: AsyncSession, shop_id: str, start: datetime, end: datetime, purchases: Any, settings: Any
) -> dict[str, Any]:
    """Stage counts at ``end`` (time rules applied up to it, as if read then) and the flows
    between stages during the period."""
    rows = (
        await db.exec(
            select(
                StageTransition.customer_id,
                StageTransition.from_stage,
                StageTransition.to_stage,
                StageTransition.created_at,
            )
            .where(StageTransition.shop_id == shop_id, col(StageTransition.created_at) < end)
            .order_by(col(StageTransition.id))
        )
    ).all()
    stage: dict[str, str] = {}
    flows: Counter[tuple[str, str]] = Counter()
    for customer, from_stage, to_stage, at in rows:
        stage[customer] = to_stage
        if at >= start:
            flows[(from_stage or "new", to_stage)] += 1
    last_order: dict[str, datetime] = {}
    for c, t, _ in purchases:
        if c not in last_order or t > last_order[c]:
            last_order[c] = t
    counts: Counter[str] = Counter()
    for customer, name in stage.items():
        facts = Facts(stage=Stage(name), last_order_at=last_order.get(customer))
        facts, changes = due_changes(facts, end, settings)
        for change in changes:
            if change.at >= start:
                flows[
                    (change.from_stage.value if change.from_stage else "new", change.to_stage.value)
                ] += 1
        counts[facts.stage.value if facts.stage else "new"] += 1
    return {
        "stages": {s.value: counts.get(s.value, 0) for s in Stage},
        "stage_flows": [
            {"from": a, "to": b, "count": n}
            for (a, b), n in sorted(flows.items(), key=lambda i: -i[1])
        ],
    }


#: What the metrics count per lifecycle rule and channel (``redeemed``: orders with the
#: rule's discount code; ``code_discount`` beside them: what those codes took off, in EUR).
ACTION_KEYS = ("created", "offered", "shown", "sent", "clicked", "converted", "redeemed")


async def action_effects(
    db: AsyncSession,
    shop_id: str,
    start: datetime,
    end: datetime,
    purchases: Any = None,
    *,
    variant_of: Mapping[str, str] | None = None,
) -> dict[str, dict[str, int | str]]:
    """Per ``rule/channel``: the :data:`ACTION_KEYS` counts of the actions made in
    ``[start, end)`` and the discount their codes gave. ``purchases``: the shop's
    (customer, time, total) orders before ``end``, when the caller has read them already.
    ``variant_of``: customer -> an experiment's variant; the keys are then
    ``rule/channel/variant``, and customers without a variant are left out."""
    if purchases is None:
        purchases = await _purchases(db, shop_id, end)
    rows = (
        await db.exec(
            select(LifecycleAction).where(
                LifecycleAction.shop_id == shop_id, _in(col(LifecycleAction.created_at), start, end)
            )
        )
    ).all()
    orders: dict[str, list[datetime]] = defaultdict(list)
    for c, t, _ in purchases:
        orders[c].append(t)
    out: dict[str, Counter[str]] = defaultdict(Counter)

    def key(rule: str | None, channel: str, customer_id: str | None) -> str | None:
        if variant_of is None:
            return f"{rule}/{channel}"
        variant = variant_of.get(customer_id or "")
        return None if variant is None else f"{rule}/{channel}/{variant}"

    for a in rows:
        name = key(a.rule, a.channel, a.customer_id)
        if name is None:
            continue
        c = out[name]
        c["created"] += 1
        if a.status in ("offered", "shown", "clicked", "dismissed"):
            c["offered"] += 1
        if a.shown_at is not None:
            c["shown" if a.channel == "widget" else "sent"] += 1
            window_end = a.shown_at + CONVERSION_WINDOW
            if any(a.shown_at <= t < window_end for t in orders.get(a.customer_id, ())):
                c["converted"] += 1
        if a.clicked_at is not None:
            c["clicked"] += 1
    redeemed = (
        await db.exec(
            select(CodeRedemption, LifecycleAction.channel)
            .join(LifecycleAction, col(LifecycleAction.id) == col(CodeRedemption.action_id))
            .where(
                CodeRedemption.shop_id == shop_id,
                col(CodeRedemption.rule).is_not(None),
                _in(col(CodeRedemption.redeemed_at), start, end),
            )
        )
    ).all()
    for redemption, channel in redeemed:  # the orders that used a code the rule gave
        name = key(redemption.rule, channel, redemption.customer_id)
        if name is None:
            continue
        c = out[name]
        c["redeemed"] += 1
        c["code_discount_cents"] += int(redemption.amount * 100)
    keys = ACTION_KEYS
    return {
        name: {**{k: c.get(k, 0) for k in keys}, "code_discount": _euros(c["code_discount_cents"])}
        for name, c in sorted(out.items())
    }


async def _purchases(db: AsyncSession, shop_id: str, end: datetime) -> Any:
    """The shop's orders that still count, placed before ``end``: (customer, time, total)."""
    return (
        await db.exec(
            select(col(Purchase.customer_id), col(Purchase.created_at), col(Purchase.total)).where(
                Purchase.shop_id == shop_id,
                col(Purchase.created_at) < end,
                col(Purchase.status).not_in(sorted(REVERSED)),
            )
        )
    ).all()


def _euros(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def default_period(now: datetime, days: int = 30) -> tuple[datetime, datetime]:
    end = now
    return end - timedelta(days=days), end
