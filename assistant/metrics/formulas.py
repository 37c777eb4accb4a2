"""The metrics' formulas, as the lifecycle articles define them, on plain numbers. ``None``
means "not defined for this data" (a rate over nothing), never a made-up zero."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal


def rate(part: float, whole: float) -> float | None:
    """``part / whole`` as a fraction, ``None`` when there is nothing to divide by."""
    return None if not whole else part / whole


def aov(revenue: Decimal, orders: int) -> Decimal | None:
    """Average order value: revenue / orders."""
    return None if orders == 0 else (revenue / orders).quantize(Decimal("0.01"))


def purchase_frequency(orders: int, buyers: int) -> float | None:
    """Orders per buying customer in the period."""
    return rate(orders, buyers)


def repeat_purchase_rate(orders_per_buyer: Iterable[int]) -> float | None:
    """Share of buyers with two orders or more."""
    counts = list(orders_per_buyer)
    return rate(sum(1 for n in counts if n >= 2), len(counts))


def clv_formula(
    aov_: Decimal | None, frequency_per_year: float | None, lifespan_years: float | None
) -> Decimal | None:
    """The articles' CLV: AOV × purchase frequency (per year) × expected lifespan (years)."""
    if aov_ is None or frequency_per_year is None or lifespan_years is None:
        return None
    value = aov_ * Decimal(str(frequency_per_year)) * Decimal(str(lifespan_years))
    return value.quantize(Decimal("0.01"))


def lifespan_years(churn: float | None, period_days: float) -> float | None:
    """Expected customer lifespan from the churn of one period: 1 / yearly churn, with the
    period's churn compounded to a year."""
    if churn is None or period_days <= 0:
        return None
    if churn <= 0:
        return None  # nobody left: the data cannot say how long customers stay
    yearly = 1.0 - (1.0 - min(churn, 1.0)) ** (365.0 / period_days)
    return float(1.0 / yearly)


def churn_rate(previous_buyers: set[str], current_buyers: set[str]) -> float | None:
    """Of the customers who bought in the previous period, the share who did not buy in
    this one. Retention is ``1 - churn``."""
    if not previous_buyers:
        return None
    return len(previous_buyers - current_buyers) / len(previous_buyers)


def nps(scores: Sequence[int]) -> float | None:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6), -100..100."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def csat(scores: Sequence[int]) -> float | None:
    """Customer satisfaction: % of 1-5 ratings that are 4 or 5."""
    if not scores:
        return None
    return 100.0 * sum(1 for s in scores if s >= 4) / len(scores)


def cac(spend: Decimal | None, new_customers: int) -> Decimal | None:
    """Cost per acquisition: marketing spend / new customers (only where spend was entered)."""
    if spend is None or new_customers == 0:
        return None
    return (spend / new_customers).quantize(Decimal("0.01"))


def cohort_retention(
    first_month: Mapping[str, int], active_months: Mapping[str, set[int]], horizon: int = 12
) -> dict[int, list[float | None]]:
    """Monthly cohorts by first purchase. ``first_month``: customer -> month index of the
    first order; ``active_months``: customer -> month indexes with an order. Returns
    cohort -> [share of the cohort ordering in month +1, +2, ..., +horizon]."""
    cohorts: dict[int, list[str]] = {}
    for customer, month in first_month.items():
        cohorts.setdefault(month, []).append(customer)
    table: dict[int, list[float | None]] = {}
    for month, members in sorted(cohorts.items()):
        row: list[float | None] = []
        for k in range(1, horizon + 1):
            active = sum(1 for c in members if month + k in active_months.get(c, set()))
            row.append(active / len(members))
        table[month] = row
    return table
