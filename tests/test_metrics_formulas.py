"""Each metric formula against numbers worked out by hand (and two published CLV figures)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from assistant.metrics import formulas as f
from assistant.metrics.clv import (
    BgNbd,
    GammaGamma,
    Summary,
    fit_bgnbd,
    occasions,
    summaries,
)


def test_rates_and_order_values() -> None:
    # The articles' examples: 100 conversions of 2,000 interactions is 5 %.
    assert f.rate(100, 2000) == 0.05
    assert f.rate(3, 0) is None
    # 300,000 revenue over 5,000 orders: AOV 60.
    assert f.aov(Decimal("300000"), 5000) == Decimal("60.00")
    assert f.aov(Decimal("10"), 3) == Decimal("3.33")
    assert f.aov(Decimal("0"), 0) is None
    # 12 orders by 4 buyers: 3 orders each.
    assert f.purchase_frequency(12, 4) == 3.0
    # Buyers with 1, 2, 5 and 1 orders: 2 of 4 bought again.
    assert f.repeat_purchase_rate([1, 2, 5, 1]) == 0.5
    assert f.repeat_purchase_rate([]) is None


def test_clv_formula_and_lifespan() -> None:
    # Jim in the article: 12 purchases a year, AOV 50, retained 8 years: CLV 4,800.
    assert f.clv_formula(Decimal("50"), 12.0, 8.0) == Decimal("4800.00")
    assert f.clv_formula(None, 12.0, 8.0) is None
    # A yearly churn of 25 % means customers stay 4 years on average.
    assert f.lifespan_years(0.25, 365) == pytest.approx(4.0)
    # 10 % churn per 30 days compounds to 1 - 0.9^(365/30) = 0.7226 a year: 1.384 years.
    assert f.lifespan_years(0.1, 30) == pytest.approx(1 / (1 - 0.9 ** (365 / 30)))
    assert f.lifespan_years(0.0, 30) is None
    assert f.lifespan_years(None, 30) is None


def test_churn_and_retention() -> None:
    # a, b, c, d bought last period; b and d again now (e is new): churn 2 of 4.
    assert f.churn_rate({"a", "b", "c", "d"}, {"b", "d", "e"}) == 0.5
    assert f.churn_rate(set(), {"e"}) is None


def test_nps_and_csat() -> None:
    # 10, 9, 9 promoters; 8, 7 passive; 6, 0 detractors: (3 - 2) / 7 = 14.29.
    assert f.nps([10, 9, 9, 8, 7, 6, 0]) == pytest.approx(100 / 7)
    assert f.nps([10, 10]) == 100.0
    assert f.nps([]) is None
    # 5, 4, 4 satisfied of 5 ratings: 60 %.
    assert f.csat([5, 4, 4, 3, 1]) == 60.0
    assert f.csat([]) is None


def test_cac() -> None:
    # Company A in the article: 100,000 for 5,000 new customers = 20 each.
    assert f.cac(Decimal("100000"), 5000) == Decimal("20.00")
    assert f.cac(None, 10) is None
    assert f.cac(Decimal("100"), 0) is None


def test_cohort_retention() -> None:
    first = {"a": 0, "b": 0, "c": 0, "d": 1}
    active = {"a": {0, 1, 2}, "b": {0, 2}, "c": {0}, "d": {1, 2}}
    table = f.cohort_retention(first, active, horizon=2)
    # Cohort 0: a in month 1 (1/3); a and b in month 2 (2/3). Cohort 1: d in month 2.
    assert table[0] == pytest.approx([1 / 3, 2 / 3])
    assert table[1] == [1.0, 0.0]


def test_bgnbd_matches_the_published_example() -> None:
    # Fader, Hardie & Lee (2005): CDNOW parameters; a customer with x=2, t_x=30.43,
    # T=38.86 weeks is expected to buy 1.226 times in the next 39 weeks.
    model = BgNbd(r=0.243, alpha=4.414, a=0.793, b=2.426)
    expected = model.expected_purchases(np.array([2.0]), np.array([30.43]), np.array([38.86]), 39)
    assert expected[0] == pytest.approx(1.226, abs=0.001)
    alive = model.p_alive(np.array([0.0, 2.0]), np.array([0.0, 30.43]), np.array([38.86] * 2))
    assert alive[0] == 1.0 and 0 < alive[1] < 1


def test_gamma_gamma_shrinks_towards_the_population_mean() -> None:
    model = GammaGamma(p=6.25, q=3.74, v=15.44)
    population = 6.25 * 15.44 / 2.74  # 35.22
    x = np.array([0.0, 1.0, 10.0])
    m = np.array([0.0, 100.0, 100.0])
    spend = model.expected_spend(x, m)
    assert spend[0] == pytest.approx(population)
    # One purchase of 100: weight p / (p + q - 1) = 6.25 / 8.99 on the customer's own mean.
    w = 6.25 / (6.25 + 2.74)
    assert spend[1] == pytest.approx((1 - w) * population + w * 100)
    assert population < spend[1] < spend[2] < 100


def test_summaries_and_occasions() -> None:
    items = [(0.0, 10.0), (1.0, 5.0), (20.0, 30.0), (30.0, 8.0)]
    assert occasions(items, 7.0) == [(0.0, 15.0), (20.0, 30.0), (30.0, 8.0)]
    s = summaries({"a": occasions(items, 7.0)}, 40.0)["a"]
    assert s == Summary(frequency=2, recency=30.0, age=40.0, monetary=19.0)


def test_bgnbd_fit_recovers_a_simulated_population() -> None:
    rng = np.random.default_rng(7)
    r, alpha, a, b = 0.5, 10.0, 1.0, 3.0
    customers = []
    for _ in range(4000):
        lam = rng.gamma(r, 1 / alpha)
        p = rng.beta(a, b)
        t, times = 0.0, [0.0]
        while True:
            t += rng.exponential(1 / lam)
            if t > 52:
                break
            times.append(t)
            if rng.random() < p:
                break
        customers.append(Summary(len(times) - 1, times[-1], 52.0))
    fitted = fit_bgnbd(customers)
    assert fitted.r == pytest.approx(r, rel=0.25)
    assert fitted.a / (fitted.a + fitted.b) == pytest.approx(a / (a + b), rel=0.25)
