"""One customer's lifetime value by the articles' formula, AOV × purchase frequency ×
expected lifespan (:func:`assistant.metrics.formulas.clv_formula`), with the customer's own
order value and purchase rate and the shop's lifespan:

- AOV: the customer's revenue / orders (cancelled and refunded orders left out);
- frequency: orders per year since the first order, counting at least one year (a first
  order last week is not 52 orders a year);
- lifespan: 1 / yearly churn of the shop, the churn being the share of last year's buyers
  (365–730 days ago) who did not buy in the year since; in a shop's first year, the buyers
  of the first half against the second half (as in the shop's metrics).

The BG/NBD model of :mod:`assistant.metrics.clv` is fitted on all of a shop's customers at
once; refitting it for every profile shown would cost seconds on a large shop, so the
profile uses the formula and the shop's metrics report keeps the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.lifecycle.rules import REVERSED
from assistant.metrics import formulas as f
from assistant.storage.models import Purchase

YEAR = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class CustomerValue:
    orders: int
    revenue: Decimal
    aov: Decimal | None
    frequency_per_year: float | None
    lifespan_years: float | None
    clv: Decimal | None


def customer_value(
    orders: int,
    revenue: Decimal,
    first_order_at: datetime | None,
    now: datetime,
    churn: float | None,
    churn_days: float,
) -> CustomerValue:
    """Pure: the formula on one customer's orders and the shop's churn."""
    aov = f.aov(revenue, orders)
    frequency = None
    if orders and first_order_at is not None:
        years = max((now - first_order_at) / YEAR, 1.0)
        frequency = orders / years
    lifespan = f.lifespan_years(churn, churn_days)
    return CustomerValue(
        orders=orders,
        revenue=revenue.quantize(Decimal("0.01")),
        aov=aov,
        frequency_per_year=frequency,
        lifespan_years=lifespan,
        clv=f.clv_formula(aov, frequency, lifespan),
    )


def _counted(shop_id: str) -> list[Any]:
    return [Purchase.shop_id == shop_id, col(Purchase.status).not_in(sorted(REVERSED))]


async def _churn(
    db: AsyncSession, shop_id: str, start: datetime, middle: datetime, end: datetime
) -> float | None:
    """Of the buyers in [start, middle), the share without an order in [middle, end)."""
    later = aliased(Purchase)
    again = (
        select(later.order_id)
        .where(
            later.shop_id == shop_id,
            later.customer_id == Purchase.customer_id,
            col(later.created_at) >= middle,
            col(later.created_at) < end,
            col(later.status).not_in(sorted(REVERSED)),
        )
        .exists()
    )
    earlier = [
        *_counted(shop_id),
        col(Purchase.created_at) >= start,
        col(Purchase.created_at) < middle,
    ]
    buyers = (
        await db.exec(select(func.count(func.distinct(Purchase.customer_id))).where(*earlier))
    ).one()
    if not buyers:
        return None
    stayed = (
        await db.exec(
            select(func.count(func.distinct(Purchase.customer_id))).where(*earlier, again)
        )
    ).one()
    return 1.0 - int(stayed) / int(buyers)


async def load_customer_value(
    db: AsyncSession, shop_id: str, customer_id: str, now: datetime
) -> CustomerValue:
    orders, revenue, first = (
        await db.exec(
            select(
                func.count(),
                func.coalesce(func.sum(Purchase.total), 0),
                func.min(Purchase.created_at),
            ).where(*_counted(shop_id), Purchase.customer_id == customer_id)
        )
    ).one()
    churn = await _churn(db, shop_id, now - 2 * YEAR, now - YEAR, now)
    churn_days = 365.0
    if churn is None:  # the shop's first year: first half against second half
        churn = await _churn(db, shop_id, now - YEAR, now - YEAR / 2, now)
        churn_days = 182.5
    if isinstance(first, str):  # SQLite hands back min() of a time column as text
        first = datetime.fromisoformat(first).replace(tzinfo=now.tzinfo)
    return customer_value(int(orders), Decimal(str(revenue)), first, now, churn, churn_days)
