"""The customer list: search, filters, sorting and pages, all in SQL (one query for the page,
one for the count), so its cost does not grow with what Python loads.

**Engagement score.** The stored pair (sum, time of the sum) decays on read (see
:mod:`assistant.lifecycle.score`), so a stored column cannot be filtered or sorted on. The
query computes the score as of now in SQL, with each shop's half-life and scales: recency
``exp(−ln 2 · days_since / half_life)``, frequency ``1 − exp(−orders / order_scale)`` and
engagement ``1 − exp(−sum · recency / scale)``, mixed as ``score_at`` mixes them (the very
formula); a score range and "sort by score" are then plain SQL on that expression.

**Stage.** Time rules (at risk, lapsed) fall due without an event; the sweeper writes them
within a minute, and until then the stored stage is stale. Customers with a change due
(``customer_lifecycle.next_due_at <= now``: few, as the sweeper keeps catching up) get their
stage as of now computed in Python, and the stage filter uses that for them.

**Last activity** is the later of the last message (``customer.last_seen_at``) and the
newest event of any kind (``customer_lifecycle.seen_until``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Float, and_, case, func, literal, or_, type_coerce
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.customers.query import PAGE_SIZE, CustomerQuery, id_search, like_pattern
from assistant.gdpr.store import erasures
from assistant.lifecycle.rules import due_changes
from assistant.lifecycle.score import (
    MIX_ENGAGEMENT,
    MIX_FREQUENCY,
    MIX_RECENCY,
    Engagement,
    score_at,
)
from assistant.lifecycle.settings import LifecycleSettings
from assistant.lifecycle.stages import Stage
from assistant.lifecycle.store import facts_of, shop_settings
from assistant.storage.models import Conversation, Customer, CustomerLifecycle
from assistant.storage.sqlmath import epoch_seconds, safe_exp
from assistant.storage.types import UTCDateTime
from assistant.support.inbox import customer_label

#: At most this many customers with a due time rule are re-staged in Python per list.
DUE_LIMIT = 5000
_LN2 = math.log(2.0)


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: str
    shop_id: str
    label: str
    name: str | None
    email: str | None
    external_id: str | None
    stage: str
    score: float
    last_activity: datetime
    orders: int
    conversations: int
    erased_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CustomerPage:
    rows: list[CustomerRow]
    total: int
    query: CustomerQuery

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def _per_shop(values: dict[str, float]) -> Any:
    """A shop's setting inside the query (one CASE over the agent's few shops)."""
    distinct = set(values.values())
    if len(distinct) == 1:
        return literal(distinct.pop(), Float())
    default = next(iter(values.values()))
    return case(values, value=col(Customer.shop_id), else_=literal(default, Float()))


def score_now(settings: dict[str, LifecycleSettings], now: datetime) -> Any:
    """The engagement score as of ``now``, as an SQL expression (see the module's doc).
    Needs ``customer_lifecycle`` (outer) joined, for the number of orders."""
    half_life = _per_shop({s: v.half_life_days for s, v in settings.items()})
    scale = _per_shop({s: v.score_scale for s, v in settings.items()})
    order_scale = _per_shop({s: v.order_scale for s, v in settings.items()})
    days = (literal(now.timestamp(), Float()) - epoch_seconds(col(Customer.engagement_at))) / (
        86_400.0
    )
    total = col(Customer.engagement_sum)
    decay = safe_exp(-_LN2 * days / half_life)
    decayed = func.coalesce(total * decay, total)
    recency = case(
        (and_(total > 0.0, days < 0.0), literal(1.0, Float())),  # an event "from the future"
        (total > 0.0, func.coalesce(decay, 0.0)),
        else_=literal(0.0, Float()),
    )
    orders = func.coalesce(col(CustomerLifecycle.orders), 0)
    frequency = 1.0 - safe_exp(-orders / order_scale)
    engagement = 1.0 - safe_exp(-decayed / scale)
    return literal(100.0, Float()) * (
        MIX_RECENCY * recency + MIX_FREQUENCY * frequency + MIX_ENGAGEMENT * engagement
    )


def last_activity() -> Any:
    seen = col(CustomerLifecycle.seen_until)
    return type_coerce(
        case(
            (and_(seen.is_not(None), seen > col(Customer.last_seen_at)), seen),
            else_=col(Customer.last_seen_at),
        ),
        UTCDateTime(),
    )


async def _due_stages(
    db: AsyncSession, shops: tuple[str, ...], settings: dict[str, LifecycleSettings], now: datetime
) -> dict[str, str]:
    """Customer id -> stage as of ``now``, for the customers whose time rule fell due."""
    rows = (
        await db.exec(
            select(Customer, CustomerLifecycle)
            .join(CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id))
            .where(col(Customer.shop_id).in_(shops), col(CustomerLifecycle.next_due_at) <= now)
            .limit(DUE_LIMIT)
        )
    ).all()
    return {c.id: effective_stage(c, life, settings[c.shop_id], now) for c, life in rows}


def effective_stage(
    customer: Customer, life: CustomerLifecycle | None, settings: LifecycleSettings, now: datetime
) -> str:
    """The stored stage with the time rules due by ``now`` applied."""
    if life is None or life.next_due_at is None or life.next_due_at > now:
        return customer.stage
    facts, _ = due_changes(facts_of(customer, life), now, settings)
    return (facts.stage or Stage(customer.stage)).value


async def list_customers(
    db: AsyncSession, shops: tuple[str, ...], query: CustomerQuery, now: datetime
) -> CustomerPage:
    """The page of customers ``query`` asks for, among the shops ``shops`` (the agent's)."""
    scope = (query.shop,) if query.shop in shops else shops
    if not scope:
        return CustomerPage([], 0, query)
    settings = {s: await shop_settings(db, s) for s in scope}
    score = score_now(settings, now)
    active = last_activity()
    where: list[Any] = [col(Customer.shop_id).in_(scope)]
    if query.q:
        pattern = like_pattern(query.q)
        where.append(
            or_(
                col(Customer.name).ilike(pattern, escape="\\"),
                col(Customer.email).ilike(pattern, escape="\\"),
                col(Customer.external_id).ilike(pattern, escape="\\"),
                col(Customer.id).startswith(id_search(query.q), autoescape=True),
            )
        )
    if query.stage:
        due = await _due_stages(db, scope, settings, now)
        where.append(
            or_(
                and_(col(Customer.stage) == query.stage, col(Customer.id).not_in(sorted(due))),
                col(Customer.id).in_(sorted(c for c, s in due.items() if s == query.stage)),
            )
        )
    if query.score_min is not None:
        where.append(score >= float(query.score_min))
    if query.score_max is not None:
        where.append(score <= float(query.score_max))
    if query.active_days is not None:
        where.append(active >= now - timedelta(days=query.active_days))
    if query.inactive_days is not None:
        where.append(active < now - timedelta(days=query.inactive_days))
    key = score if query.sort == "score" else active
    order = key.asc() if query.order == "asc" else key.desc()
    conversations = (
        select(func.count())
        .select_from(Conversation)
        .where(col(Conversation.customer_id) == col(Customer.id))
        .correlate(Customer)
        .scalar_subquery()
    )
    stmt = (
        select(Customer, CustomerLifecycle, active, conversations)
        .outerjoin(CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id))
        .where(*where)
        .order_by(order, col(Customer.id))
        .offset(query.offset)
        .limit(PAGE_SIZE)
    )
    count = (
        select(func.count())
        .select_from(Customer)
        .outerjoin(CustomerLifecycle, col(CustomerLifecycle.customer_id) == col(Customer.id))
        .where(*where)
    )
    rows = (await db.exec(stmt)).all()
    total = int((await db.exec(count)).one())
    erased = await erasures(db, [(c.shop_id, c.id) for c, *_ in rows])
    out = []
    for customer, life, seen, convs in rows:
        shop = settings[customer.shop_id]
        out.append(
            CustomerRow(
                id=customer.id,
                shop_id=customer.shop_id,
                label=customer_label(customer),
                name=customer.name,
                email=customer.email,
                external_id=customer.external_id,
                stage=effective_stage(customer, life, shop, now),
                score=score_at(
                    Engagement(customer.engagement_sum, customer.engagement_at),
                    life.orders if life else 0,
                    now,
                    shop,
                ),
                last_activity=seen,
                orders=life.orders if life else 0,
                conversations=int(convs or 0),
                erased_at=erased.get(customer.id),
            )
        )
    return CustomerPage(out, total, query)
